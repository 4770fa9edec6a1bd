package dev.calor.worker.delivery;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.PatientAlertState;
import dev.calor.worker.state.AlertStore;
import dev.calor.worker.state.Delivery;
import java.time.Clock;
import java.time.Instant;

/**
 * The retained {@code PatientAlertState} on {@code calor/v1/patients/{p}/alerts/state}: the latest
 * transition of every open episode, what a caregiver opening an app sees first. It is built from the
 * store when sent, so it is always the newest picture, whichever alert queued it.
 */
public final class MqttStateChannel implements AlertChannel {

    private final MqttAlertPublisher mqtt;
    private final AlertStore store;
    private final Clock clock;

    public MqttStateChannel(MqttAlertPublisher mqtt, AlertStore store, Clock clock) {
        this.mqtt = mqtt;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String name() {
        return Delivery.STATE;
    }

    @Override
    public void send(Delivery d, Alert alert) throws InterruptedException {
        Instant now = clock.instant();
        PatientAlertState state = PatientAlertState.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setPatientId(alert.getPatientId())
                .addAllOpenEpisodes(store.openEpisodes(alert.getPatientId()))
                .setUpdatedTimeUnixNs(now.getEpochSecond() * 1_000_000_000L + now.getNano())
                .build();
        mqtt.publish(d.target(), state.toByteArray(), true, "calor.v1.PatientAlertState");
    }
}
