package dev.calor.broker.auth;

import dev.calor.config.ConfigException;
import dev.calor.config.ConfigFile;
import dev.calor.config.ConfigNode;
import dev.calor.proto.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the credentials file:
 *
 * <pre>
 * users:
 *   - username: patch-0001
 *     role: device
 *     password-hash: hmac-sha256$...$...
 *   - username: ops
 *     role: operator
 *     password-hash: argon2id$v=19$m=19456,t=2,p=1$...$...
 *     disabled: true          # optional: refused at CONNECT, open sessions closed at the next reload
 * </pre>
 *
 * Administered with {@code ./calor broker users add|disable|enable|rotate|list}.
 *
 * Tests of every module write one with {@link #builder()}.
 */
public final class CredentialsFile {

    private CredentialsFile() {}

    /**
     * Parses the file, reporting every problem at once.
     *
     * @throws ConfigException listing every invalid entry
     */
    public static Credentials read(Path file) {
        return ConfigFile.load(file, CredentialsFile::read);
    }

    private static Credentials read(ConfigNode root) {
        if (!root.has("users")) {
            root.problem("users", "is required: the list of users");
        }
        Map<String, UserEntry> users = new LinkedHashMap<>();
        for (ConfigNode u : root.list("users")) {
            Optional<String> username = u.required("username");
            Role role = u.enumValue("role", Role.class, null);
            if (!u.has("role")) {
                u.problem("role", "is required (device, worker, caregiver or operator)");
            }
            String hash = u.string("password-hash", null);
            boolean enabled = !u.bool("disabled", false);
            username.filter(users::containsKey).ifPresent(n -> u.problem("username", "'" + n + "' appears twice"));
            if (role != null
                    && role != Role.WORKER
                    && username.filter(ClientIdRule::reservedForWorkers).isPresent()) {
                u.problem("username", "only a worker's username may start with " + ClientIdRule.WORKER_PREFIX);
            }
            if (role == Role.DEVICE
                    && username.filter(n -> !Topics.isValidId(n)).isPresent()) {
                u.problem(
                        "username",
                        "a device username is its device id and must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
            }
            String problem = PasswordHasher.problemWith(hash);
            if (problem != null) {
                u.problem("password-hash", problem);
            }
            if (username.isPresent() && role != null && problem == null && !users.containsKey(username.get())) {
                users.put(username.get(), new UserEntry(username.get(), role, hash, enabled));
            }
        }
        return new Credentials(users);
    }

    /** Writes the file atomically (write to a sibling, then rename), so a reloading broker never sees half. */
    public static void write(Path file, List<UserEntry> users) {
        StringBuilder yaml =
                new StringBuilder("# Calor broker credentials. Edit with: ./calor broker users --help\nusers:\n");
        for (UserEntry u : users) {
            yaml.append("  - username: ").append(quote(u.username())).append('\n');
            yaml.append("    role: ")
                    .append(u.role().name().toLowerCase(Locale.ROOT))
                    .append('\n');
            yaml.append("    password-hash: ").append(quote(u.passwordHash())).append('\n');
            if (!u.enabled()) {
                yaml.append("    disabled: true\n");
            }
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".credentials", ".tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write credentials file " + file, e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /**
     * Writes a credentials file for tests and tools:
     * {@code CredentialsFile.builder().device("patch-0001", "pw").worker("worker-1", "pw").write(path)}.
     */
    public static final class Builder {
        private final List<String[]> entries = new ArrayList<>();
        private final PasswordHasher hasher = new PasswordHasher();
        private int iterations;

        private Builder() {}

        public Builder device(String deviceId, String password) {
            return user(deviceId, Role.DEVICE, password);
        }

        public Builder worker(String username, String password) {
            return user(username, Role.WORKER, password);
        }

        public Builder caregiver(String username, String password) {
            return user(username, Role.CAREGIVER, password);
        }

        public Builder operator(String username, String password) {
            return user(username, Role.OPERATOR, password);
        }

        public Builder user(String username, Role role, String password) {
            entries.add(new String[] {username, role.name(), password});
            return this;
        }

        /**
         * Writes PBKDF2 hashes (Calor 0.1's format) with {@code count} iterations instead of the default:
         * keyed hashes for devices and workers, cheap Argon2id for caregivers and operators.
         */
        public Builder iterations(int count) {
            this.iterations = count;
            return this;
        }

        public List<UserEntry> build() {
            List<UserEntry> users = new ArrayList<>();
            for (String[] e : entries) {
                Role role = Role.valueOf(e[1]);
                char[] secret = e[2].toCharArray();
                String hash = iterations > 0 ? hasher.hash(secret, iterations) : hasher.hashForTests(role, secret);
                users.add(new UserEntry(e[0], role, hash));
            }
            return users;
        }

        /** Writes the file (atomically replacing an existing one) and returns its path. */
        public Path write(Path file) {
            CredentialsFile.write(file, build());
            return file;
        }
    }
}
