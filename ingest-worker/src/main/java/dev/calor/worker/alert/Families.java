package dev.calor.worker.alert;

import static dev.calor.proto.v1.AlertKind.ALERT_KIND_ABOVE_BASELINE;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_FEVER;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HIGH_FEVER;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPERPYREXIA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_HYPOTHERMIA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_LOW_BATTERY;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_LOW_SKIN_TEMPERATURE;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_NO_DATA;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_RAPID_RISE;
import static dev.calor.proto.v1.AlertKind.ALERT_KIND_SENSOR_DETACHED;

import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertSeverity;
import java.util.List;
import java.util.Map;

/**
 * Which kinds share one episode, and in which order of gravity: a fever that starts as a rapid rise and
 * climbs to high fever is one FEVER-family episode whose leading kind (and severity) moves with it.
 */
public final class Families {

    /** Kinds of each family, least grave first; the leading kind of an episode is its gravest active kind. */
    static final Map<AlertFamily, List<AlertKind>> LEVELS = Map.of(
            AlertFamily.ALERT_FAMILY_FEVER,
                    List.of(
                            ALERT_KIND_RAPID_RISE,
                            ALERT_KIND_ABOVE_BASELINE,
                            ALERT_KIND_FEVER,
                            ALERT_KIND_HIGH_FEVER,
                            ALERT_KIND_HYPERPYREXIA),
            AlertFamily.ALERT_FAMILY_HYPOTHERMIA, List.of(ALERT_KIND_LOW_SKIN_TEMPERATURE, ALERT_KIND_HYPOTHERMIA),
            AlertFamily.ALERT_FAMILY_NO_DATA, List.of(ALERT_KIND_NO_DATA),
            AlertFamily.ALERT_FAMILY_SENSOR, List.of(ALERT_KIND_SENSOR_DETACHED),
            AlertFamily.ALERT_FAMILY_BATTERY, List.of(ALERT_KIND_LOW_BATTERY));

    /** Families driven by readings, in the order their transitions are emitted. */
    static final List<AlertFamily> READING_FAMILIES = List.of(
            AlertFamily.ALERT_FAMILY_NO_DATA,
            AlertFamily.ALERT_FAMILY_SENSOR,
            AlertFamily.ALERT_FAMILY_FEVER,
            AlertFamily.ALERT_FAMILY_HYPOTHERMIA);

    private Families() {}

    public static AlertFamily of(AlertKind kind) {
        for (Map.Entry<AlertFamily, List<AlertKind>> e : LEVELS.entrySet()) {
            if (e.getValue().contains(kind)) {
                return e.getKey();
            }
        }
        throw new IllegalArgumentException("no family for " + kind);
    }

    public static AlertSeverity severityOf(AlertKind kind) {
        return switch (kind) {
            case ALERT_KIND_HIGH_FEVER, ALERT_KIND_HYPERPYREXIA, ALERT_KIND_HYPOTHERMIA ->
                AlertSeverity.ALERT_SEVERITY_CRITICAL;
            case ALERT_KIND_LOW_BATTERY -> AlertSeverity.ALERT_SEVERITY_INFO;
            default -> AlertSeverity.ALERT_SEVERITY_WARNING;
        };
    }

    public static boolean isCritical(AlertKind kind) {
        return severityOf(kind) == AlertSeverity.ALERT_SEVERITY_CRITICAL;
    }

    /** FEVER for ALERT_FAMILY_FEVER. */
    public static String shortName(AlertFamily family) {
        return family.name().substring("ALERT_FAMILY_".length());
    }
}
