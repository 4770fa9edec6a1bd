package dev.calor.app.identity;

import dev.calor.app.api.model.CircleModels.ResetCreated;
import dev.calor.app.db.Database;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
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
    private final OneTimeCodes codes;
    private final String publicUrl;

    public PasswordResets(Database db, Caregivers caregivers, Sessions sessions, Clock clock, String publicUrl) {
        this.db = db;
        this.caregivers = caregivers;
        this.sessions = sessions;
        this.codes = new OneTimeCodes("password_reset", "used_at", "", "pwr_", VALIDITY, clock);
        this.publicUrl = publicUrl;
    }

    public ResetCreated create(String caregiverId, String ownerId) {
        OneTimeCodes.Issued code = codes.issue();
        db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO password_reset (code_hash, caregiver_id,"
                    + " created_by, created_at, expires_at) VALUES (?,?,?,?,?)")) {
                s.setBytes(1, code.hash());
                s.setString(2, caregiverId);
                s.setString(3, ownerId);
                s.setTimestamp(4, Timestamp.from(code.createdAt()));
                s.setTimestamp(5, Timestamp.from(code.expiresAt()));
                return s.executeUpdate();
            }
        });
        EVENTS.info("{} started a password reset for {}", ownerId, caregiverId);
        return new ResetCreated(code.code(), publicUrl + "/#/reset/" + code.code(), code.expiresAt());
    }

    public void use(String code, String newPassword) {
        db.inTransaction(c -> {
            String caregiverId = codes.spend(c, code, "this reset code is unknown, used or expired", "caregiver_id")[0];
            caregivers.setPassword(c, caregiverId, newPassword);
            sessions.revokeAll(c, caregiverId, "password reset");
            EVENTS.info("password of {} reset", caregiverId);
            return null;
        });
    }
}
