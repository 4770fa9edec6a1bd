package dev.calor.worker.alert;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The one-line text a caregiver reads, e.g. "Fever 38.6 °C (core est.) since 02:14 UTC, patch P-0001". */
public final class AlertMessages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm zzz", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("d MMM HH:mm zzz", Locale.ROOT);

    private AlertMessages() {}

    public static String describe(Alert a, ZoneId zone, Instant now) {
        String what = label(a.getKind());
        String value =
                a.hasValueCelsius() ? String.format(Locale.ROOT, " %.1f °C (core est.)", a.getValueCelsius()) : "";
        if (a.getKind() == AlertKind.ALERT_KIND_LOW_BATTERY && a.hasBatteryPercent()) {
            value = " " + a.getBatteryPercent() + " %";
        }
        String since = at(a.getEpisodeStartUnixNs(), zone, now);
        String text =
                switch (a.getTransition()) {
                    case ALERT_TRANSITION_RAISED -> what + value + " since " + since;
                    case ALERT_TRANSITION_REMINDER -> "Still: " + what + value + ", since " + since;
                    case ALERT_TRANSITION_UPDATED -> "Now: " + what + value + " (episode since " + since + ")";
                    case ALERT_TRANSITION_ACKNOWLEDGED ->
                        what + " (since " + since + ") acknowledged by " + a.getAcknowledgedBy();
                    case ALERT_TRANSITION_ESCALATED ->
                        "Unacknowledged: " + what + value + " since " + since + " (escalation " + a.getEscalationLevel()
                                + ")";
                    case ALERT_TRANSITION_CLEARED ->
                        what + " over" + value + " at " + at(a.getEventTimeUnixNs(), zone, now) + " (since " + since
                                + ")";
                    default -> what;
                };
        String patch = a.getDeviceId().isEmpty() ? "" : ", patch " + a.getDeviceId();
        return text + patch + (a.getLate() ? " [late: from a delayed backlog]" : "");
    }

    static String label(AlertKind kind) {
        return switch (kind) {
            case ALERT_KIND_FEVER -> "Fever";
            case ALERT_KIND_HIGH_FEVER -> "High fever";
            case ALERT_KIND_HYPERPYREXIA -> "Hyperpyrexia (dangerously high temperature)";
            case ALERT_KIND_HYPOTHERMIA -> "Low body temperature";
            case ALERT_KIND_RAPID_RISE -> "Rapid temperature rise";
            case ALERT_KIND_ABOVE_BASELINE -> "Temperature well above this patient's usual";
            case ALERT_KIND_NO_DATA -> "No data from the patch";
            case ALERT_KIND_SENSOR_DETACHED -> "Patch detached";
            case ALERT_KIND_LOW_BATTERY -> "Patch battery low";
            case ALERT_KIND_LOW_SKIN_TEMPERATURE -> "Low skin reading (poor contact or a cold room? check the patch)";
            default -> kind.name();
        };
    }

    private static String at(long ns, ZoneId zone, Instant now) {
        Instant t = Instant.ofEpochSecond(0, ns);
        boolean sameDay = Math.abs(now.getEpochSecond() - t.getEpochSecond()) < 20 * 3600;
        return (sameDay ? TIME : DAY_TIME).format(t.atZone(zone));
    }

    static boolean isClear(Alert a) {
        return a.getTransition() == AlertTransition.ALERT_TRANSITION_CLEARED;
    }
}
