package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadShapeTest {

    @Test
    void aPublishCarriesTheReadingsOfOneBridgeInterval() {
        assertThat(LoadShape.bridgeDefaults(Duration.ofSeconds(2)).readingsPerPublish())
                .isEqualTo(5);
        assertThat(LoadShape.bridgeDefaults(Duration.ofSeconds(3)).readingsPerPublish())
                .isEqualTo(3);
    }

    @Test
    void aPatchReadingLessOftenThanTheBridgePublishesStillSendsOneReadingPerPublish() {
        assertThat(LoadShape.bridgeDefaults(Duration.ofSeconds(60)).readingsPerPublish())
                .isEqualTo(1);
    }

    @Test
    void aPublishNeverCarriesMoreThanTheBridgesLargestBatch() {
        assertThat(new LoadShape(Duration.ofSeconds(10), Duration.ofMillis(1), 500).readingsPerPublish())
                .isEqualTo(500);
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> LoadShape.bridgeDefaults(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patch reading interval");
    }
}
