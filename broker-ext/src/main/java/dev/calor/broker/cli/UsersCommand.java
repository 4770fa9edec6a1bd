package dev.calor.broker.cli;

import dev.calor.broker.auth.Credentials;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.auth.PasswordHasher;
import dev.calor.broker.auth.Role;
import dev.calor.broker.auth.UserEntry;
import dev.calor.config.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./calor broker users add|disable|enable|rotate|list --file FILE}: administers the credentials
 * file. Every change rewrites the file atomically; a running broker applies it at its next reload
 * (disabled or rotated users' connections are closed then).
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = {
            "Administers the broker's credentials file; a running broker picks up each change at its next reload.",
            "Secrets are read as one line from standard input, or made with --generate (printed once)."
        },
        subcommands = {
            UsersCommand.Add.class,
            UsersCommand.Disable.class,
            UsersCommand.Enable.class,
            UsersCommand.Rotate.class,
            UsersCommand.ListUsers.class
        })
public final class UsersCommand {

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The credentials file.")
    Path file;

    abstract static class Change implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Option(names = "--username", required = true, paramLabel = "NAME")
        String username;

        final List<UserEntry> read() {
            if (!Files.exists(parent.file)) {
                return new ArrayList<>();
            }
            Credentials c = CredentialsFile.read(parent.file);
            return new ArrayList<>(c.users().stream()
                    .sorted(java.util.Comparator.comparing(UserEntry::username))
                    .toList());
        }

        final Optional<UserEntry> find(List<UserEntry> users) {
            return users.stream().filter(u -> u.username().equals(username)).findFirst();
        }

        final void write(List<UserEntry> users) {
            CredentialsFile.write(parent.file, users);
            try {
                CredentialsFile.read(parent.file);
            } catch (ConfigException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public final Integer call() throws IOException {
            try {
                return change();
            } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }

        abstract int change() throws IOException;

        final int setEnabled(boolean on) {
            List<UserEntry> users = read();
            Optional<UserEntry> user = find(users);
            if (user.isEmpty()) {
                System.err.println("no user '" + username + "' in " + parent.file);
                return 2;
            }
            users.set(users.indexOf(user.get()), user.get().withEnabled(on));
            write(users);
            return 0;
        }

        /** The new secret's hash, or null (after telling why) when no acceptable secret was given. */
        static String secretHash(Role role, boolean generate) throws IOException {
            PasswordHasher hasher = new PasswordHasher();
            String secret;
            if (generate) {
                secret = hasher.generateSecret();
                System.out.println(secret);
            } else {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    System.err.println("no secret on standard input (or use --generate)");
                    return null;
                }
                secret = line;
            }
            if (PasswordHasher.machineRole(role) && secret.length() < 22) {
                System.err.println("a " + role.name().toLowerCase(Locale.ROOT)
                        + " secret is verified with a fast hash and must be machine-generated: at least 22"
                        + " characters of 128 random bits (use --generate)");
                return null;
            }
            if (!PasswordHasher.machineRole(role) && secret.length() < 12) {
                System.err.println("a password must have at least 12 characters");
                return null;
            }
            return hasher.hashFor(role, secret.toCharArray());
        }
    }

    @Command(name = "add", description = "Adds a user (creates the file if absent).")
    static final class Add extends Change {
        @Option(names = "--role", required = true, description = "device | worker | caregiver | operator")
        String role;

        @Option(names = "--generate", description = "Make a random secret and print it.")
        boolean generate;

        @Override
        int change() throws IOException {
            Role r;
            try {
                r = Role.valueOf(role.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("--role must be device, worker, caregiver or operator");
                return 2;
            }
            List<UserEntry> users = read();
            if (find(users).isPresent()) {
                System.err.println("user '" + username + "' exists (use rotate, enable or disable)");
                return 2;
            }
            String hash = secretHash(r, generate);
            if (hash == null) {
                return 2;
            }
            users.add(new UserEntry(username, r, hash));
            write(users);
            System.err.println("added " + r.name().toLowerCase(Locale.ROOT) + " '" + username + "' to " + parent.file);
            return 0;
        }
    }

    @Command(name = "rotate", description = "Gives a user a new secret; its open connections are closed.")
    static final class Rotate extends Change {
        @Option(names = "--generate", description = "Make a random secret and print it.")
        boolean generate;

        @Override
        int change() throws IOException {
            List<UserEntry> users = read();
            Optional<UserEntry> user = find(users);
            if (user.isEmpty()) {
                System.err.println("no user '" + username + "' in " + parent.file);
                return 2;
            }
            String hash = secretHash(user.get().role(), generate);
            if (hash == null) {
                return 2;
            }
            users.set(users.indexOf(user.get()), user.get().withHash(hash));
            write(users);
            return 0;
        }
    }

    @Command(name = "disable", description = "Refuses a user's CONNECTs and closes its open connections.")
    static final class Disable extends Change {
        @Override
        int change() {
            return setEnabled(false);
        }
    }

    @Command(name = "enable", description = "Lets a disabled user connect again.")
    static final class Enable extends Change {
        @Override
        int change() {
            return setEnabled(true);
        }
    }

    @Command(name = "list", description = "Lists user name, role and state (never secrets).")
    static final class ListUsers implements Callable<Integer> {
        @ParentCommand
        UsersCommand parent;

        @Override
        public Integer call() {
            try {
                CredentialsFile.read(parent.file).users().stream()
                        .sorted(java.util.Comparator.comparing(UserEntry::username))
                        .forEach(u -> System.out.printf(
                                "%-40s %-10s %s%n",
                                u.username(),
                                u.role().name().toLowerCase(Locale.ROOT),
                                u.enabled() ? "enabled" : "disabled"));
                return 0;
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
    }
}
