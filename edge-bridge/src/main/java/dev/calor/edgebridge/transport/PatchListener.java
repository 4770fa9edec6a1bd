package dev.calor.edgebridge.transport;

/**
 * What a {@link PatchTransport} reports. Implemented by the bridge. Callbacks for one transport are never
 * concurrent. An implementation must not throw; a transport that catches an exception from a callback
 * logs it and carries on.
 */
public interface PatchListener {

    /** The patch identified itself (serial HELLO, BLE Device Information read after connecting). */
    void onHello(PatchHello hello);

    /**
     * A temperature measurement. The bridge stores it durably and then calls {@link
     * PatchTransport#acknowledge(long, long)}; a duplicate (same device, boot epoch and sequence) is
     * acknowledged again but stored once.
     */
    void onMeasurement(Measurement measurement);

    /** Battery level in percent, 0..100. */
    void onBattery(String deviceId, int percent);

    /** The patch's fault bits, a bitwise OR of {@code dev.calor.proto.v1.DeviceFault} values (0 = none). */
    void onFaultStatus(String deviceId, int faultFlags);

    /** The link went up or down. {@code detail} says why, for logs (e.g. "port vanished"). */
    void onLinkState(String deviceId, LinkState state, String detail);

    /** A frame or payload was received but could not be used; it has been dropped. */
    void onFrameRejected(String deviceId, RejectReason reason, String detail);

    /**
     * Where the patch's store of {@code bootEpoch} starts: the oldest reading it still holds (serial STATUS
     * header sequence minus readings held, BLE Store Status). Readings before it can no longer be resent.
     */
    default void onStoreStart(String deviceId, long bootEpoch, long firstHeld) {}

    /** Received signal strength (BLE); transports without one never call it. */
    default void onSignalStrength(String deviceId, int rssiDbm) {}
}
