package dev.calor.worker.consume;

import dev.calor.proto.v1.DeviceStatus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each patch's bridge last said about readings it still holds ({@code DeviceStatus.buffer_depth}
 * on the retained status topic). A patch whose bridge reports readings pending is not silent: its data
 * is on the way, so NO_DATA waits. Thread-safe: fed from MQTT threads, read by the alert pipeline.
 */
public final class DeviceBacklog {

    private final Map<String, Long> pending = new ConcurrentHashMap<>();

    public void onStatus(DeviceStatus s) {
        if (s.getDeviceId().isEmpty()) {
            return;
        }
        if (s.getBufferDepth() > 0) {
            pending.put(s.getDeviceId(), s.getBufferDepth());
        } else {
            pending.remove(s.getDeviceId());
        }
    }

    public boolean hasPending(String deviceId) {
        return pending.containsKey(deviceId);
    }
}
