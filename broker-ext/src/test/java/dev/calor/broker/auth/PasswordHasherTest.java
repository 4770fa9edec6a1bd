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
        assertThat(PasswordHasher.problemWith("plain")).contains("hash-password");
        assertThat(PasswordHasher.problemWith("pbkdf2-sha256$10$AAAAAAAAAAAAAAAAAAAAAA$AAAA"))
                .contains("fewer than");
        assertThat(PasswordHasher.problemWith(hasher.hash("pw".toCharArray(), 1000)))
                .isNull();
    }
}
