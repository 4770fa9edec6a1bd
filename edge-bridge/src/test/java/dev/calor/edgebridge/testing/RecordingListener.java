package dev.calor.edgebridge.testing;

import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.PatchHello;
import dev.calor.edgebridge.transport.PatchListener;
import dev.calor.edgebridge.transport.RejectReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback of a transport. */
public final class RecordingListener implements PatchListener {

    public final List<PatchHello> hellos = new CopyOnWriteArrayList<>();
    public final List<Measurement> measurements = new CopyOnWriteArrayList<>();
    public final List<Integer> battery = new CopyOnWriteArrayList<>();
    public final List<Integer> faults = new CopyOnWriteArrayList<>();
    public final List<LinkState> links = new CopyOnWriteArrayList<>();
    public final List<String> linkDetails = new CopyOnWriteArrayList<>();
    public final List<RejectReason> rejected = new CopyOnWriteArrayList<>();
    /** When set, the next measurement throws it instead of being recorded (a failing listener). */
    public final java.util.concurrent.atomic.AtomicReference<RuntimeException> failNextMeasurement =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public void onHello(PatchHello hello) {
        hellos.add(hello);
    }

    @Override
    public void onMeasurement(Measurement measurement) {
        RuntimeException failure = failNextMeasurement.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        measurements.add(measurement);
    }

    @Override
    public void onBattery(String deviceId, int percent) {
        battery.add(percent);
    }

    @Override
    public void onFaultStatus(String deviceId, int faultFlags) {
        faults.add(faultFlags);
    }

    @Override
    public void onLinkState(String deviceId, LinkState state, String detail) {
        links.add(state);
        linkDetails.add(state + ": " + detail);
    }

    @Override
    public void onFrameRejected(String deviceId, RejectReason reason, String detail) {
        rejected.add(reason);
    }

    public long onlineCount() {
        return links.stream().filter(l -> l == LinkState.ONLINE).count();
    }

    public long distinctSequences() {
        return measurements.stream().mapToLong(Measurement::sequence).distinct().count();
    }
}
