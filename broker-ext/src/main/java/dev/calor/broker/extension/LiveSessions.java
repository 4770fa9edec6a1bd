package dev.calor.broker.extension;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The identity behind every connected client id, kept from the connection lifecycle events, so the
 * sessions of a revoked user can be closed. It holds only live connections (bounded by the broker's
 * connection limit); it decides nothing about who may use a client id (that is {@code ClientIdRule}).
 */
final class LiveSessions {

    private final ConcurrentMap<String, String> identityByClientId = new ConcurrentHashMap<>();

    void connected(String clientId, String identity) {
        identityByClientId.put(clientId, identity);
    }

    void disconnected(String clientId) {
        identityByClientId.remove(clientId);
    }

    List<String> clientIdsOf(Set<String> identities) {
        return identityByClientId.entrySet().stream()
                .filter(e -> identities.contains(e.getValue()))
                .map(java.util.Map.Entry::getKey)
                .toList();
    }
}
