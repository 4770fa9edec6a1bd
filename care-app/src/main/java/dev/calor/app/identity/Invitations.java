package dev.calor.app.identity;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.AuthModels.InvitationPreview;
import dev.calor.app.api.model.CircleModels.InvitationCreated;
import dev.calor.app.api.model.CircleModels.InvitationView;
import dev.calor.app.db.Database;
import dev.calor.app.registry.Circles;
import dev.calor.app.registry.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An owner invites someone into a patient's circle with a single-use code (also as a link). The code is
 * stored only as its SHA-256; it expires, can be withdrawn, and is spent on acceptance, whether the
 * invitee creates an account or signs in with an existing one.
 */
public final class Invitations {

    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.invitation");
    public static final Duration VALIDITY = Duration.ofDays(7);

    private final Database db;
    private final Circles circles;
    private final Caregivers caregivers;
    private final Clock clock;
    private final String publicUrl;

    public Invitations(Database db, Circles circles, Caregivers caregivers, Clock clock, String publicUrl) {
        this.db = db;
        this.circles = circles;
        this.caregivers = caregivers;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    public InvitationCreated create(String patientId, Role role, String email, String createdBy) {
        String code = Secrets.create("inv_");
        String id = "inv-" + UUID.randomUUID().toString().substring(0, 8);
        Instant expires = clock.instant().plus(VALIDITY);
        db.query(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO invitation (invitation_id, code_hash, patient_id,"
                            + " role, email, created_by, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?)")) {
                s.setString(1, id);
                s.setBytes(2, Secrets.sha256(code));
                s.setString(3, patientId);
                s.setString(4, role.wire());
                s.setString(5, email);
                s.setString(6, createdBy);
                s.setTimestamp(7, Timestamp.from(clock.instant()));
                s.setTimestamp(8, Timestamp.from(expires));
                return s.executeUpdate();
            }
        });
        EVENTS.info(
                "{} invited {} as {} to patient {} ({})",
                createdBy,
                email == null ? "someone" : email,
                role.wire(),
                patientId,
                id);
        return new InvitationCreated(id, code, publicUrl + "/#/join/" + code, expires);
    }

    public List<InvitationView> open(String patientId) {
        return db.query(c -> {
            List<InvitationView> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT invitation_id, role, email, expires_at, created_by"
                    + " FROM invitation WHERE patient_id = ? AND accepted_at IS NULL AND revoked_at IS NULL"
                    + " AND expires_at > ? ORDER BY created_at")) {
                s.setString(1, patientId);
                s.setTimestamp(2, Timestamp.from(clock.instant()));
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    out.add(new InvitationView(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getString(5)));
                }
            }
            return out;
        });
    }

    public void revoke(String patientId, String invitationId) {
        int n = db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE invitation SET revoked_at = ? WHERE invitation_id = ?"
                    + " AND patient_id = ? AND accepted_at IS NULL AND revoked_at IS NULL")) {
                s.setTimestamp(1, Timestamp.from(clock.instant()));
                s.setString(2, invitationId);
                s.setString(3, patientId);
                return s.executeUpdate();
            }
        });
        if (n == 0) {
            throw CareAppException.notFound("no open invitation '" + invitationId + "' for this patient");
        }
    }

    public InvitationPreview preview(String code) {
        return db.query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT p.display_name, i.role, coalesce(g.display_name, ''),"
                            + " i.expires_at FROM invitation i JOIN patient p USING (patient_id)"
                            + " LEFT JOIN caregiver g ON g.caregiver_id = i.created_by"
                            + " WHERE i.code_hash = ? AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > ?")) {
                s.setBytes(1, Secrets.sha256(code));
                s.setTimestamp(2, Timestamp.from(clock.instant()));
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    throw CareAppException.notFound("this invitation is unknown, used, withdrawn or expired");
                }
                return new InvitationPreview(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant());
            }
        });
    }

    /**
     * Spends the code: a new account is created, or an existing one (matching e-mail and password) joins.
     *
     * @return the caregiver id that joined
     */
    public String accept(String code, String displayName, String email, String password) {
        String existing = caregivers.authenticate(email, password);
        return db.inTransaction(c -> {
            String[] inv = spend(c, code);
            String caregiverId = existing != null ? existing : caregivers.create(c, displayName, email, password);
            circles.add(c, inv[0], caregiverId, Role.parse(inv[1]));
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE invitation SET accepted_by = ? WHERE code_hash = ?")) {
                s.setString(1, caregiverId);
                s.setBytes(2, Secrets.sha256(code));
                s.executeUpdate();
            }
            EVENTS.info("caregiver {} joined the circle of patient {} as {}", caregiverId, inv[0], inv[1]);
            return caregiverId;
        });
    }

    private String[] spend(Connection c, String code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE invitation SET accepted_at = ? WHERE code_hash = ?"
                + " AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ? RETURNING patient_id, role")) {
            Instant now = clock.instant();
            s.setTimestamp(1, Timestamp.from(now));
            s.setBytes(2, Secrets.sha256(code == null ? "" : code));
            s.setTimestamp(3, Timestamp.from(now));
            ResultSet rs = s.executeQuery();
            if (!rs.next()) {
                throw CareAppException.notFound("this invitation is unknown, used, withdrawn or expired");
            }
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }
}
