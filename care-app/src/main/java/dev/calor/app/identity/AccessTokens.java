package dev.calor.app.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.calor.app.CareAppException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Short-lived ES256 access tokens with exactly the claims the broker checks: {@code iss}, {@code aud}
 * (contains the MQTT audience), {@code sub} = caregiver id, {@code iat}, {@code exp}, {@code jti}. The
 * {@code jti} is {@code {sessionId}.{random}}, so the app can refuse a token of a revoked session without
 * a claim of its own.
 */
public final class AccessTokens {

    public static final Duration MAX_TTL = Duration.ofMinutes(15);

    private final SigningKeys keys;
    private final Clock clock;
    private final String issuer;
    private final List<String> audience;
    private final Duration ttl;

    public AccessTokens(SigningKeys keys, Clock clock, String issuer, List<String> audience, Duration ttl) {
        if (ttl.compareTo(MAX_TTL) > 0 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("access token lifetime must be within (0, 15 min]");
        }
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = List.copyOf(audience);
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** A verified token: who it is and which session it belongs to. */
    public record Verified(String caregiverId, UUID sessionId, Instant issuedAt, Instant expiresAt) {}

    public String issue(String caregiverId, UUID sessionId) {
        ECKey key = keys.signingKey();
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(caregiverId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(sessionId + "." + UUID.randomUUID())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }

    /** @throws CareAppException 401 when the token is malformed, forged, expired or not for us */
    public Verified verify(String token) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(keys.publicKeys())));
        processor.setJWTClaimsSetVerifier(new ClockedVerifier(clock, issuer, audience.get(0)));
        try {
            JWTClaimsSet c = processor.process(token, null);
            String jti = c.getJWTID();
            int dot = jti.indexOf('.');
            if (dot < 0) {
                throw CareAppException.unauthorized("token has no session");
            }
            return new Verified(
                    c.getSubject(),
                    UUID.fromString(jti.substring(0, dot)),
                    c.getIssueTime().toInstant(),
                    c.getExpirationTime().toInstant());
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            throw CareAppException.unauthorized("invalid access token: " + e.getMessage());
        }
    }

    /** Nimbus's claims checks against the injected clock instead of the system clock. */
    private static final class ClockedVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
        private final Clock clock;

        ClockedVerifier(Clock clock, String issuer, String audience) {
            super(
                    audience,
                    new JWTClaimsSet.Builder().issuer(issuer).build(),
                    new HashSet<>(List.of("sub", "iat", "exp", "jti")));
            this.clock = clock;
            setMaxClockSkew(5);
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }
    }
}
