package dev.calor.broker.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.calor.broker.config.ConfigException;
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

    /** Room for 100 000+ users; SnakeYAML's default would refuse a file above 3 MiB (~22 000 users). */
    private static final int MAX_FILE_CODE_POINTS = 64 * 1024 * 1024;

    private static final ObjectMapper YAML = new ObjectMapper(
            YAMLFactory.builder().loaderOptions(loaderOptions()).build());

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
        return options;
    }

    private CredentialsFile() {}

    /**
     * Parses the file, reporting every problem at once.
     *
     * @throws ConfigException listing every invalid entry
     */
    public static Credentials read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": " + e.getMessage()));
        }
        List<String> errors = new ArrayList<>();
        Map<String, UserEntry> users = new LinkedHashMap<>();
        JsonNode list = root == null ? null : root.get("users");
        if (list == null || !list.isArray()) {
            throw new ConfigException(List.of(file + ": must contain a list 'users'"));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode u = list.get(i);
            String where = file.getFileName() + ": users[" + i + "]";
            String username = text(u, "username");
            String roleText = text(u, "role");
            String hash = text(u, "password-hash");
            Role role = null;
            if (username == null || username.isBlank()) {
                errors.add(where + ": username is required");
            } else if (users.containsKey(username)) {
                errors.add(where + ": username '" + username + "' appears twice");
            }
            if (roleText == null) {
                errors.add(where + ": role is required (device, worker, caregiver, operator)");
            } else {
                try {
                    role = Role.valueOf(roleText.trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    errors.add(where + ": role must be device, worker, caregiver or operator, was '" + roleText + "'");
                }
            }
            if (role != null && role != Role.WORKER && username != null && ClientIdRule.reservedForWorkers(username)) {
                errors.add(where + ": only a worker's username may start with " + ClientIdRule.WORKER_PREFIX);
            }
            Boolean disabled = null;
            JsonNode d = u == null ? null : u.get("disabled");
            if (d != null && !d.isNull()) {
                if (d.isBoolean()) {
                    disabled = d.asBoolean();
                } else {
                    errors.add(where + ": disabled must be true or false");
                }
            }
            if (role == Role.DEVICE && username != null && !Topics.isValidId(username)) {
                errors.add(
                        where + ": a device username is its device id and must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
            }
            String problem = PasswordHasher.problemWith(hash);
            if (problem != null) {
                errors.add(where + ": " + problem);
            }
            if (u != null && u.isObject()) {
                u.fieldNames().forEachRemaining(name -> {
                    if (!List.of("username", "role", "password-hash", "disabled")
                            .contains(name)) {
                        errors.add(where + ": unknown property " + name);
                    }
                });
            }
            if (username != null && role != null && problem == null && !users.containsKey(username)) {
                users.put(username, new UserEntry(username, role, hash, !Boolean.TRUE.equals(disabled)));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
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

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
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
