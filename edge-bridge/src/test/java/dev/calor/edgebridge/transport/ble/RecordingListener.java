package dev.calor.edgebridge.transport.ble;

import dev.calor.edgebridge.transport.LinkState;
import dev.calor.edgebridge.transport.Measurement;
import dev.calor.edgebridge.transport.PatchHello;
import dev.calor.edgebridge.transport.PatchListener;
import dev.calor.edgebridge.transport.RejectReason;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything a transport reports, for assertions. */
final class RecordingListener implements PatchListener {

    final List<PatchHello> hellos = new CopyOnWriteArrayList<>();
    final List<Measurement> measurements = new CopyOnWriteArrayList<>();
    final List<Integer> batteries = new CopyOnWriteArrayList<>();
    final List<LinkState> links = new CopyOnWriteArrayList<>();
    final List<String> linkDetails = new CopyOnWriteArrayList<>();
    final List<RejectReason> rejects = new CopyOnWriteArrayList<>();

    @Override
    public void onHello(PatchHello hello) {
        hellos.add(hello);
    }

    @Override
    public void onMeasurement(Measurement measurement) {
        measurements.add(measurement);
    }

    @Override
    public void onBattery(String deviceId, int percent) {
        batteries.add(percent);
    }

    @Override
    public void onFaultStatus(String deviceId, int faultFlags) {}

    @Override
    public void onLinkState(String deviceId, LinkState state, String detail) {
        links.add(state);
        linkDetails.add(state + ": " + detail);
    }

    @Override
    public void onFrameRejected(String deviceId, RejectReason reason, String detail) {
        rejects.add(reason);
    }

    long onlineCount() {
        return links.stream().filter(l -> l == LinkState.ONLINE).count();
    }

    long distinctSequences() {
        return measurements.stream().mapToLong(Measurement::sequence).distinct().count();
    }
}
