package dev.calor.app.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calor.app.CareAppException;
import dev.calor.app.api.model.PatientModels.AlertView;
import dev.calor.app.api.model.PatientModels.History;
import dev.calor.app.api.model.PatientModels.HistoryPoint;
import dev.calor.app.api.model.PatientModels.Reading;
import dev.calor.proto.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A patient's temperatures and alerts as the worker stored them ({@code body_temperature} in the raw
 * policy, {@code body_temperature_1m} in the roll-up policy, {@code alerts}). Ranges up to {@link
 * #RAW_LIMIT} come raw; longer ones from the one-minute roll-up, grouped further when they would exceed
 * {@link #MAX_POINTS} points, so a phone never downloads a year of seconds.
 */
public final class Temperatures {

    public static final Duration RAW_LIMIT = Duration.ofHours(6);
    public static final Duration MAX_RANGE = Duration.ofDays(400);
    public static final int MAX_POINTS = 2000;
    private static final Duration OPEN_EPISODE_LOOKBACK = Duration.ofDays(7);

    private final InfluxReader influx;
    private final String rawPolicy;
    private final String rollupPolicy;
    private final Clock clock;

    public Temperatures(InfluxReader influx, String rawPolicy, String rollupPolicy, Clock clock) {
        this.influx = influx;
        this.rawPolicy = rawPolicy;
        this.rollupPolicy = rollupPolicy;
        this.clock = clock;
    }

    /** The latest reading of the last 24 h. */
    public Optional<Reading> current(String patientId) {
        List<Reading> r =
                readings(patientId, clock.instant().minus(Duration.ofHours(24)), "ORDER BY time DESC LIMIT 1");
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Readings with a sample time after {@code after}, oldest first. */
    public List<Reading> readingsAfter(String patientId, Instant after) {
        return readings(patientId, after, "ORDER BY time ASC LIMIT 1000");
    }

    /** Readings with a sample time in {@code [from, to)}, oldest first. */
    public List<Reading> readingsBetween(String patientId, Instant from, Instant to, int limit) {
        return readings(patientId, "time >= " + ns(from) + " AND time < " + ns(to), "ORDER BY time ASC LIMIT " + limit);
    }

    /** Readings stored per {@code bucket} of sample time in {@code [from, to]}: bucket start (ns) to count. */
    public Map<Long, Long> readingsPerBucket(String patientId, Instant from, Instant to, Duration bucket) {
        return perBucket("count(seq)", from(rawPolicy, "body_temperature"), patientId, from, to, bucket);
    }

    /** Alert transitions stored per {@code bucket} of event time in {@code [from, to]}. */
    public Map<Long, Long> alertsPerBucket(String patientId, Instant from, Instant to, Duration bucket) {
        return perBucket("count(alert_id)", from(rollupPolicy, "alerts"), patientId, from, to, bucket);
    }

    private Map<Long, Long> perBucket(
            String count, String measurement, String patientId, Instant from, Instant to, Duration bucket) {
        String q = "SELECT " + count + " FROM " + measurement + " WHERE " + patient(patientId) + " AND time >= "
                + ns(from) + " AND time <= " + ns(to) + " GROUP BY time(" + bucket.toSeconds() + "s) fill(none)";
        Map<Long, Long> out = new LinkedHashMap<>();
        for (Map<String, JsonNode> row : influx.rows(q)) {
            out.put(row.get("time").asLong(), row.get("count").asLong());
        }
        return out;
    }

    private List<Reading> readings(String patientId, Instant after, String tail) {
        return readings(patientId, "time > " + ns(after), tail);
    }

    private List<Reading> readings(String patientId, String timeCondition, String tail) {
        String q = "SELECT core_celsius, celsius, site, device_id FROM " + from(rawPolicy, "body_temperature")
                + " WHERE " + patient(patientId) + " AND " + timeCondition + " " + tail;
        List<Reading> out = new ArrayList<>();
        for (Map<String, JsonNode> row : influx.rows(q)) {
            out.add(new Reading(
                    instant(row.get("time")),
                    dbl(row.get("core_celsius")),
                    dbl(row.get("celsius")),
                    text(row.get("site")),
                    text(row.get("device_id"))));
        }
        return out;
    }

    public History history(String patientId, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw CareAppException.invalid("'to' must be after 'from'", List.of("to"));
        }
        Duration range = Duration.between(from, to);
        if (range.compareTo(MAX_RANGE) > 0) {
            throw CareAppException.invalid(
                    "a history range is at most " + MAX_RANGE.toDays() + " days", List.of("from"));
        }
        String where = " WHERE " + patient(patientId) + " AND time >= " + ns(from) + " AND time < " + ns(to);
        List<HistoryPoint> points = new ArrayList<>();
        String resolution;
        if (range.compareTo(RAW_LIMIT) <= 0) {
            resolution = "raw";
            for (Map<String, JsonNode> row :
                    influx.rows("SELECT core_celsius FROM " + from(rawPolicy, "body_temperature") + where)) {
                Double v = dbl(row.get("core_celsius"));
                points.add(new HistoryPoint(instant(row.get("time")), v, v, v));
            }
        } else {
            long minutes = Math.max(1, (long) Math.ceil(range.toMinutes() / (double) MAX_POINTS));
            resolution = minutes + "m";
            String q = "SELECT mean(core_mean) AS mean, min(core_min) AS min, max(core_max) AS max FROM "
                    + from(rollupPolicy, "body_temperature_1m") + where + " GROUP BY time(" + minutes + "m) fill(none)";
            for (Map<String, JsonNode> row : influx.rows(q)) {
                points.add(new HistoryPoint(
                        instant(row.get("time")), dbl(row.get("mean")), dbl(row.get("min")), dbl(row.get("max"))));
            }
        }
        points.sort(Comparator.comparing(HistoryPoint::time));
        return new History(patientId, from, to, resolution, points);
    }

    /** Alert transitions, newest first. */
    public List<AlertView> alerts(String patientId, Instant from, Instant to, int limit) {
        String q = "SELECT * FROM " + from(rollupPolicy, "alerts") + " WHERE " + patient(patientId) + " AND time >= "
                + ns(from) + " AND time < " + ns(to) + " ORDER BY time DESC LIMIT " + limit;
        return influx.rows(q).stream().map(row -> alert(patientId, row)).toList();
    }

    /** Alert transitions with an event time after {@code after}, oldest first. */
    public List<AlertView> alertsAfter(String patientId, Instant after) {
        String q = "SELECT * FROM " + from(rollupPolicy, "alerts") + " WHERE " + patient(patientId) + " AND time > "
                + ns(after) + " ORDER BY time ASC LIMIT 100";
        return influx.rows(q).stream().map(row -> alert(patientId, row)).toList();
    }

    /** The latest transition of every episode of the last week that has not cleared. */
    public List<AlertView> openEpisodes(String patientId) {
        Instant now = clock.instant();
        Map<String, AlertView> latest = new LinkedHashMap<>();
        List<AlertView> all =
                new ArrayList<>(alerts(patientId, now.minus(OPEN_EPISODE_LOOKBACK), now.plusSeconds(60), 1000));
        all.sort(Comparator.comparing(AlertView::time));
        for (AlertView a : all) {
            String key = a.episodeId() != null ? a.episodeId() : a.kind() + "@" + a.episodeStart();
            latest.put(key, a);
        }
        return latest.values().stream()
                .filter(a -> !"CLEARED".equals(a.transition()))
                .toList();
    }

    /** The colour a patient is shown in: the most severe open episode, else normal or no data. */
    public static String state(List<AlertView> open, boolean hasCurrent) {
        List<String> order = List.of(
                "HYPERPYREXIA",
                "HIGH_FEVER",
                "HYPOTHERMIA",
                "FEVER",
                "RAPID_RISE",
                "LOW_SKIN_TEMPERATURE",
                "NO_DATA",
                "SENSOR_DETACHED",
                "LOW_BATTERY");
        for (String kind : order) {
            if (open.stream().anyMatch(a -> kind.equals(a.kind()))) {
                return kind.toLowerCase().replace('_', '-');
            }
        }
        return hasCurrent ? "normal" : "unknown";
    }

    private static AlertView alert(String patientId, Map<String, JsonNode> row) {
        String alertId = text(row.get("alert_id"));
        String episodeId = row.containsKey("episode_id") ? text(row.get("episode_id")) : episodeOf(alertId);
        String[] parts = episodeId == null ? new String[0] : episodeId.split(":");
        return new AlertView(
                alertId,
                episodeId,
                patientId,
                text(row.get("kind")),
                parts.length == 3 ? parts[1] : null,
                text(row.get("transition")),
                text(row.get("severity")),
                instant(row.get("time")),
                row.containsKey("episode_start_ns") ? instant(row.get("episode_start_ns")) : null,
                dbl(row.get("value_celsius")),
                dbl(row.get("threshold_celsius")),
                text(row.get("message")),
                text(row.get("acknowledged_by")),
                row.containsKey("escalation_level")
                        ? row.get("escalation_level").asInt()
                        : 0,
                row.containsKey("late") && row.get("late").asBoolean());
    }

    /** The worker's alert ids are {@code {episodeId}:{step}} (see the worker's AlertIds). */
    static String episodeOf(String alertId) {
        if (alertId == null || alertId.lastIndexOf(':') <= 0) {
            return null;
        }
        return alertId.substring(0, alertId.lastIndexOf(':'));
    }

    /** Whether an episode id names an episode of this patient ({@code {patientId}:{FAMILY}:{startNs}}). */
    public static boolean isEpisodeOf(String episodeId, String patientId) {
        String[] parts = episodeId.split(":");
        return parts.length == 3
                && parts[0].equals(patientId)
                && parts[1].matches("[A-Z_]{1,32}")
                && parts[2].matches("\\d{1,20}");
    }

    private static String patient(String patientId) {
        if (!Topics.isValidId(patientId)) {
            throw new IllegalArgumentException("not a patient id: " + patientId);
        }
        return "patient_id = '" + patientId + "'";
    }

    private static String from(String policy, String measurement) {
        return policy == null || policy.isEmpty() ? measurement : "\"" + policy.replace("\"", "") + "\"." + measurement;
    }

    private static String ns(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano() + "";
    }

    private static Instant instant(JsonNode ns) {
        long v = ns.asLong();
        return Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000_000L), Math.floorMod(v, 1_000_000_000L));
    }

    private static Double dbl(JsonNode n) {
        return n == null || !n.isNumber() ? null : n.asDouble();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
