package dev.calor.app.identity;

import dev.calor.app.CareAppException;
import dev.calor.app.db.Database;
import dev.calor.app.metrics.AppMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, refresh, sign-out. A session lives in PostgreSQL; its refresh tokens are single use and
 * rotate on every refresh, and presenting a spent one revokes the session (a copied token is detected the
 * moment either copy is used again). Failed sign-ins are throttled per account and per client address.
 */
public final class Sessions {

    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.sign-in");
    public static final RateLimiter.Limit ACCOUNT_FAILURES = new RateLimiter.Limit(5, Duration.ofMinutes(15));
    public static final RateLimiter.Limit ADDRESS_ATTEMPTS = new RateLimiter.Limit(30, Duration.ofMinutes(15));

    private final Database db;
    private final PasswordHasher hasher;
    private final AccessTokens tokens;
    private final RateLimiter limiter;
    private final Clock clock;
    private final Duration refreshTtl;
    private final String dummyHash;
    private final AppMetrics metrics;

    public Sessions(
            Database db,
            PasswordHasher hasher,
            AccessTokens tokens,
            RateLimiter limiter,
            Clock clock,
            Duration refreshTtl,
            AppMetrics metrics) {
        this.metrics = metrics;
        this.db = db;
        this.hasher = hasher;
        this.tokens = tokens;
        this.limiter = limiter;
        this.clock = clock;
        this.refreshTtl = refreshTtl;
        this.dummyHash = hasher.hash("not-a-password-of-anyone");
    }

    /** What a successful sign-in or refresh hands out. */
    public record Issued(
            String caregiverId, String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn) {}

    public Issued login(String email, String password, String clientAddress) {
        String account = "login-fail:" + (email == null ? "" : email.toLowerCase(Locale.ROOT));
        long wait = limiter.hit("login-addr:" + clientAddress, ADDRESS_ATTEMPTS);
        if (wait == 0) {
            wait = limiter.peek(account, ACCOUNT_FAILURES);
        }
        if (wait > 0) {
            EVENTS.warn("sign-in throttled for {} from {}", email, clientAddress);
            metrics.logins.labelValues("throttled").inc();
            metrics.throttled.labelValues("sign-in").inc();
            throw CareAppException.throttled("too many sign-in attempts; try again later", wait);
        }
        String[] found = db.query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT caregiver_id, password_hash FROM caregiver WHERE lower(email) = lower(?)")) {
                s.setString(1, email == null ? "" : email);
                ResultSet rs = s.executeQuery();
                return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
            }
        });
        // hash even for an unknown account, so timing does not tell which e-mail addresses exist
        boolean ok = hasher.matches(password, found == null || found[1] == null ? dummyHash : found[1]);
        if (found == null || found[1] == null || !ok) {
            limiter.hit(account, ACCOUNT_FAILURES);
            EVENTS.info("sign-in refused for {} from {}", email, clientAddress);
            metrics.logins.labelValues("refused").inc();
            throw CareAppException.unauthorized("wrong e-mail address or password");
        }
        limiter.reset(account);
        EVENTS.info("caregiver {} signed in from {}", found[0], clientAddress);
        metrics.logins.labelValues("ok").inc();
        return open(found[0]);
    }

    /** Opens a new session for a caregiver who has just proven who they are. */
    public Issued open(String caregiverId) {
        UUID sessionId = UUID.randomUUID();
        Instant now = clock.instant();
        String refresh = Secrets.create("rt_");
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO session (session_id, caregiver_id, created_at, expires_at) VALUES (?,?,?,?)")) {
                s.setObject(1, sessionId);
                s.setString(2, caregiverId);
                s.setTimestamp(3, Timestamp.from(now));
                s.setTimestamp(4, Timestamp.from(now.plus(refreshTtl)));
                s.executeUpdate();
            }
            storeRefresh(c, sessionId, refresh, now);
            return null;
        });
        return issued(caregiverId, sessionId, refresh);
    }

    public Issued refresh(String refreshToken) {
        Instant now = clock.instant();
        String next = Secrets.create("rt_");
        Object[] result = db.inTransaction(c -> {
            UUID sessionId;
            String caregiverId;
            Timestamp used;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT t.session_id, s.caregiver_id, t.used_at, s.revoked_at, s.expires_at, t.issued_at,"
                            + " c.tokens_valid_after FROM refresh_token t JOIN session s USING (session_id)"
                            + " JOIN caregiver c USING (caregiver_id) WHERE t.token_hash = ? FOR UPDATE OF t, s")) {
                s.setBytes(1, Secrets.sha256(refreshToken == null ? "" : refreshToken));
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    return null;
                }
                sessionId = rs.getObject(1, UUID.class);
                caregiverId = rs.getString(2);
                used = rs.getTimestamp(3);
                if (rs.getTimestamp(4) != null
                        || !rs.getTimestamp(5).toInstant().isAfter(now)
                        || !rs.getTimestamp(6).after(rs.getTimestamp(7))) {
                    return null;
                }
            }
            if (used != null) {
                revoke(c, sessionId, "refresh token reused");
                EVENTS.warn("refresh token of session {} reused; session revoked", sessionId);
                return new Object[] {null};
            }
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE refresh_token SET used_at = ? WHERE token_hash = ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setBytes(2, Secrets.sha256(refreshToken));
                s.executeUpdate();
            }
            storeRefresh(c, sessionId, next, now);
            return new Object[] {caregiverId, sessionId};
        });
        if (result == null || result[0] == null) {
            throw CareAppException.unauthorized("refresh token is invalid, expired or revoked; sign in again");
        }
        return issued((String) result[0], (UUID) result[1], next);
    }

    /** Ends a session: its refresh tokens and every access token of it stop working at the app. */
    public void logout(UUID sessionId) {
        db.inTransaction(c -> {
            revoke(c, sessionId, "logout");
            return null;
        });
    }

    /** Ends every session of a caregiver (password change or reset, removal). */
    public void revokeAll(Connection c, String caregiverId, String why) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE session SET revoked_at = ?, revoked_why = ?"
                + " WHERE caregiver_id = ? AND revoked_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setString(2, why);
            s.setString(3, caregiverId);
            s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("UPDATE caregiver SET tokens_valid_after = ? WHERE caregiver_id = ?")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setString(2, caregiverId);
            s.executeUpdate();
        }
    }

    /** Whether a verified access token's session is still open. */
    public boolean isLive(AccessTokens.Verified token) {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT s.revoked_at IS NULL AND c.tokens_valid_after < ?"
                            + " FROM session s JOIN caregiver c USING (caregiver_id) WHERE s.session_id = ? AND s.caregiver_id = ?")) {
                s.setTimestamp(1, Timestamp.from(token.issuedAt().plusSeconds(1)));
                s.setObject(2, token.sessionId());
                s.setString(3, token.caregiverId());
                ResultSet rs = s.executeQuery();
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /** Whether a session is still open (for streams that outlive their token's check). */
    public boolean isLive(String caregiverId, UUID sessionId) {
        return db.query(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT 1 FROM session WHERE session_id = ? AND caregiver_id = ?"
                            + " AND revoked_at IS NULL AND expires_at > ?")) {
                s.setObject(1, sessionId);
                s.setString(2, caregiverId);
                s.setTimestamp(3, Timestamp.from(clock.instant()));
                return s.executeQuery().next();
            }
        });
    }

    private void revoke(Connection c, UUID sessionId, String why) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE session SET revoked_at = ?, revoked_why = ? WHERE session_id = ? AND revoked_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(clock.instant()));
            s.setString(2, why);
            s.setObject(3, sessionId);
            s.executeUpdate();
        }
    }

    private static void storeRefresh(Connection c, UUID sessionId, String refresh, Instant now) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO refresh_token (token_hash, session_id, issued_at) VALUES (?,?,?)")) {
            s.setBytes(1, Secrets.sha256(refresh));
            s.setObject(2, sessionId);
            s.setTimestamp(3, Timestamp.from(now));
            s.executeUpdate();
        }
    }

    private Issued issued(String caregiverId, UUID sessionId, String refresh) {
        return new Issued(
                caregiverId,
                tokens.issue(caregiverId, sessionId),
                tokens.ttl().toSeconds(),
                refresh,
                refreshTtl.toSeconds());
    }
}
