package dev.calor.app.api.model;

import dev.calor.app.mail.EmailOutcome;
import java.time.Instant;

/** Bodies of the care-circle operations: members, invitations, password resets, patches. */
public final class CircleModels {

    private CircleModels() {}

    public record Member(String caregiverId, String displayName, String role, int escalationRank) {}

    public record MemberUpdate(String role, Integer escalationRank) {}

    public record InvitationRequest(String role, String email) {}

    /** @param email whether the invitation went out by e-mail (status sent, failed, not-configured, none) */
    public record InvitationCreated(
            String invitationId, String code, String link, Instant expiresAt, EmailOutcome email) {}

    public record InvitationView(
            String invitationId,
            String role,
            String email,
            Instant expiresAt,
            String createdBy,
            String emailStatus,
            String emailDetail) {}

    public record ResetCreated(String code, String link, Instant expiresAt) {}

    public record Assignment(String deviceId, String site, Instant validFrom, Instant validUntil) {}

    public record AssignRequest(String deviceId, String site, Instant validFrom) {}

    public record ReplaceRequest(String newDeviceId, String site, Instant at) {}
}
