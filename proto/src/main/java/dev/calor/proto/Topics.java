package dev.calor.proto;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The MQTT topic tree of Calor v1 and the stable device-to-shard mapping. Every module builds and
 * parses topics here, so a topic is spelled in exactly one place.
 */
public final class Topics {

    public static final String ROOT = "calor/v1";
    public static final int DEFAULT_SHARD_COUNT = 16;
    public static final int MAX_SHARD_COUNT = 1024;

    /** Device, patient and caregiver ids: safe in a topic level, a file name and an InfluxDB tag. */
    /** Longest id: {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. */
    private static final int MAX_ID_LENGTH = 64;

    private Topics() {}

    /**
     * Whether {@code id} matches {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. Checked on every publish, so by a
     * loop over its characters rather than a regular expression.
     */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    public static String readings(String deviceId) {
        return ROOT + "/devices/" + requireId(deviceId) + "/readings";
    }

    public static String status(String deviceId) {
        return ROOT + "/devices/" + requireId(deviceId) + "/status";
    }

    public static String deviceRoot(String deviceId) {
        return ROOT + "/devices/" + requireId(deviceId) + "/";
    }

    public static String deadLetter(String deviceId) {
        return ROOT + "/dlq/" + requireId(deviceId);
    }

    public static String alerts(String patientId) {
        return ROOT + "/patients/" + requireId(patientId) + "/alerts";
    }

    /** Retained {@code PatientAlertState}: the patient's open episodes, published by the worker. */
    public static String alertState(String patientId) {
        return alerts(patientId) + "/state";
    }

    /** {@code EpisodeAck} published by the patient's caregivers; the worker subscribes to {@link #ALERT_ACK_FILTER}. */
    public static String alertAck(String patientId) {
        return alerts(patientId) + "/ack";
    }

    /** Every patient's acknowledgements. */
    public static final String ALERT_ACK_FILTER = ROOT + "/patients/+/alerts/ack";

    public static String ingest(int shard, String deviceId) {
        return ROOT + "/ingest/" + shard + "/" + requireId(deviceId);
    }

    /** The filter a worker subscribes to for one shard it owns. */
    public static String ingestFilter(int shard) {
        return ROOT + "/ingest/" + shard + "/+";
    }

    /**
     * The shard of a device: CRC-32 (IEEE 802.3, as {@link CRC32}) of the UTF-8 device id, unsigned,
     * modulo the shard count. Stable across JVMs, releases and languages.
     */
    public static int shardOf(String deviceId, int shardCount) {
        if (shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
            throw new IllegalArgumentException("shard count must be in [1, " + MAX_SHARD_COUNT + "]: " + shardCount);
        }
        CRC32 crc = new CRC32();
        crc.update(requireId(deviceId).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shardCount);
    }

    /** The device id of a {@code calor/v1/devices/{id}/readings} topic, if the topic is one. */
    public static Optional<String> deviceOfReadings(String topic) {
        return deviceOf(topic, "/readings");
    }

    /** The device id of a {@code calor/v1/devices/{id}/status} topic, if the topic is one. */
    public static Optional<String> deviceOfStatus(String topic) {
        return deviceOf(topic, "/status");
    }

    /** The device id of a {@code calor/v1/ingest/{shard}/{id}} topic, if the topic is one. */
    public static Optional<String> deviceOfIngest(String topic) {
        String prefix = ROOT + "/ingest/";
        if (!topic.startsWith(prefix)) {
            return Optional.empty();
        }
        String[] rest = topic.substring(prefix.length()).split("/", -1);
        return rest.length == 2 && isValidId(rest[1]) ? Optional.of(rest[1]) : Optional.empty();
    }

    /** The patient id of a {@code calor/v1/patients/{id}/alerts} topic, if the topic is one. */
    public static Optional<String> patientOfAlerts(String topic) {
        String prefix = ROOT + "/patients/";
        if (!topic.startsWith(prefix) || !topic.endsWith("/alerts")) {
            return Optional.empty();
        }
        String id = topic.substring(prefix.length(), topic.length() - "/alerts".length());
        return isValidId(id) ? Optional.of(id) : Optional.empty();
    }

    /** The patient id of a {@code calor/v1/patients/{id}/alerts/ack} topic, if the topic is one. */
    public static Optional<String> patientOfAlertAck(String topic) {
        return patientOfAlerts(
                topic.endsWith("/alerts/ack") ? topic.substring(0, topic.length() - "/ack".length()) : "");
    }

    private static Optional<String> deviceOf(String topic, String suffix) {
        String prefix = ROOT + "/devices/";
        if (!topic.startsWith(prefix) || !topic.endsWith(suffix)) {
            return Optional.empty();
        }
        String id = topic.substring(prefix.length(), topic.length() - suffix.length());
        return isValidId(id) ? Optional.of(id) : Optional.empty();
    }

    private static String requireId(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a valid Calor id: '" + id + "'");
        }
        return id;
    }
}
