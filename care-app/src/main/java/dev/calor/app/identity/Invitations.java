package dev.calor.app.identity;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.AuthModels.InvitationPreview;
import dev.calor.app.api.model.CircleModels.InvitationCreated;
import dev.calor.app.api.model.CircleModels.InvitationView;
import dev.calor.app.db.Database;
import dev.calor.app.mail.EmailOutcome;
import dev.calor.app.mail.InvitationMailer;
import dev.calor.app.metrics.AppMetrics;
import dev.calor.app.registry.Circles;
import dev.calor.app.registry.Role;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An owner invites someone into a patient's circle with a single-use code (also as a link), e-mailed to
 * the invitee when an address is given. The code is stored only as its SHA-256; it expires, can be
 * withdrawn, and is spent on acceptance, whether the invitee creates an account or signs in with an
 * existing one. An owner may create {@link #PER_OWNER} invitations per hour (counted across instances),
 * so the app cannot be made to send a flood of e-mail.
 */
public final class Invitations {

    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.invitation");
    public static final Duration VALIDITY = Duration.ofDays(7);
    public static final RateLimiter.Limit PER_OWNER = new RateLimiter.Limit(30, Duration.ofHours(1));
    private static final String GONE = "this invitation is unknown, used, withdrawn or expired";

    private final Database db;
    private final Circles circles;
    private final Caregivers caregivers;
    private final OneTimeCodes codes;
    private final String publicUrl;
    private final InvitationMailer mailer;
    private final RateLimiter limiter;
    private final AppMetrics metrics;

    /**
     * @param limiter null: no per-owner limit (the operator's command line)
     * @param metrics null: not counted
     */
    public Invitations(
            Database db,
            Circles circles,
            Caregivers caregivers,
            Clock clock,
            String publicUrl,
            InvitationMailer mailer,
            RateLimiter limiter,
            AppMetrics metrics) {
        this.db = db;
        this.circles = circles;
        this.caregivers = caregivers;
        this.codes = new OneTimeCodes("invitation", "accepted_at", "revoked_at IS NULL", "inv_", VALIDITY, clock);
        this.publicUrl = publicUrl;
        this.mailer = mailer;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** Creates the invitation and, when {@code email} is set, sends it there before answering. */
    public InvitationCreated create(String patientId, Role role, String email, String createdBy) {
        String to = email == null || email.isBlank() ? null : email.strip();
        if (to != null && (!to.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || to.length() > 254)) {
            throw CareAppException.invalid("email must be an e-mail address", List.of("email"));
        }
        if (limiter != null && createdBy != null) {
            long wait = limiter.hit("invite:" + createdBy, PER_OWNER);
            if (wait > 0) {
                if (metrics != null) {
                    metrics.throttled.labelValues("invitations").inc();
                }
                throw CareAppException.throttled("too many invitations in the last hour; try again later", wait);
            }
        }
        OneTimeCodes.Issued code = codes.issue();
        String id = "inv-" + UUID.randomUUID().toString().substring(0, 8);
        String link = publicUrl + "/#/join/" + code.code();
        String[] names = db.query(c -> {
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO invitation (invitation_id, code_hash, patient_id, role, email,"
                            + " created_by, created_at, expires_at) VALUES (?,?,?,?,?,?,?,?)")) {
                s.setString(1, id);
                s.setBytes(2, code.hash());
                s.setString(3, patientId);
                s.setString(4, role.wire());
                s.setString(5, to);
                s.setString(6, createdBy);
                s.setTimestamp(7, Timestamp.from(code.createdAt()));
                s.setTimestamp(8, Timestamp.from(code.expiresAt()));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("SELECT p.display_name, coalesce(g.display_name, '')"
                    + " FROM patient p LEFT JOIN caregiver g ON g.caregiver_id = ? WHERE p.patient_id = ?")) {
                s.setString(1, createdBy);
                s.setString(2, patientId);
                ResultSet rs = s.executeQuery();
                rs.next();
                return new String[] {rs.getString(1), rs.getString(2)};
            }
        });
        EVENTS.info(
                "{} invited {} as {} to patient {} ({})",
                createdBy,
                to == null ? "someone" : to,
                role.wire(),
                patientId,
                id);
        EmailOutcome sent = to == null
                ? EmailOutcome.none()
                : mailer.send(new InvitationMailer.Letter(
                        id, to, names[0], names[1], role.wire(), link, code.code(), code.expiresAt()));
        record(id, sent);
        return new InvitationCreated(id, code.code(), link, code.expiresAt(), sent);
    }

    private void record(String invitationId, EmailOutcome sent) {
        db.query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE invitation SET email_status = ?, email_detail = ? WHERE invitation_id = ?")) {
                s.setString(1, sent.status());
                s.setString(2, sent.detail());
                s.setString(3, invitationId);
                return s.executeUpdate();
            }
        });
        if (metrics != null) {
            metrics.invitations.labelValues(sent.status()).inc();
        }
    }

    public List<InvitationView> open(String patientId) {
        return db.query(c -> {
            List<InvitationView> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT invitation_id, role, email, expires_at, created_by,"
                    + " email_status, email_detail FROM invitation WHERE patient_id = ? AND "
                    + codes.openCondition() + " ORDER BY created_at")) {
                s.setString(1, patientId);
                s.setTimestamp(2, codes.now());
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    out.add(new InvitationView(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7)));
                }
            }
            return out;
        });
    }

    public void revoke(String patientId, String invitationId) {
        int n = db.query(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE invitation SET revoked_at = ? WHERE invitation_id = ?"
                    + " AND patient_id = ? AND accepted_at IS NULL AND revoked_at IS NULL")) {
                s.setTimestamp(1, codes.now());
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
                    "SELECT p.display_name, i.role, coalesce(g.display_name, ''), i.expires_at FROM invitation i"
                            + " JOIN patient p USING (patient_id) LEFT JOIN caregiver g ON g.caregiver_id = i.created_by"
                            + " WHERE i.code_hash = ? AND " + codes.openCondition())) {
                s.setBytes(1, OneTimeCodes.hash(code));
                s.setTimestamp(2, codes.now());
                ResultSet rs = s.executeQuery();
                if (!rs.next()) {
                    throw CareAppException.notFound(GONE);
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
            String[] inv = codes.spend(c, code, GONE, "invitation_id", "patient_id", "role");
            String caregiverId = existing != null ? existing : caregivers.create(c, displayName, email, password);
            circles.add(c, inv[1], caregiverId, Role.parse(inv[2]));
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE invitation SET accepted_by = ? WHERE invitation_id = ?")) {
                s.setString(1, caregiverId);
                s.setString(2, inv[0]);
                s.executeUpdate();
            }
            EVENTS.info("caregiver {} joined the circle of patient {} as {}", caregiverId, inv[1], inv[2]);
            return caregiverId;
        });
    }
}
