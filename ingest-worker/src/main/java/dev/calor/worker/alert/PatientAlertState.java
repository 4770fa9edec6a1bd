package dev.calor.worker.alert;

import dev.calor.proto.v1.AlertKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the alert engine remembers about one patient. Immutable; the engine returns a new one.
 * Persisted as JSON so that a restarted worker neither re-fires nor forgets an episode.
 *
 * @param lastEvaluatedNs sample time of the newest reading evaluated; older readings (redeliveries,
 *     stragglers) are written to InfluxDB but not evaluated again
 * @param lastHeardNs worker time when the last new reading arrived (NO_DATA), or {@link RuleState#NONE}
 * @param lastStatusNs time of the newest device status evaluated (LOW_BATTERY)
 * @param deviceId the device of the newest reading
 * @param detachedFromCelsius the level a patch fell from when detachment was detected by its fall; a
 *     detached patch counts as attached again only near that level (null when not applicable)
 * @param rules each rule's state; a missing rule is {@link RuleState#IDLE}
 * @param recent per-minute min/max over the longest look-back window (rapid rise, detachment)
 */
public record PatientAlertState(
        String patientId,
        long lastEvaluatedNs,
        long lastHeardNs,
        long lastStatusNs,
        String deviceId,
        Double detachedFromCelsius,
        Map<AlertKind, RuleState> rules,
        List<MinuteBucket> recent) {

    public PatientAlertState {
        rules = Map.copyOf(rules);
        recent = List.copyOf(recent);
    }

    public static PatientAlertState initial(String patientId) {
        return new PatientAlertState(
                patientId, RuleState.NONE, RuleState.NONE, RuleState.NONE, "", null, Map.of(), List.of());
    }

    public RuleState rule(AlertKind kind) {
        return rules.getOrDefault(kind, RuleState.IDLE);
    }

    public boolean isActive(AlertKind kind) {
        return rule(kind).active();
    }

    /** A mutable working copy the engine fills while evaluating one input. */
    Draft draft() {
        return new Draft(this);
    }

    static final class Draft {
        final String patientId;
        long lastEvaluatedNs;
        long lastHeardNs;
        long lastStatusNs;
        String deviceId;
        Double detachedFromCelsius;
        final Map<AlertKind, RuleState> rules = new EnumMap<>(AlertKind.class);
        List<MinuteBucket> recent;

        Draft(PatientAlertState s) {
            patientId = s.patientId;
            lastEvaluatedNs = s.lastEvaluatedNs;
            lastHeardNs = s.lastHeardNs;
            lastStatusNs = s.lastStatusNs;
            deviceId = s.deviceId;
            detachedFromCelsius = s.detachedFromCelsius;
            rules.putAll(s.rules);
            recent = new ArrayList<>(s.recent);
        }

        RuleState rule(AlertKind kind) {
            return rules.getOrDefault(kind, RuleState.IDLE);
        }

        PatientAlertState build() {
            rules.values().removeIf(RuleState.IDLE::equals);
            return new PatientAlertState(
                    patientId,
                    lastEvaluatedNs,
                    lastHeardNs,
                    lastStatusNs,
                    deviceId,
                    detachedFromCelsius,
                    rules,
                    recent);
        }
    }
}
