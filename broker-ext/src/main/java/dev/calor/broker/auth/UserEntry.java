package dev.calor.broker.auth;

import java.util.Objects;

/**
 * One line of the credentials file.
 *
 * @param username the MQTT user name; for a DEVICE it is the device id
 * @param role what the user may do
 * @param passwordHash an encoded {@link PasswordHasher} hash, never the password
 */
public record UserEntry(String username, Role role, String passwordHash) {

    public UserEntry {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        return "UserEntry[" + username + ", " + role + "]";
    }
}
