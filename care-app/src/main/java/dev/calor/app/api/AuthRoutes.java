package dev.calor.app.api;

import static dev.calor.app.api.ApiOperation.get;
import static dev.calor.app.api.ApiOperation.post;
import static dev.calor.app.api.ApiOperation.put;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.AuthModels.AcceptInvitation;
import dev.calor.app.api.model.AuthModels.CaregiverView;
import dev.calor.app.api.model.AuthModels.ChannelView;
import dev.calor.app.api.model.AuthModels.Health;
import dev.calor.app.api.model.AuthModels.InvitationPreview;
import dev.calor.app.api.model.AuthModels.LoginRequest;
import dev.calor.app.api.model.AuthModels.NewPassword;
import dev.calor.app.api.model.AuthModels.NotificationSettings;
import dev.calor.app.api.model.AuthModels.PasswordChange;
import dev.calor.app.api.model.AuthModels.RefreshRequest;
import dev.calor.app.api.model.AuthModels.TokenResponse;
import dev.calor.app.db.Database;
import dev.calor.app.identity.Caregivers;
import dev.calor.app.identity.Invitations;
import dev.calor.app.identity.PasswordResets;
import dev.calor.app.identity.Sessions;
import dev.calor.app.identity.SigningKeys;
import io.javalin.http.Context;
import java.util.List;

/** Sign-in, tokens, invitations, password operations and the caller's own account. */
public final class AuthRoutes {

    private final Database db;
    private final Sessions sessions;
    private final Caregivers caregivers;
    private final Invitations invitations;
    private final PasswordResets resets;
    private final SigningKeys keys;

    public AuthRoutes(
            Database db,
            Sessions sessions,
            Caregivers caregivers,
            Invitations invitations,
            PasswordResets resets,
            SigningKeys keys) {
        this.db = db;
        this.sessions = sessions;
        this.caregivers = caregivers;
        this.invitations = invitations;
        this.resets = resets;
        this.keys = keys;
    }

    public List<ApiOperation> operations() {
        return List.of(
                get("/health", "health")
                        .tag("system")
                        .summary("Liveness and database reachability")
                        .open()
                        .returns(200, Health.class)
                        .handle((ctx, caller) -> {
                            boolean up = db.isUp();
                            ctx.status(up ? 200 : 503).json(new Health(up ? "up" : "degraded", up ? "up" : "down"));
                        }),
                get("/jwks.json", "jwks")
                        .tag("system")
                        .summary("Public keys that verify access tokens (RFC 7517)")
                        .open()
                        .produces("application/jwk-set+json")
                        .handle((ctx, caller) -> ctx.contentType("application/jwk-set+json")
                                .result(keys.publicKeys().toString())),
                post("/auth/login", "login")
                        .tag("auth")
                        .summary("Sign in with e-mail address and password")
                        .open()
                        .body(LoginRequest.class)
                        .returns(200, TokenResponse.class)
                        .handle((ctx, caller) -> {
                            LoginRequest r = ctx.bodyAsClass(LoginRequest.class);
                            ctx.json(tokens(sessions.login(r.email(), r.password(), ctx.ip())));
                        }),
                post("/auth/refresh", "refresh")
                        .tag("auth")
                        .summary("Trade a refresh token for new tokens")
                        .open()
                        .body(RefreshRequest.class)
                        .returns(200, TokenResponse.class)
                        .handle((ctx, caller) -> ctx.json(tokens(sessions.refresh(
                                ctx.bodyAsClass(RefreshRequest.class).refreshToken())))),
                post("/auth/logout", "logout")
                        .tag("auth")
                        .summary("End this sign-in (refresh and access tokens)")
                        .noContent()
                        .handle((ctx, caller) -> sessions.logout(caller.sessionId())),
                get("/invitations/{code}", "previewInvitation")
                        .tag("auth")
                        .summary("What an invitation is for")
                        .open()
                        .returns(200, InvitationPreview.class)
                        .handle((ctx, caller) -> ctx.json(invitations.preview(ctx.pathParam("code")))),
                post("/invitations/{code}/accept", "acceptInvitation")
                        .tag("auth")
                        .summary("Join the circle: create an account, or sign in with an existing one")
                        .open()
                        .body(AcceptInvitation.class)
                        .returns(201, TokenResponse.class)
                        .handle((ctx, caller) -> {
                            AcceptInvitation r = ctx.bodyAsClass(AcceptInvitation.class);
                            String id =
                                    invitations.accept(ctx.pathParam("code"), r.displayName(), r.email(), r.password());
                            ctx.status(201).json(tokens(sessions.open(id)));
                        }),
                post("/password-resets/{code}", "resetPassword")
                        .tag("auth")
                        .summary("Set a new password with a reset code")
                        .open()
                        .body(NewPassword.class)
                        .noContent()
                        .handle((ctx, caller) -> resets.use(
                                ctx.pathParam("code"),
                                ctx.bodyAsClass(NewPassword.class).password())),
                get("/me", "me")
                        .tag("me")
                        .summary("My account and notification settings")
                        .returns(200, CaregiverView.class)
                        .handle((ctx, caller) -> ctx.json(caregivers.view(caller.caregiverId()))),
                put("/me/notifications", "setNotifications")
                        .tag("me")
                        .summary("Set my channels and quiet hours")
                        .body(NotificationSettings.class)
                        .returns(200, CaregiverView.class)
                        .handle((ctx, caller) -> ctx.json(caregivers.setNotifications(
                                caller.caregiverId(), ctx.bodyAsClass(NotificationSettings.class)))),
                post("/me/channels/{position}/signing-secret", "rotateWebhookSecret")
                        .tag("me")
                        .summary("Give my webhook at this position of my channels a new signing secret, shown once")
                        .returns(200, ChannelView.class)
                        .handle((ctx, caller) -> ctx.json(
                                caregivers.rotateSecret(caller.caregiverId(), position(ctx.pathParam("position"))))),
                put("/me/password", "changePassword")
                        .tag("me")
                        .summary("Change my password (ends every sign-in of mine)")
                        .body(PasswordChange.class)
                        .noContent()
                        .handle(this::changePassword));
    }

    private static int position(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw CareAppException.notFound("channel positions are numbers (0 = the first channel)");
        }
    }

    private void changePassword(Context ctx, Caller caller) {
        PasswordChange r = ctx.bodyAsClass(PasswordChange.class);
        if (!caregivers.passwordMatches(caller.caregiverId(), r.currentPassword())) {
            throw CareAppException.forbidden("the current password is wrong");
        }
        db.inTransaction(c -> {
            caregivers.setPassword(c, caller.caregiverId(), r.newPassword());
            sessions.revokeAll(c, caller.caregiverId(), "password changed");
            return null;
        });
    }

    private TokenResponse tokens(Sessions.Issued i) {
        return new TokenResponse(
                i.accessToken(),
                "Bearer",
                i.expiresIn(),
                i.refreshToken(),
                i.refreshExpiresIn(),
                caregivers.view(i.caregiverId()));
    }
}
