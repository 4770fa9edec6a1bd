package dev.calor.app.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.calor.app.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 keys that sign access tokens, kept in PostgreSQL so every app instance signs with the same
 * keys and verifies the others' tokens. A new key is made every {@code rotation}; it is published in the
 * key set {@link #PRE_PUBLISH} before it signs, so brokers reloading the JWKS file know it in time, and it
 * stays published until the last token it signed has expired.
 */
public final class SigningKeys {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.signing-key-created");
    static final Duration PRE_PUBLISH = Duration.ofSeconds(30);
    private static final long ROTATION_LOCK = 0x43414c4f52L + 1;

    private final Database db;
    private final Clock clock;
    private final Duration rotation;
    private final Duration tokenTtl;

    public SigningKeys(Database db, Clock clock, Duration rotation, Duration tokenTtl) {
        this.db = db;
        this.clock = clock;
        this.rotation = rotation;
        this.tokenTtl = tokenTtl;
    }

    private record StoredKey(ECKey key, Instant createdAt, Instant expiresAt) {}

    /** The key to sign with now, making a new one first when rotation is due. */
    public ECKey signingKey() {
        List<StoredKey> keys = load();
        Instant now = clock.instant();
        if (keys.isEmpty() || !keys.get(0).createdAt().plus(rotation).isAfter(now)) {
            rotate();
            keys = load();
        }
        for (StoredKey k : keys) {
            if (!k.createdAt().isAfter(now.minus(PRE_PUBLISH)) && k.expiresAt().isAfter(now.plus(tokenTtl))) {
                return k.key();
            }
        }
        return keys.get(0).key(); // first start: no older key exists
    }

    /** Public keys of every key whose tokens may still be valid (RFC 7517 key set). */
    public JWKSet publicKeys() {
        return new JWKSet(load().stream()
                .map(k -> (com.nimbusds.jose.jwk.JWK) k.key().toPublicJWK())
                .toList());
    }

    /** Makes a new key unless another instance just did. */
    public void rotate() {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + ROTATION_LOCK + ")");
            }
            Instant now = clock.instant();
            try (PreparedStatement q = c.prepareStatement("SELECT max(created_at) FROM signing_key")) {
                ResultSet rs = q.executeQuery();
                rs.next();
                Timestamp newest = rs.getTimestamp(1);
                if (newest != null && newest.toInstant().plus(rotation).isAfter(now)) {
                    return null;
                }
            }
            ECKey key = generate();
            Instant retire = now.plus(rotation).plus(PRE_PUBLISH);
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO signing_key (kid, private_jwk, created_at, retire_at, expires_at) VALUES (?,?,?,?,?)")) {
                ins.setString(1, key.getKeyID());
                ins.setString(2, key.toJSONString());
                ins.setTimestamp(3, Timestamp.from(now));
                ins.setTimestamp(4, Timestamp.from(retire));
                ins.setTimestamp(5, Timestamp.from(retire.plus(tokenTtl).plus(rotation)));
                ins.executeUpdate();
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM signing_key WHERE expires_at < ?")) {
                del.setTimestamp(1, Timestamp.from(now));
                del.executeUpdate();
            }
            EVENTS.info("signing key {} created", key.getKeyID());
            return null;
        });
    }

    private List<StoredKey> load() {
        return db.query(c -> {
            List<StoredKey> keys = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT private_jwk, created_at, expires_at FROM signing_key"
                    + " WHERE expires_at > ? ORDER BY created_at DESC")) {
                q.setTimestamp(1, Timestamp.from(clock.instant()));
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    try {
                        keys.add(new StoredKey(
                                ECKey.parse(rs.getString(1)),
                                rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3).toInstant()));
                    } catch (ParseException e) {
                        LOG.error("stored signing key is unreadable; skipping it: {}", e.getMessage());
                    }
                }
            }
            return keys;
        });
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(com.nimbusds.jose.JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an ES256 key", e);
        }
    }
}
