package dev.calor.app.identity;

import dev.calor.app.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Fixed-window counters in PostgreSQL, shared by every app instance: one atomic upsert per hit, so two
 * instances behind a load balancer cannot each allow the full budget. PostgreSQL rather than Redis
 * because the app already depends on it, the volume (sign-ins, invitations) is small, and one fewer
 * server is one fewer thing to secure and run.
 */
public final class RateLimiter {

    private final Database db;
    private final Clock clock;

    public RateLimiter(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A limit: at most {@code max} hits per {@code window}. */
    public record Limit(int max, Duration window) {}

    /** @return seconds until the bucket allows again, 0 when this hit is within the limit */
    public long hit(String bucket, Limit limit) {
        Instant now = clock.instant();
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    """
                    INSERT INTO rate_limit AS r (bucket, window_start, hits) VALUES (?, ?, 1)
                    ON CONFLICT (bucket) DO UPDATE SET
                      hits = CASE WHEN r.window_start <= ? THEN 1 ELSE r.hits + 1 END,
                      window_start = CASE WHEN r.window_start <= ? THEN excluded.window_start ELSE r.window_start END
                    RETURNING hits, window_start
                    """)) {
                Timestamp expired = Timestamp.from(now.minus(limit.window()));
                s.setString(1, bucket);
                s.setTimestamp(2, Timestamp.from(now));
                s.setTimestamp(3, expired);
                s.setTimestamp(4, expired);
                ResultSet rs = s.executeQuery();
                rs.next();
                if (rs.getInt(1) <= limit.max()) {
                    return 0L;
                }
                Instant reopens = rs.getTimestamp(2).toInstant().plus(limit.window());
                return Math.max(1, Duration.between(now, reopens).toSeconds());
            }
        });
    }

    /** Forgets a bucket (a successful sign-in clears the account's failure count). */
    public void reset(String bucket) {
        db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM rate_limit WHERE bucket = ?")) {
                s.setString(1, bucket);
                return s.executeUpdate();
            }
        });
    }

    /** Seconds until the bucket allows again without counting a hit; 0 when it allows now. */
    public long peek(String bucket, Limit limit) {
        Instant now = clock.instant();
        return db.query(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT hits, window_start FROM rate_limit WHERE bucket = ?")) {
                s.setString(1, bucket);
                ResultSet rs = s.executeQuery();
                if (!rs.next() || rs.getInt(1) < limit.max()) {
                    return 0L;
                }
                Instant reopens = rs.getTimestamp(2).toInstant().plus(limit.window());
                return reopens.isAfter(now)
                        ? Math.max(1, Duration.between(now, reopens).toSeconds())
                        : 0L;
            }
        });
    }
}
