package dev.calor.broker.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.calor.broker.config.TokenConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies a caregiver's signed token offline: JWS compact, ES256, header {@code kid} naming a key of the
 * care app's JWK set; {@code iss} and {@code aud} as configured; {@code sub}, {@code exp}, {@code iat} and
 * {@code jti} present; {@code exp} at most 15 minutes after {@code iat}; the MQTT user name equals {@code sub}.
 * No database is asked; the key set comes from a file (swapped by {@link #replaceKeys} on reload) or a URL.
 */
public final class CaregiverTokens {

    public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);
    private static final int CLOCK_SKEW_SECONDS = 30;

    private final AtomicReference<JWKSet> fileKeys = new AtomicReference<>(new JWKSet());
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Clock clock;

    public CaregiverTokens(TokenConfig config, Clock clock) {
        this.clock = clock;
        JWKSource<SecurityContext> keys;
        if (config.jwksUrl().isPresent()) {
            try {
                keys = JWKSourceBuilder.<SecurityContext>create(
                                config.jwksUrl().get().toURL())
                        .refreshAheadCache(true)
                        .build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad jwks-url: " + e.getMessage(), e);
            }
        } else {
            keys = (selector, context) -> selector.select(fileKeys.get());
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        config.audience(),
                        new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                        Set.of("sub", "exp", "iat", "jti")) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** Reads a JWK set file (for {@code ReloadingFile}); throws when it does not parse. */
    public static JWKSet readKeys(Path file) {
        try {
            return JWKSet.load(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException(file + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    public void replaceKeys(JWKSet keys) {
        fileKeys.set(keys.toPublicJWKSet());
    }

    /** Whether a password looks like a JWS compact serialization (three base64url parts). */
    public static boolean looksLikeToken(String password) {
        return password.startsWith("eyJ")
                && password.chars().filter(c -> c == '.').count() == 2;
    }

    /** Why {@code token} does not log {@code username} in, or empty when it does. */
    public Optional<String> problem(String username, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (jwt.getHeader().getKeyID() == null) {
                return Optional.of("token header has no kid");
            }
            JWTClaimsSet claims = processor.process(jwt, null);
            if (!username.equals(claims.getSubject())) {
                return Optional.of("token subject differs from the user name");
            }
            Duration lifetime = Duration.between(
                    claims.getIssueTime().toInstant(),
                    claims.getExpirationTime().toInstant());
            if (lifetime.compareTo(MAX_LIFETIME) > 0) {
                return Optional.of("token lives longer than " + MAX_LIFETIME.toMinutes() + " minutes");
            }
            if (claims.getIssueTime().toInstant().isAfter(clock.instant().plusSeconds(CLOCK_SKEW_SECONDS))) {
                return Optional.of("token issued in the future");
            }
            return Optional.empty();
        } catch (ParseException e) {
            return Optional.of("token is not a JWS: " + e.getMessage());
        } catch (BadJOSEException | JOSEException e) {
            return Optional.of("token refused: " + e.getMessage());
        }
    }
}
