package dev.calor.edgebridge.transport.ble;

import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.PatchHello;
import dev.calor.edgebridge.transport.PatchListener;
import dev.calor.edgebridge.transport.RejectReason;

/** Passes every callback on; tests override what they need. */
class ForwardingListener implements PatchListener {

    private final PatchListener delegate;

    ForwardingListener(PatchListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onHello(PatchHello hello) {
        delegate.onHello(hello);
    }

    @Override
    public void onMeasurement(Measurement measurement) {
        delegate.onMeasurement(measurement);
    }

    @Override
    public void onBattery(String deviceId, int percent) {
        delegate.onBattery(deviceId, percent);
    }

    @Override
    public void onFaultStatus(String deviceId, int faultFlags) {
        delegate.onFaultStatus(deviceId, faultFlags);
    }

    @Override
    public void onLinkState(String deviceId, LinkState state, String detail) {
        delegate.onLinkState(deviceId, state, detail);
    }

    @Override
    public void onFrameRejected(String deviceId, RejectReason reason, String detail) {
        delegate.onFrameRejected(deviceId, reason, detail);
    }
}
