package dev.calor.worker.sink;

/** Names of the InfluxDB series the worker writes (the README documents them for backend engineers). */
public final class Schema {

    public static final String BODY_TEMPERATURE = "body_temperature";
    public static final String DEVICE_STATUS = "device_status";
    public static final String ALERTS = "alerts";
    /** Written by the 1.x continuous query into the long retention policy. */
    public static final String BODY_TEMPERATURE_1M = "body_temperature_1m";

    public static final String TAG_DEVICE = "device_id";
    public static final String TAG_PATIENT = "patient_id";
    public static final String TAG_SITE = "site";
    public static final String TAG_BRIDGE = "bridge_id";
    public static final String TAG_KIND = "kind";
    public static final String TAG_TRANSITION = "transition";
    public static final String TAG_SEVERITY = "severity";
    public static final String TAG_FAMILY = "family";

    public static final String ROLLUP_RETENTION_POLICY = "rollup_2y";

    private Schema() {}
}
