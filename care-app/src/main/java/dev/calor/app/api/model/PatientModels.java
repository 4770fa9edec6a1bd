package dev.calor.app.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Bodies of the patient operations: summaries, readings, history, alerts, thresholds. */
public final class PatientModels {

    private PatientModels() {}

    public record NewPatient(String patientId, String displayName, String timeZone) {}

    public record Reading(Instant time, Double coreCelsius, Double celsius, String site, String deviceId) {}

    /** A live {@code backlog} event: readings of minutes that were stored after the stream had passed them. */
    public record Backlog(List<Reading> readings) {}

    public record AlertView(
            String alertId,
            String episodeId,
            String patientId,
            String kind,
            String family,
            String transition,
            String severity,
            Instant time,
            Instant episodeStart,
            Double valueCelsius,
            Double thresholdCelsius,
            String message,
            String acknowledgedBy,
            int escalationLevel,
            boolean late) {}

    public record PatientSummary(
            String patientId,
            String displayName,
            String timeZone,
            String role,
            Reading current,
            String state,
            List<AlertView> openEpisodes) {}

    public record HistoryPoint(Instant time, Double coreCelsius, Double minCelsius, Double maxCelsius) {}

    public record History(String patientId, Instant from, Instant to, String resolution, List<HistoryPoint> points) {}

    public record AlertList(List<AlertView> alerts) {}

    public record AckRequest(String note) {}

    public record AckAccepted(String episodeId, String acknowledgedBy) {}

    public record Bound(double min, double max, double defaultValue) {}

    /** Thresholds in the registry's AlertThresholds JSON (unset = engine default) and the allowed ranges. */
    public record ThresholdsView(Map<String, Object> thresholds, Map<String, Bound> bounds) {}
}
