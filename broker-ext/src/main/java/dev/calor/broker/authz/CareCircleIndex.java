package dev.calor.broker.authz;

import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Which patients each caregiver's MQTT user name may read alerts of, from the care-circle registry. */
public final class CareCircleIndex {

    private static final CareCircleIndex EMPTY = new CareCircleIndex(Map.of());

    private final Map<String, Set<String>> patientsByUsername;

    private CareCircleIndex(Map<String, Set<String>> patientsByUsername) {
        this.patientsByUsername = patientsByUsername;
    }

    public static CareCircleIndex empty() {
        return EMPTY;
    }

    public static CareCircleIndex of(CareCircleRegistry registry) {
        Map<String, Set<String>> index = new HashMap<>();
        for (Caregiver caregiver : registry.getCaregiversList()) {
            for (Channel channel : caregiver.getChannelsList()) {
                if (channel.hasMqtt() && !channel.getMqtt().getUsername().isEmpty()) {
                    index.computeIfAbsent(channel.getMqtt().getUsername(), u -> new HashSet<>())
                            .addAll(caregiver.getPatientIdsList());
                }
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        index.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return new CareCircleIndex(Map.copyOf(frozen));
    }

    public boolean mayRead(String username, String patientId) {
        return patientsByUsername.getOrDefault(username, Set.of()).contains(patientId);
    }

    public Set<String> patientsOf(String username) {
        return patientsByUsername.getOrDefault(username, Set.of());
    }
}
