package dev.calor.broker.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Binds each MQTT client id to the first user that authenticated with it, so one user cannot take over
 * another user's session (a persistent session resumes with the subscriptions and queued messages of its
 * owner). Held in memory: the binding starts afresh when the broker restarts.
 */
public final class ClientIdRegistry {

    private static final int MAX_CLIENT_IDS = 2_000_000;

    private final ConcurrentMap<String, String> owners = new ConcurrentHashMap<>();

    /** Whether {@code username} may use {@code clientId}; the first user to ask becomes its owner. */
    public boolean claim(String clientId, String username) {
        if (owners.size() >= MAX_CLIENT_IDS && !owners.containsKey(clientId)) {
            owners.clear();
        }
        String owner = owners.putIfAbsent(clientId, username);
        return owner == null || owner.equals(username);
    }

    /** The client ids owned by any of {@code usernames}. */
    public java.util.List<String> clientIdsOf(java.util.Set<String> usernames) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        owners.forEach((clientId, owner) -> {
            if (usernames.contains(owner)) {
                ids.add(clientId);
            }
        });
        return ids;
    }
}
