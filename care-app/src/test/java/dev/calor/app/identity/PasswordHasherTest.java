package dev.calor.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calor.app.CareAppException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1024, 1, new SecureRandom());

    @Test
    void storesArgon2idWithItsParametersAndAcceptsOnlyTheSamePassword() {
        String phc = hasher.hash("correct horse battery");
        assertThat(phc).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.matches("correct horse battery", phc)).isTrue();
        assertThat(hasher.matches("correct horse batterY", phc)).isFalse();
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("correct horse battery")).isNotEqualTo(hasher.hash("correct horse battery"));
    }

    @Test
    void checksWithTheParametersStoredInTheHashNotTheCurrentOnes() {
        String old = hasher.hash("correct horse battery");
        PasswordHasher stronger = new PasswordHasher(2048, 2, new SecureRandom());
        assertThat(stronger.matches("correct horse battery", old)).isTrue();
    }

    @Test
    void refusesMalformedOrTamperedHashes() {
        String phc = hasher.hash("correct horse battery");
        assertThat(hasher.matches("correct horse battery", phc.replace("argon2id", "argon2i")))
                .isFalse();
        assertThat(hasher.matches("correct horse battery", phc.substring(0, phc.length() - 4) + "AAAA"))
                .isFalse();
        assertThat(hasher.matches("correct horse battery", "plain")).isFalse();
        assertThat(hasher.matches("correct horse battery", null)).isFalse();
    }

    @Test
    void refusesShortPasswords() {
        assertThatThrownBy(() -> hasher.hash("short"))
                .isInstanceOf(CareAppException.class)
                .hasMessageContaining("at least 10");
    }
}
