package dev.calor.app.identity;

import dev.calor.app.CareAppException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Single-use bearer codes with an expiry, stored only as their SHA-256 (invitations, password resets):
 * a database dump does not let anyone use one. A code is spent by one atomic {@code UPDATE … RETURNING},
 * so two instances (or two clicks) can never both use it.
 */
public final class OneTimeCodes {

    /** A new code: the secret to hand out once, and what is stored. */
    public record Issued(String code, byte[] hash, Instant createdAt, Instant expiresAt) {}

    private final String table;
    private final String spentColumn;
    private final String openCondition;
    private final String prefix;
    private final Duration validity;
    private final Clock clock;

    /**
     * @param spentColumn the time stamp set when the code is used
     * @param extraOpen a further condition for the code to be usable (e.g. {@code revoked_at IS NULL}), or empty
     */
    public OneTimeCodes(
            String table, String spentColumn, String extraOpen, String prefix, Duration validity, Clock clock) {
        this.table = table;
        this.spentColumn = spentColumn;
        this.openCondition =
                spentColumn + " IS NULL AND expires_at > ?" + (extraOpen.isEmpty() ? "" : " AND " + extraOpen);
        this.prefix = prefix;
        this.validity = validity;
        this.clock = clock;
    }

    public Issued issue() {
        String code = Secrets.create(prefix);
        Instant now = clock.instant();
        return new Issued(code, Secrets.sha256(code), now, now.plus(validity));
    }

    /** A WHERE fragment (one parameter: {@link #now()}) true while a row's code may still be used. */
    public String openCondition() {
        return openCondition;
    }

    public Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    public static byte[] hash(String code) {
        return Secrets.sha256(code == null ? "" : code);
    }

    /**
     * Spends the code and returns the named columns of its row.
     *
     * @throws CareAppException 404 with {@code notFound} when the code is unknown, used, withdrawn or expired
     */
    public String[] spend(Connection c, String code, String notFound, String... returning) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET " + spentColumn + " = ?"
                + " WHERE code_hash = ? AND " + openCondition + " RETURNING " + String.join(", ", returning))) {
            Timestamp now = now();
            s.setTimestamp(1, now);
            s.setBytes(2, hash(code));
            s.setTimestamp(3, now);
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                throw CareAppException.notFound(notFound);
            }
            String[] row = new String[returning.length];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            return row;
        }
    }
}
