package dev.calor.worker.consume.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.calor.proto.v1.Alert;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.state.StateFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of the alert-state changelog: what the alert engine remembers of a patient and the latest
 * transition of each of its open episodes (what the retained {@code PatientAlertState} shows caregivers),
 * protobuf-encoded, the whole in the {@link StateFormat} of the single-node SQLite store. Records an
 * earlier version wrote in plain JSON are still read (a compacted topic keeps them until the patient's
 * next commit).
 */
public record ChangelogEntry(PatientAlertState state, List<byte[]> openEpisodes) {

    public ChangelogEntry {
        openEpisodes = openEpisodes == null ? List.of() : List.copyOf(openEpisodes);
    }

    static ChangelogEntry of(PatientAlertState state, List<Alert> open) {
        return new ChangelogEntry(state, open.stream().map(Alert::toByteArray).toList());
    }

    List<Alert> openAlerts() {
        List<Alert> out = new ArrayList<>();
        for (byte[] b : openEpisodes) {
            try {
                out.add(Alert.parseFrom(b));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("undecodable open episode of " + state.patientId(), e);
            }
        }
        return out;
    }

    byte[] toBytes() {
        try {
            return StateFormat.encode(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the alert state of " + state.patientId(), e);
        }
    }

    static ChangelogEntry parse(byte[] bytes) throws IOException {
        return StateFormat.decode(bytes, ChangelogEntry.class);
    }
}
