package dev.calor.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.calor.broker.config.TokenConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaregiverTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final ECKey key = generate("k1");
    private final CaregiverTokens tokens =
            new CaregiverTokens(TokenConfig.ofFile(Path.of("jwks.json")), Clock.fixed(NOW, ZoneOffset.UTC));

    CaregiverTokensTest() {
        tokens.replaceKeys(new JWKSet(key));
    }

    @Test
    void acceptsAFreshTokenOfTheCareAppForItsSubject() throws Exception {
        assertThat(tokens.problem("mum", sign(key, claims("mum").build()))).isEmpty();
    }

    @Test
    void refusesTokensThatAreForgedExpiredTooLongLivedOrForSomeoneElse() throws Exception {
        assertThat(tokens.problem("jo", sign(key, claims("mum").build())))
                .get()
                .asString()
                .contains("subject");
        assertThat(tokens.problem("mum", sign(generate("k1"), claims("mum").build())))
                .isPresent();
        assertThat(tokens.problem("mum", sign(generate("k9"), claims("mum").build())))
                .isPresent();
        assertThat(tokens.problem(
                        "mum",
                        sign(
                                key,
                                claims("mum")
                                        .expirationTime(Date.from(NOW.minusSeconds(60)))
                                        .build())))
                .get()
                .asString()
                .contains("xpired");
        assertThat(tokens.problem(
                        "mum",
                        sign(
                                key,
                                claims("mum")
                                        .expirationTime(Date.from(NOW.plus(Duration.ofHours(2))))
                                        .build())))
                .get()
                .asString()
                .contains("15 minutes");
        assertThat(tokens.problem(
                        "mum", sign(key, claims("mum").issuer("someone-else").build())))
                .isPresent();
        assertThat(tokens.problem(
                        "mum", sign(key, claims("mum").audience("other").build())))
                .isPresent();
        assertThat(tokens.problem("mum", sign(key, claims("mum").jwtID(null).build())))
                .isPresent();
        assertThat(tokens.problem("mum", "eyJhbGciOiJub25lIn0.e30.")).isPresent();
    }

    @Test
    void tellsTokensFromPasswords() {
        assertThat(CaregiverTokens.looksLikeToken("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJtdW0ifQ.sig"))
                .isTrue();
        assertThat(CaregiverTokens.looksLikeToken("a long passphrase")).isFalse();
    }

    static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder()
                .issuer("calor-care-app")
                .audience(List.of("calor-mqtt"))
                .subject(subject)
                .issueTime(Date.from(NOW.minusSeconds(10)))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(10))))
                .jwtID("t-1");
    }

    static String sign(ECKey signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(signer.getKeyID())
                        .build(),
                claims);
        jwt.sign(new ECDSASigner(signer));
        return jwt.serialize();
    }

    static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
