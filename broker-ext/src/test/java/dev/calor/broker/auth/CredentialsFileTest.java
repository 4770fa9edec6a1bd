package dev.calor.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

    @TempDir
    Path dir;

    @Test
    void builderWritesAFileThatReadsBackWithRolesAndWorkingHashes() {
        Path file = CredentialsFile.builder()
                .device("patch-0001", "a")
                .worker("worker-1", "b")
                .caregiver("alice", "c")
                .operator("ops", "d")
                .write(dir.resolve("credentials.yaml"));

        Credentials c = CredentialsFile.read(file);

        assertThat(c.size()).isEqualTo(4);
        assertThat(c.find("worker-1").orElseThrow().role()).isEqualTo(Role.WORKER);
        assertThat(c.find("alice").orElseThrow().role()).isEqualTo(Role.CAREGIVER);
        assertThat(PasswordHasher.verify(
                        "d".getBytes(), c.find("ops").orElseThrow().passwordHash()))
                .isTrue();
    }

    @Test
    void reportsEveryBadEntryAtOnce() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                """
                users:
                  - username: patch-1
                    role: device
                    password-hash: plain-text
                  - username: bob
                    role: admin
                    password-hash: pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA
                  - username: "bad id/with slash"
                    role: device
                    password-hash: pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA
                  - role: worker
                    password-hash: pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA
                    colour: blue
                """);

        assertThatThrownBy(() -> CredentialsFile.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(5)
                        .anySatisfy(m -> assertThat(m).contains("users[0]").contains("secret hash"))
                        .anySatisfy(m -> assertThat(m).contains("users[1]").contains("admin"))
                        .anySatisfy(m -> assertThat(m).contains("users[2]").contains("device id"))
                        .anySatisfy(m -> assertThat(m).contains("users[3].username: is required"))
                        .anySatisfy(m -> assertThat(m).contains("users[3]").contains("colour")));
    }

    @Test
    void refusesDuplicateUsernames() {
        Path file =
                CredentialsFile.builder().device("p1", "a").device("p1", "b").write(dir.resolve("dup.yaml"));
        assertThatThrownBy(() -> CredentialsFile.read(file)).hasMessageContaining("appears twice");
    }

    @Test
    void readsTheCredentialsOfAFleetOfFiftyThousandDevices(@TempDir Path dir) {
        String hash = new PasswordHasher().hash("fleet-secret".toCharArray(), PasswordHasher.MIN_ITERATIONS);
        java.util.List<UserEntry> users = new java.util.ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            users.add(new UserEntry(String.format("patch-%06d", i), Role.DEVICE, hash));
        }
        Path file = dir.resolve("credentials.yaml");
        CredentialsFile.write(file, users);

        Credentials read = CredentialsFile.read(file);

        assertThat(read.size()).isEqualTo(50_000);
        assertThat(read.find("patch-049999")).isPresent();
    }

    @Test
    void refusesThePublishedExampleHashesAndWorkerNamesForOtherRoles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(
                file,
                """
                users:
                  - username: ops
                    role: operator
                    password-hash: 'pbkdf2-sha256$600000$Qz3d2EZdpTvmzsojDHfeIA$yvkBAUlOp/Q463pJSfFhIKWJojk8heDL0d8fZlhTojc'
                  - username: calor-worker-x
                    role: device
                    password-hash: 'hmac-sha256$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
                """);
        assertThatThrownBy(() -> CredentialsFile.read(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(2)
                        .anySatisfy(m -> assertThat(m).contains("users[0]").contains("published example"))
                        .anySatisfy(m -> assertThat(m).contains("users[1]").contains("calor-worker-")));
    }

    @Test
    void keepsTheDisabledFlagAcrossARewrite(@TempDir Path dir) {
        Path file = dir.resolve("credentials.yaml");
        List<UserEntry> users = CredentialsFile.builder()
                .device("patch-1", "pw")
                .operator("ops", "a long passphrase")
                .build();
        CredentialsFile.write(file, List.of(users.get(0).withEnabled(false), users.get(1)));
        Credentials read = CredentialsFile.read(file);
        assertThat(read.find("patch-1").orElseThrow().enabled()).isFalse();
        assertThat(read.find("ops").orElseThrow().enabled()).isTrue();
        assertThat(read.find("patch-1").orElseThrow().passwordHash()).startsWith("hmac-sha256$");
        assertThat(read.find("ops").orElseThrow().passwordHash()).startsWith("argon2id$");
        assertThat(CredentialsFile.read(file).revokedIn(read)).containsExactly("patch-1");
    }
}
