package dev.calor.edgebridge.publish;

import static dev.calor.edgebridge.publish.RefusalPolicy.Decision.BACK_OFF;
import static dev.calor.edgebridge.publish.RefusalPolicy.Decision.ISOLATE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalPolicyTest {

    @Test
    void keepsAndResendsWhenTheBrokerThrottlesNoWorkerListensOrTheAclIsReloading() {
        assertThat(RefusalPolicy.decide(0x97, "rate-limited: 6 msg/s", 1_000)).isEqualTo(BACK_OFF);
        assertThat(RefusalPolicy.decide(0x10, "", 1_000)).isEqualTo(BACK_OFF);
        assertThat(RefusalPolicy.decide(0x87, "not-authorized: unknown device", 1_000))
                .isEqualTo(BACK_OFF);
        assertThat(RefusalPolicy.decide(0x91, "", 0)).isEqualTo(BACK_OFF);
    }

    @Test
    void keepsABatchRefusedAsAWholeBecauseSplittingItCannotHelp() {
        assertThat(RefusalPolicy.decide(0x99, "unsupported-schema-version: schema_version 9 is not in [1, 1]", 0))
                .isEqualTo(BACK_OFF);
        assertThat(RefusalPolicy.decide(0x99, "device-mismatch: payload device_id 'a' differs", 0))
                .isEqualTo(BACK_OFF);
        assertThat(RefusalPolicy.decide(0x99, "malformed: not a ReadingBatch", 0))
                .isEqualTo(BACK_OFF);
    }

    @Test
    void isolatesTheReadingsWhenTheRefusalNamesAReadingOrTheBatchSize() {
        assertThat(RefusalPolicy.decide(0x99, "value-out-of-range: readings[3].temperature_celsius 80.0", 0))
                .isEqualTo(ISOLATE);
        assertThat(RefusalPolicy.decide(0x99, "sample-too-old: readings[0].sample_time", 0))
                .isEqualTo(ISOLATE);
        assertThat(RefusalPolicy.decide(0x99, "payload-too-large: payload is 300000 bytes", 0))
                .isEqualTo(ISOLATE);
        assertThat(RefusalPolicy.decide(0x99, "", 0))
                .as("another broker's bare 0x99")
                .isEqualTo(ISOLATE);
    }

    @Test
    void resendsAPossiblyPassingBrokerErrorTwiceThenIsolatesTheReadingsThatTriggerIt() {
        assertThat(RefusalPolicy.decide(0x83, "internal-error: internal error", 0))
                .isEqualTo(BACK_OFF);
        assertThat(RefusalPolicy.decide(0x80, "", 1)).isEqualTo(BACK_OFF);
        assertThat(RefusalPolicy.decide(0x83, "", 2)).isEqualTo(ISOLATE);
    }

    @Test
    void countsOnlyFaultsNotFlowControlTowardsTheBreaker() {
        assertThat(RefusalPolicy.isFlowControl(0x97)).isTrue();
        assertThat(RefusalPolicy.isFlowControl(0x10)).isTrue();
        assertThat(RefusalPolicy.isFlowControl(0x87)).isFalse();
        assertThat(RefusalPolicy.isFlowControl(0x99)).isFalse();
    }

    @Test
    void countsARetainedStatusAnsweredNoMatchingSubscribersAsStoredButNotARealRefusal() {
        assertThat(RefusalPolicy.statusStored(0x00)).isTrue();
        assertThat(RefusalPolicy.statusStored(0x10)).isTrue();
        assertThat(RefusalPolicy.statusStored(0x87)).isFalse();
        assertThat(RefusalPolicy.statusStored(0x97)).isFalse();
    }
}
