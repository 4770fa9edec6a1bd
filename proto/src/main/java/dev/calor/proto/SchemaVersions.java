package dev.calor.proto;

/** Schema versions written into {@code schema_version} fields, and the range readers accept. */
public final class SchemaVersions {

    /** What this release writes into ReadingBatch, DeviceStatus and Alert. */
    public static final int CURRENT = 1;
    /** The oldest version this release still reads. */
    public static final int OLDEST_SUPPORTED = 1;

    private SchemaVersions() {}

    public static boolean isSupported(int version) {
        return version >= OLDEST_SUPPORTED && version <= CURRENT;
    }
}
