package dev.calor.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calor.app.CareAppException;
import dev.calor.proto.v1.AlertThresholds;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AlertThresholds parse(String json) throws Exception {
        return Thresholds.parse(JSON.readTree(json), "P-1");
    }

    @Test
    void acceptsCalorDurationsAndStoresThemAsProtobufDurations() throws Exception {
        AlertThresholds t = parse("{\"feverCelsius\": 38.2, \"feverSustain\": \"5m\", \"reminderInterval\": \"1h\"}");
        assertThat(t.getFeverCelsius()).isEqualTo(38.2);
        assertThat(t.getFeverSustain().getSeconds()).isEqualTo(300);
        assertThat(t.getReminderInterval().getSeconds()).isEqualTo(3600);
        assertThat(t.hasHighFeverCelsius()).isFalse();
    }

    @Test
    void listsEveryProblemOnce() {
        CareAppException e = catchThrowableOfType(
                CareAppException.class,
                () -> parse("{\"feverCelsius\": 42, \"hypothermiaCelsius\": 20, \"noDataAfter\": \"forever\"}"));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.errors())
                .containsExactlyInAnyOrder(
                        "feverCelsius must be between 37.5 and 39.5",
                        "hypothermiaCelsius must be between 33.0 and 36.0",
                        "noDataAfter must be a duration such as 10m, at most 24h");
    }

    @Test
    void refusesASetTheAlertEngineWouldRefuse() {
        CareAppException e = catchThrowableOfType(
                CareAppException.class, () -> parse("{\"feverCelsius\": 38.0, \"feverClearCelsius\": 38.5}"));
        assertThat(e.errors()).anyMatch(p -> p.contains("feverClearCelsius"));
    }

    @Test
    void refusesUnknownFieldsSoATypoIsNotSilentlyIgnored() {
        CareAppException e = catchThrowableOfType(CareAppException.class, () -> parse("{\"feverCelcius\": 38.0}"));
        assertThat(e.errors()).singleElement().asString().contains("feverCelcius");
    }

    @Test
    void showsStoredDurationsInCalorSyntax() throws Exception {
        var view = Thresholds.view(parse("{\"feverSustain\": \"90s\", \"reminderInterval\": \"600s\"}"), JSON);
        assertThat(view).containsEntry("feverSustain", "90s").containsEntry("reminderInterval", "10m");
    }
}
