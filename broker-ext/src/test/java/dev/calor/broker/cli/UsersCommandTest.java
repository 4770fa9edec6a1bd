package dev.calor.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.broker.auth.CredentialStore;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.auth.UserEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UsersCommandTest {

    @TempDir
    Path dir;

    @Test
    void addCreatesTheFileAndTheGeneratedSecretLogsIn() {
        Path file = dir.resolve("credentials.yaml");
        String out =
                run("", "--file", file.toString(), "add", "--username", "patch-1", "--role", "device", "--generate");
        String secret = out.trim();
        assertThat(secret).hasSize(43);
        CredentialStore store = new CredentialStore(CredentialsFile.read(file));
        assertThat(store.authenticate("patch-1", secret.getBytes(StandardCharsets.UTF_8))
                        .isAccepted())
                .isTrue();
    }

    @Test
    void aPersonsPasswordComesFromOneStdinLineAndIsHashedWithArgon2id() {
        Path file = dir.resolve("credentials.yaml");
        run("a long passphrase\n", "--file", file.toString(), "add", "--username", "ops", "--role", "operator");
        UserEntry ops = CredentialsFile.read(file).find("ops").orElseThrow();
        assertThat(ops.passwordHash()).startsWith("argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void shortOrHumanLookingMachineSecretsAreRefused() {
        Path file = dir.resolve("credentials.yaml");
        int code = exit("short-secret\n", "--file", file.toString(), "add", "--username", "p", "--role", "device");
        assertThat(code).isEqualTo(2);
        assertThat(file).doesNotExist();
    }

    @Test
    void disableEnableAndRotateRewriteTheFile() {
        Path file = dir.resolve("credentials.yaml");
        String first = run(
                        "", "--file", file.toString(), "add", "--username", "patch-1", "--role", "device", "--generate")
                .trim();
        assertThat(exit("", "--file", file.toString(), "disable", "--username", "patch-1"))
                .isZero();
        assertThat(CredentialsFile.read(file).find("patch-1").orElseThrow().enabled())
                .isFalse();
        assertThat(exit("", "--file", file.toString(), "enable", "--username", "patch-1"))
                .isZero();
        String second = run("", "--file", file.toString(), "rotate", "--username", "patch-1", "--generate")
                .trim();
        CredentialStore store = new CredentialStore(CredentialsFile.read(file));
        assertThat(store.authenticate("patch-1", first.getBytes(StandardCharsets.UTF_8))
                        .isAccepted())
                .isFalse();
        assertThat(store.authenticate("patch-1", second.getBytes(StandardCharsets.UTF_8))
                        .isAccepted())
                .isTrue();
        assertThat(run("", "--file", file.toString(), "list"))
                .contains("patch-1")
                .contains("device")
                .contains("enabled");
        assertThat(exit("", "--file", file.toString(), "disable", "--username", "nobody"))
                .isEqualTo(2);
    }

    private static String run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        InputStream savedIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            assertThat(new CommandLine(new UsersCommand()).execute(args)).isZero();
        } finally {
            System.setOut(saved);
            System.setIn(savedIn);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int exit(String stdin, String... args) {
        InputStream savedIn = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new CommandLine(new UsersCommand()).execute(args);
        } finally {
            System.setIn(savedIn);
        }
    }
}
