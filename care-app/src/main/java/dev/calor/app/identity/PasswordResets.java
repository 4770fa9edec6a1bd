package dev.calor.app.identity;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.CircleModels.ResetCreated;
import dev.calor.app.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password reset initiated by an owner of a circle the member belongs to: a single-use code valid for a
 * day, handed to the member out of band. Using it sets the new password and ends every session.
 */
public final class PasswordResets {

    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.password-reset");
    public static final Duration VALIDITY = Duration.ofHours(24);

    private final Database db;
    private final Caregivers caregivers;
    private final Sessions sessions;
    private final Clock clock;
    private final String publicUrl;

    public PasswordResets(Database db, Caregivers caregivers, Sessions sessions, Clock clock, String publicUrl) {
        this.db = db;
        this.caregivers = caregivers;
        this.sessions = sessions;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    public ResetCreated create(String caregiverId, String ownerId) {
        String code = Secrets.create("pwr_");
        Instant expires = clock.instant().plus(VALIDITY);
        db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO password_reset (code_hash, caregiver_id,"
                    + " created_by, created_at, expires_at) VALUES (?,?,?,?,?)")) {
                s.setBytes(1, Secrets.sha256(code));
                s.setString(2, caregiverId);
                s.setString(3, ownerId);
                s.setTimestamp(4, Timestamp.from(clock.instant()));
                s.setTimestamp(5, Timestamp.from(expires));
                return s.executeUpdate();
            }
        });
        EVENTS.info("{} started a password reset for {}", ownerId, caregiverId);
        return new ResetCreated(code, publicUrl + "/#/reset/" + code, expires);
    }

    public void use(String code, String newPassword) {
        db.inTransaction(c -> {
            String caregiverId;
            try (PreparedStatement s = c.prepareStatement("UPDATE password_reset SET used_at = ? WHERE code_hash = ?"
                    + " AND used_at IS NULL AND expires_at > ? RETURNING caregiver_id")) {
                Instant now = clock.instant();
                s.setTimestamp(1, Timestamp.from(now));
                s.setBytes(2, Secrets.sha256(code == null ? "" : code));
                s.setTimestamp(3, Timestamp.from(now));
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    throw CareAppException.notFound("this reset code is unknown, used or expired");
                }
                caregiverId = rs.getString(1);
            }
            caregivers.setPassword(c, caregiverId, newPassword);
            sessions.revokeAll(c, caregiverId, "password reset");
            EVENTS.info("password of {} reset", caregiverId);
            return null;
        });
    }
}
