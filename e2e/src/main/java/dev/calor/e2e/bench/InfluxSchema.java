package dev.calor.e2e.bench;

/** The InfluxDB series the ingest worker writes, as the benchmark counts them. */
final class InfluxSchema {

    static final String MEASUREMENT = "body_temperature";
    /** Present on every point, also when the temperature is a sensor special value. */
    static final String FIELD = "seq";

    static final String DEVICE_TAG = "device_id";

    private InfluxSchema() {}

    static String countByPrefix(String devicePrefix) {
        return "SELECT count(\"" + FIELD + "\") FROM \"" + MEASUREMENT + "\" WHERE \"" + DEVICE_TAG + "\" =~ /^"
                + devicePrefix.replace("-", "\\-").replace(".", "\\.") + "/";
    }

    static String countOf(String deviceId) {
        return "SELECT count(\"" + FIELD + "\") FROM \"" + MEASUREMENT + "\" WHERE \"" + DEVICE_TAG + "\" = '"
                + deviceId + "'";
    }
}
