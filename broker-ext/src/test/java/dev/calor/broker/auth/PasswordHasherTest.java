package dev.calor.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("s3cret-ü".toCharArray(), 1000);
        assertThat(PasswordHasher.verify("s3cret-ü".getBytes(StandardCharsets.UTF_8), hash))
                .isTrue();
        assertThat(PasswordHasher.verify("s3cret-u".getBytes(StandardCharsets.UTF_8), hash))
                .isFalse();
        assertThat(PasswordHasher.verify(new byte[0], hash)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("pw".toCharArray(), 1000)).isNotEqualTo(hasher.hash("pw".toCharArray(), 1000));
    }

    @Test
    void encodesSchemeAndIterations() {
        assertThat(hasher.hash("pw".toCharArray(), 1234)).startsWith("pbkdf2-sha256$1234$");
    }

    @Test
    void malformedHashNeverVerifiesAndIsReported() {
        assertThat(PasswordHasher.verify("pw".getBytes(StandardCharsets.UTF_8), "plain"))
                .isFalse();
        assertThat(PasswordHasher.verify("pw".getBytes(StandardCharsets.UTF_8), "pbkdf2-sha256$x$y$z"))
                .isFalse();
        assertThat(PasswordHasher.problemWith("plain")).contains("users add");
        assertThat(PasswordHasher.problemWith("pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA$AAAA"))
                .contains("fewer than");
        assertThat(PasswordHasher.problemWith(hasher.hash("pw".toCharArray(), 1000)))
                .isNull();
    }

    @Test
    void machineSecretsGetAFastKeyedHashAndPeopleArgon2id() {
        String device = hasher.hashFor(Role.DEVICE, "k5Jc2n4Qm9Z0aXyPq7Lr3Tw8Vb1Ns6Ud".toCharArray());
        String person = hasher.hashForTests(Role.OPERATOR, "correct horse battery".toCharArray());
        assertThat(device).startsWith("hmac-sha256$");
        assertThat(person).startsWith("argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(PasswordHasher.isFast(device)).isTrue();
        assertThat(PasswordHasher.isFast(person)).isFalse();
        assertThat(PasswordHasher.verify("k5Jc2n4Qm9Z0aXyPq7Lr3Tw8Vb1Ns6Ud".getBytes(StandardCharsets.UTF_8), device))
                .isTrue();
        assertThat(PasswordHasher.verify("k5Jc2n4Qm9Z0aXyPq7Lr3Tw8Vb1Ns6Ue".getBytes(StandardCharsets.UTF_8), device))
                .isFalse();
        assertThat(PasswordHasher.verify("correct horse battery".getBytes(StandardCharsets.UTF_8), person))
                .isTrue();
        assertThat(PasswordHasher.verify("correct horse batterx".getBytes(StandardCharsets.UTF_8), person))
                .isFalse();
        assertThat(PasswordHasher.problemWith(device)).isNull();
        assertThat(PasswordHasher.problemWith(person)).isNull();
        assertThat(PasswordHasher.problemWith("argon2id$v=19$m=8,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA"))
                .contains("below");
    }

    @Test
    void generatedSecretsCarry256RandomBits() {
        String secret = hasher.generateSecret();
        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(secret).isNotEqualTo(hasher.generateSecret());
    }
}
