package dev.calor.app.api.model;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of sign-in, invitations and password operations. */
public final class AuthModels {

    private AuthModels() {}

    public record LoginRequest(String email, String password) {}

    public record RefreshRequest(String refreshToken) {}

    public record TokenResponse(
            String accessToken,
            String tokenType,
            long expiresIn,
            String refreshToken,
            long refreshExpiresIn,
            CaregiverView caregiver) {}

    public record InvitationPreview(String patientDisplayName, String role, String invitedBy, Instant expiresAt) {}

    public record AcceptInvitation(String displayName, String email, String password) {}

    public record NewPassword(String password) {}

    public record PasswordChange(String currentPassword, String newPassword) {}

    public record QuietHoursView(String start, String end, String timeZone) {}

    /** A notification channel: {@code app} (MQTT/web push), {@code email} (address) or {@code webhook} (url). */
    public record ChannelView(String kind, String address, String url) {}

    public record CaregiverView(
            String caregiverId,
            String displayName,
            String email,
            int escalationRank,
            QuietHoursView quietHours,
            List<ChannelView> channels) {}

    public record NotificationSettings(QuietHoursView quietHours, List<ChannelView> channels) {}

    public record Health(String status, String database) {}
}
