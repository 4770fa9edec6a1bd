package dev.calor.broker.authz;

import dev.calor.broker.auth.ClientIdentity;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which patients each caregiver identity may read, from the care-circle registry. A caregiver logs in
 * either with a password as the user name of its MQTT channel, or with a token whose subject is its
 * caregiver id; the two name spaces are kept apart.
 */
public final class CareCircleIndex {

    private static final CareCircleIndex EMPTY = new CareCircleIndex(Map.of(), Map.of(), Map.of());

    private final Map<String, Set<String>> patientsByUsername;
    private final Map<String, Set<String>> patientsByCaregiverId;
    private final Map<String, Set<String>> caregiverIdsByUsername;

    private CareCircleIndex(
            Map<String, Set<String>> patientsByUsername,
            Map<String, Set<String>> patientsByCaregiverId,
            Map<String, Set<String>> caregiverIdsByUsername) {
        this.patientsByUsername = patientsByUsername;
        this.patientsByCaregiverId = patientsByCaregiverId;
        this.caregiverIdsByUsername = caregiverIdsByUsername;
    }

    public static CareCircleIndex empty() {
        return EMPTY;
    }

    public static CareCircleIndex of(CareCircleRegistry registry) {
        Map<String, Set<String>> byUsername = new HashMap<>();
        Map<String, Set<String>> byId = new HashMap<>();
        Map<String, Set<String>> idsByUsername = new HashMap<>();
        for (Caregiver caregiver : registry.getCaregiversList()) {
            if (!caregiver.getCaregiverId().isEmpty()) {
                byId.computeIfAbsent(caregiver.getCaregiverId(), u -> new HashSet<>())
                        .addAll(caregiver.getPatientIdsList());
            }
            for (Channel channel : caregiver.getChannelsList()) {
                String username = channel.hasMqtt() ? channel.getMqtt().getUsername() : "";
                if (!username.isEmpty()) {
                    byUsername.computeIfAbsent(username, u -> new HashSet<>()).addAll(caregiver.getPatientIdsList());
                    if (!caregiver.getCaregiverId().isEmpty()) {
                        idsByUsername
                                .computeIfAbsent(username, u -> new HashSet<>())
                                .add(caregiver.getCaregiverId());
                    }
                }
            }
        }
        return new CareCircleIndex(freeze(byUsername), freeze(byId), freeze(idsByUsername));
    }

    private static Map<String, Set<String>> freeze(Map<String, Set<String>> index) {
        Map<String, Set<String>> frozen = new HashMap<>();
        index.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return Map.copyOf(frozen);
    }

    public boolean mayRead(ClientIdentity who, String patientId) {
        return patientsOf(who).contains(patientId);
    }

    public Set<String> patientsOf(ClientIdentity who) {
        return (who.tokenSubject() ? patientsByCaregiverId : patientsByUsername).getOrDefault(who.name(), Set.of());
    }

    /** The caregiver ids (registry) an identity acts as: its subject, or those of its MQTT channel. */
    public Set<String> caregiverIdsOf(ClientIdentity who) {
        if (who.tokenSubject()) {
            return patientsByCaregiverId.containsKey(who.name()) ? Set.of(who.name()) : Set.of();
        }
        return caregiverIdsByUsername.getOrDefault(who.name(), Set.of());
    }
}
