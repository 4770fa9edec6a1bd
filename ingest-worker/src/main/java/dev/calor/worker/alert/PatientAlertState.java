package dev.calor.worker.alert;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the alert engine remembers about one patient. Immutable; the engine returns a new one.
 * Persisted (Jackson, the window packed by {@link WindowCodec}) so that a restarted worker neither re-fires
 * nor forgets an episode.
 *
 * @param lastEvaluatedNs sample time of the newest reading evaluated; older readings (redeliveries,
 *     stragglers) are written to InfluxDB but not evaluated again
 * @param lastHeardNs worker time when the last new reading arrived (NO_DATA), or {@link RuleState#NONE}
 * @param lastStatusNs time of the newest device status evaluated (LOW_BATTERY)
 * @param deviceId the device of the newest reading
 * @param detachedFromCelsius the level a patch fell from when detachment was detected by its fall; a
 *     detached patch counts as attached again only near that level (null when not applicable)
 * @param runStartNs first usable reading since the last gap or detachment: a window is "covered" only
 *     when the run is at least as long as the window
 * @param levels each kind's own condition (active or not, with hysteresis); a missing kind is idle
 * @param episodes the current (or last) episode of each family
 * @param bucketNs width of the slots of {@code recent} (a change of rules restarts the window)
 * @param recent per-slot summaries over the longest look-back window
 * @param baseline the patient's rolling baseline, when the baseline-relative rule is on (else null)
 */
public record PatientAlertState(
        String patientId,
        long lastEvaluatedNs,
        long lastHeardNs,
        long lastStatusNs,
        String deviceId,
        Double detachedFromCelsius,
        long runStartNs,
        Map<AlertKind, RuleState> levels,
        Map<AlertFamily, Episode> episodes,
        long bucketNs,
        @JsonSerialize(using = WindowCodec.Serializer.class) @JsonDeserialize(using = WindowCodec.Deserializer.class)
                List<WindowBucket> recent,
        Baseline baseline) {

    /** Null-safe so that a state stored by an older version (other fields) loads as a fresh window. */
    public PatientAlertState {
        levels = levels == null ? Map.of() : Map.copyOf(levels);
        episodes = episodes == null ? Map.of() : Map.copyOf(episodes);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    public static PatientAlertState initial(String patientId) {
        return new PatientAlertState(
                patientId,
                RuleState.NONE,
                RuleState.NONE,
                RuleState.NONE,
                "",
                null,
                RuleState.NONE,
                Map.of(),
                Map.of(),
                0,
                List.of(),
                null);
    }

    /**
     * A rolling (exponentially weighted) mean of the patient's usable core estimates outside fever.
     *
     * @param sinceNs sample time of the first reading in it (it is trusted once it spans the rule's window)
     * @param updatedNs sample time of the last reading in it
     */
    public record Baseline(double celsius, long sinceNs, long updatedNs) {}

    /** This state, last heard of at {@code ns}. */
    public PatientAlertState heardAt(long ns) {
        return new PatientAlertState(
                patientId,
                lastEvaluatedNs,
                ns,
                lastStatusNs,
                deviceId,
                detachedFromCelsius,
                runStartNs,
                levels,
                episodes,
                bucketNs,
                recent,
                baseline);
    }

    public RuleState level(AlertKind kind) {
        return levels.getOrDefault(kind, RuleState.IDLE);
    }

    /** Whether the family has an open episode. */
    public boolean isOpen(AlertFamily family) {
        Episode e = episodes.get(family);
        return e != null && e.open();
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
        long runStartNs;
        long bucketNs;
        Baseline baseline;
        final Map<AlertKind, RuleState> levels = new EnumMap<>(AlertKind.class);
        final Map<AlertFamily, Episode> episodes = new EnumMap<>(AlertFamily.class);
        final List<WindowBucket> recent;

        Draft(PatientAlertState s) {
            patientId = s.patientId;
            lastEvaluatedNs = s.lastEvaluatedNs;
            lastHeardNs = s.lastHeardNs;
            lastStatusNs = s.lastStatusNs;
            deviceId = s.deviceId;
            detachedFromCelsius = s.detachedFromCelsius;
            runStartNs = s.runStartNs;
            bucketNs = s.bucketNs;
            baseline = s.baseline;
            levels.putAll(s.levels);
            episodes.putAll(s.episodes);
            recent = new ArrayList<>(s.recent);
        }

        RuleState level(AlertKind kind) {
            return levels.getOrDefault(kind, RuleState.IDLE);
        }

        boolean active(AlertKind kind) {
            return level(kind).active();
        }

        PatientAlertState build() {
            levels.values().removeIf(RuleState.IDLE::equals);
            return new PatientAlertState(
                    patientId,
                    lastEvaluatedNs,
                    lastHeardNs,
                    lastStatusNs,
                    deviceId,
                    detachedFromCelsius,
                    runStartNs,
                    levels,
                    episodes,
                    bucketNs,
                    recent,
                    baseline);
        }
    }
}
