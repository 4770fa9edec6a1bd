package dev.calor.edgebridge.status;

import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.DeviceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/** The current {@link DeviceState} of every configured patch; tells subscribers when one changes. */
public final class StatusBoard {

    private final String bridgeId;
    private final Clock clock;
    private final ToLongFunction<String> bufferDepth;
    private final Map<String, DeviceState> states = new ConcurrentHashMap<>();
    private final List<Consumer<DeviceState>> subscribers = new CopyOnWriteArrayList<>();

    public StatusBoard(String bridgeId, List<String> deviceIds, Clock clock, ToLongFunction<String> bufferDepth) {
        this.bridgeId = bridgeId;
        this.clock = clock;
        this.bufferDepth = bufferDepth;
        deviceIds.forEach(id -> states.put(id, DeviceState.initial(id)));
    }

    public void subscribe(Consumer<DeviceState> subscriber) {
        subscribers.add(subscriber);
    }

    public DeviceState get(String deviceId) {
        return states.getOrDefault(deviceId, DeviceState.initial(deviceId));
    }

    public Map<String, DeviceState> all() {
        return Map.copyOf(states);
    }

    /** Applies a change; subscribers hear about it only when the state really changed. */
    public void update(String deviceId, UnaryOperator<DeviceState> change) {
        DeviceState before = get(deviceId);
        DeviceState after =
                states.compute(deviceId, (id, old) -> change.apply(old == null ? DeviceState.initial(id) : old));
        if (!after.equals(before)) {
            subscribers.forEach(s -> s.accept(after));
        }
    }

    /** The protobuf status of a patch, as published retained and carried in every batch. */
    public DeviceStatus toProto(String deviceId) {
        DeviceState state = get(deviceId);
        Instant now = clock.instant();
        DeviceStatus.Builder status = DeviceStatus.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setDeviceId(deviceId)
                .setBridgeId(bridgeId)
                .setLinkState(
                        switch (state.link()) {
                            case ONLINE -> dev.calor.proto.v1.LinkState.LINK_STATE_ONLINE;
                            case STALE -> dev.calor.proto.v1.LinkState.LINK_STATE_STALE;
                            default -> dev.calor.proto.v1.LinkState.LINK_STATE_DISCONNECTED;
                        })
                .setTimeUnixNs(TimeConversions.toNanos(now))
                .setBufferDepth(bufferDepth.applyAsLong(deviceId))
                .setFaultFlags(state.faultFlags())
                .setFirmwareVersion(state.firmwareVersion())
                .setSampleIntervalS(state.sampleIntervalSeconds());
        state.battery().ifPresent(status::setBatteryPercent);
        state.rssiDbm().ifPresent(status::setRssiDbm);
        return status.build();
    }

    /** The status published as the MQTT will: the bridge is gone. */
    public DeviceStatus offline(String deviceId) {
        return toProto(deviceId).toBuilder()
                .setLinkState(dev.calor.proto.v1.LinkState.LINK_STATE_OFFLINE)
                .build();
    }
}
