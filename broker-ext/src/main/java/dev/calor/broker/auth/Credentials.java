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
}
