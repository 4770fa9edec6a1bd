package dev.calor.app.api;

import static dev.calor.app.api.ApiOperation.delete;
import static dev.calor.app.api.ApiOperation.get;
import static dev.calor.app.api.ApiOperation.patch;
import static dev.calor.app.api.ApiOperation.post;

import dev.calor.app.CareAppException;
import dev.calor.app.api.model.CircleModels.AssignRequest;
import dev.calor.app.api.model.CircleModels.Assignment;
import dev.calor.app.api.model.CircleModels.InvitationCreated;
import dev.calor.app.api.model.CircleModels.InvitationRequest;
import dev.calor.app.api.model.CircleModels.InvitationView;
import dev.calor.app.api.model.CircleModels.Member;
import dev.calor.app.api.model.CircleModels.MemberUpdate;
import dev.calor.app.api.model.CircleModels.ReplaceRequest;
import dev.calor.app.api.model.CircleModels.ResetCreated;
import dev.calor.app.identity.Invitations;
import dev.calor.app.identity.PasswordResets;
import dev.calor.app.registry.Circles;
import dev.calor.app.registry.Devices;
import dev.calor.app.registry.Role;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Managing a patient's circle: members, invitations, password resets and patches. */
public final class CircleRoutes {

    private final Circles circles;
    private final Invitations invitations;
    private final PasswordResets resets;
    private final Devices devices;

    public CircleRoutes(Circles circles, Invitations invitations, PasswordResets resets, Devices devices) {
        this.circles = circles;
        this.invitations = invitations;
        this.resets = resets;
        this.devices = devices;
    }

    public List<ApiOperation> operations() {
        return List.of(
                get("/patients/{patientId}/members", "listMembers")
                        .tag("circle")
                        .summary("Who is in the patient's circle")
                        .returnsList(Member.class)
                        .handle((ctx, caller) -> {
                            String id = ctx.pathParam("patientId");
                            circles.require(caller.caregiverId(), id);
                            ctx.json(circles.members(id));
                        }),
                patch("/patients/{patientId}/members/{caregiverId}", "updateMember")
                        .tag("circle")
                        .summary("Change a member's role or escalation rank (owner)")
                        .body(MemberUpdate.class)
                        .returns(200, Member.class)
                        .handle((ctx, caller) -> {
                            String id = owner(ctx, caller);
                            MemberUpdate r = ctx.bodyAsClass(MemberUpdate.class);
                            Role role = r.role() == null ? null : role(r.role());
                            ctx.json(circles.update(id, ctx.pathParam("caregiverId"), role, r.escalationRank()));
                        }),
                delete("/patients/{patientId}/members/{caregiverId}", "removeMember")
                        .tag("circle")
                        .summary("Remove a member (owner), or leave the circle (anyone, for themself)")
                        .noContent()
                        .handle((ctx, caller) -> {
                            String id = ctx.pathParam("patientId");
                            Role mine = circles.require(caller.caregiverId(), id);
                            String member = ctx.pathParam("caregiverId");
                            if (!member.equals(caller.caregiverId()) && !mine.mayManageMembers()) {
                                throw CareAppException.forbidden("only an owner may remove someone else");
                            }
                            circles.remove(id, member);
                        }),
                post("/patients/{patientId}/members/{caregiverId}/password-reset", "startPasswordReset")
                        .tag("circle")
                        .summary("Start a member's password reset (owner of every circle the member is in)")
                        .returns(201, ResetCreated.class)
                        .handle(this::startReset),
                get("/patients/{patientId}/invitations", "listInvitations")
                        .tag("circle")
                        .summary("Open invitations (owner)")
                        .returnsList(InvitationView.class)
                        .handle((ctx, caller) -> ctx.json(invitations.open(owner(ctx, caller)))),
                post("/patients/{patientId}/invitations", "createInvitation")
                        .tag("circle")
                        .summary("Invite someone into the circle (owner); single use, valid 7 days")
                        .body(InvitationRequest.class)
                        .returns(201, InvitationCreated.class)
                        .handle((ctx, caller) -> {
                            String id = owner(ctx, caller);
                            InvitationRequest r = ctx.bodyAsClass(InvitationRequest.class);
                            ctx.status(201)
                                    .json(invitations.create(id, role(r.role()), r.email(), caller.caregiverId()));
                        }),
                delete("/patients/{patientId}/invitations/{invitationId}", "revokeInvitation")
                        .tag("circle")
                        .summary("Withdraw an open invitation (owner)")
                        .noContent()
                        .handle((ctx, caller) -> invitations.revoke(owner(ctx, caller), ctx.pathParam("invitationId"))),
                get("/patients/{patientId}/devices", "listDevices")
                        .tag("devices")
                        .summary("The patient's patches, newest first (validUntil null = worn now)")
                        .returnsList(Assignment.class)
                        .handle((ctx, caller) -> {
                            String id = ctx.pathParam("patientId");
                            circles.require(caller.caregiverId(), id);
                            ctx.json(devices.history(id));
                        }),
                post("/patients/{patientId}/devices", "assignDevice")
                        .tag("devices")
                        .summary("Put a patch on the patient (owner)")
                        .body(AssignRequest.class)
                        .returns(201, Assignment.class)
                        .handle((ctx, caller) -> {
                            String id = deviceManager(ctx, caller);
                            AssignRequest r = ctx.bodyAsClass(AssignRequest.class);
                            ctx.status(201).json(devices.assign(id, r.deviceId(), r.site(), r.validFrom()));
                        }),
                post("/patients/{patientId}/devices/{deviceId}/replace", "replaceDevice")
                        .tag("devices")
                        .summary("Replace a worn patch by a new one, without gap or overlap (owner)")
                        .body(ReplaceRequest.class)
                        .returns(201, Assignment.class)
                        .handle((ctx, caller) -> {
                            String id = deviceManager(ctx, caller);
                            ReplaceRequest r = ctx.bodyAsClass(ReplaceRequest.class);
                            ctx.status(201)
                                    .json(devices.replace(
                                            id, ctx.pathParam("deviceId"), r.newDeviceId(), r.site(), r.at()));
                        }),
                delete("/patients/{patientId}/devices/{deviceId}", "endDevice")
                        .tag("devices")
                        .summary("Take a patch off the patient now (owner)")
                        .noContent()
                        .handle((ctx, caller) -> devices.end(deviceManager(ctx, caller), ctx.pathParam("deviceId"))));
    }

    private void startReset(Context ctx, Caller caller) {
        String id = owner(ctx, caller);
        String member = ctx.pathParam("caregiverId");
        if (circles.roleOf(member, id).isEmpty()) {
            throw CareAppException.notFound("no member '" + member + "' in this circle");
        }
        // whoever holds the code controls the account, so only someone who owns every circle it can see
        for (Map.Entry<String, Role> e : circles.patientsOf(member).entrySet()) {
            if (circles.roleOf(caller.caregiverId(), e.getKey()).orElse(null) != Role.OWNER) {
                throw CareAppException.forbidden("this member is also in circles you do not own; they must reset"
                        + " their password through an owner of all of them");
            }
        }
        ctx.status(201).json(resets.create(member, caller.caregiverId()));
    }

    private String owner(Context ctx, Caller caller) {
        String id = ctx.pathParam("patientId");
        if (!circles.require(caller.caregiverId(), id).mayManageMembers()) {
            throw CareAppException.forbidden("only an owner of this circle may do this");
        }
        return id;
    }

    private String deviceManager(Context ctx, Caller caller) {
        String id = ctx.pathParam("patientId");
        if (!circles.require(caller.caregiverId(), id).mayManageDevices()) {
            throw CareAppException.forbidden("only an owner of this circle may manage patches");
        }
        return id;
    }

    private static Role role(String text) {
        try {
            return Role.parse(text);
        } catch (IllegalArgumentException e) {
            throw CareAppException.invalid(e.getMessage(), List.of("role"));
        }
    }
}
