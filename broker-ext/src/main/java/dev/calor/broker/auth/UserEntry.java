package dev.calor.broker.auth;

import java.util.Objects;

/**
 * One line of the credentials file.
 *
 * @param username the MQTT user name; for a DEVICE it is the device id
 * @param role what the user may do
 * @param passwordHash an encoded {@link PasswordHasher} hash, never the secret
 * @param enabled false when the user is disabled (refused at CONNECT, its sessions closed)
 */
public record UserEntry(String username, Role role, String passwordHash, boolean enabled) {

    public UserEntry {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    public UserEntry(String username, Role role, String passwordHash) {
        this(username, role, passwordHash, true);
    }

    public UserEntry withEnabled(boolean on) {
        return new UserEntry(username, role, passwordHash, on);
    }

    public UserEntry withHash(String hash) {
        return new UserEntry(username, role, hash, enabled);
    }

    @Override
    public String toString() {
        return "UserEntry[" + username + ", " + role + (enabled ? "" : ", disabled") + "]";
    }
}
