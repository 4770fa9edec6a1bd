package dev.calor.broker.auth;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of the credentials file. */
public final class Credentials {

    private final Map<String, UserEntry> users;

    public Credentials(Map<String, UserEntry> users) {
        this.users = Map.copyOf(users);
    }

    public Optional<UserEntry> find(String username) {
        return Optional.ofNullable(users.get(username));
    }

    public Collection<UserEntry> users() {
        return users.values();
    }

    public int size() {
        return users.size();
    }

    /**
     * Users of this snapshot that are missing from {@code next}, disabled there, or have another role or
     * secret there: their open sessions must close.
     */
    public java.util.Set<String> revokedIn(Credentials next) {
        java.util.Set<String> revoked = new java.util.HashSet<>();
        users.forEach((name, entry) -> {
            UserEntry now = next.users.get(name);
            if (now == null
                    || !now.enabled()
                    || now.role() != entry.role()
                    || !now.passwordHash().equals(entry.passwordHash())) {
                revoked.add(name);
            }
        });
        return revoked;
    }
}
