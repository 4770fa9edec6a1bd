package dev.calor.app.api;

import static dev.calor.app.api.ApiOperation.get;
import static dev.calor.app.api.ApiOperation.post;
import static dev.calor.app.api.ApiOperation.put;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calor.app.CareAppException;
import dev.calor.app.ack.AckPublisher;
import dev.calor.app.api.model.PatientModels.AckAccepted;
import dev.calor.app.api.model.PatientModels.AckRequest;
import dev.calor.app.api.model.PatientModels.AlertList;
import dev.calor.app.api.model.PatientModels.AlertView;
import dev.calor.app.api.model.PatientModels.History;
import dev.calor.app.api.model.PatientModels.NewPatient;
import dev.calor.app.api.model.PatientModels.PatientSummary;
import dev.calor.app.api.model.PatientModels.Reading;
import dev.calor.app.api.model.PatientModels.ThresholdsView;
import dev.calor.app.history.Temperatures;
import dev.calor.app.live.LiveHub;
import dev.calor.app.registry.Circles;
import dev.calor.app.registry.Patients;
import dev.calor.app.registry.Role;
import dev.calor.app.registry.Thresholds;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The patients of my circles: summaries, live stream, history, alerts, acknowledgement, thresholds. */
public final class PatientRoutes {

    private static final ObjectMapper JSON = ApiServer.mapper();
    private static final int MAX_ALERTS = 500;

    private final Circles circles;
    private final Patients patients;
    private final Temperatures temperatures;
    private final LiveHub live;
    private final AckPublisher acks;
    private final Clock clock;

    public PatientRoutes(
            Circles circles,
            Patients patients,
            Temperatures temperatures,
            LiveHub live,
            AckPublisher acks,
            Clock clock) {
        this.circles = circles;
        this.patients = patients;
        this.temperatures = temperatures;
        this.live = live;
        this.acks = acks;
        this.clock = clock;
    }

    public List<ApiOperation> operations() {
        return List.of(
                get("/patients", "listPatients")
                        .tag("patients")
                        .summary("Every patient of my circles, with current temperature and open episodes")
                        .returnsList(PatientSummary.class)
                        .handle((ctx, caller) -> {
                            List<PatientSummary> out = new ArrayList<>();
                            circles.patientsOf(caller.caregiverId()).forEach((id, role) -> out.add(summary(id, role)));
                            ctx.json(out);
                        }),
                post("/patients", "createPatient")
                        .tag("patients")
                        .summary("Add a patient; I become the owner of the circle")
                        .body(NewPatient.class)
                        .returns(201, PatientSummary.class)
                        .handle((ctx, caller) -> {
                            NewPatient r = ctx.bodyAsClass(NewPatient.class);
                            var row =
                                    patients.create(r.patientId(), r.displayName(), r.timeZone(), caller.caregiverId());
                            ctx.status(201).json(summary(row.patientId(), Role.OWNER));
                        }),
                get("/patients/{patientId}", "getPatient")
                        .tag("patients")
                        .summary("One patient of my circles")
                        .returns(200, PatientSummary.class)
                        .handle((ctx, caller) -> {
                            String id = ctx.pathParam("patientId");
                            ctx.json(summary(id, circles.require(caller.caregiverId(), id)));
                        }),
                get("/patients/{patientId}/history", "getHistory")
                        .tag("patients")
                        .summary("Temperature over a range: raw up to 6 h, one-minute roll-up (or coarser) beyond")
                        .query("from", "start, RFC 3339 (default: 24 h before 'to')")
                        .query("to", "end, RFC 3339 (default: now)")
                        .returns(200, History.class)
                        .handle(this::history),
                get("/patients/{patientId}/alerts", "listAlerts")
                        .tag("patients")
                        .summary("Alert transitions, newest first")
                        .query("from", "start, RFC 3339 (default: 7 days before 'to')")
                        .query("to", "end, RFC 3339 (default: now)")
                        .query("limit", "at most this many (1-500, default 100)")
                        .returns(200, AlertList.class)
                        .handle(this::alerts),
                post("/patients/{patientId}/episodes/{episodeId}/ack", "acknowledgeEpisode")
                        .tag("patients")
                        .summary("Acknowledge an episode (stops its reminders and escalation)")
                        .body(AckRequest.class)
                        .returns(202, AckAccepted.class)
                        .handle(this::acknowledge),
                get("/patients/{patientId}/live", "liveUpdates")
                        .tag("patients")
                        .summary("Server-Sent Events: 'reading', 'alert', 'ping' (also accepts ?access_token=)")
                        .produces("text/event-stream")
                        .handle(this::stream),
                get("/patients/{patientId}/thresholds", "getThresholds")
                        .tag("patients")
                        .summary("The patient's alert thresholds and the ranges they may take")
                        .returns(200, ThresholdsView.class)
                        .handle((ctx, caller) -> {
                            String id = ctx.pathParam("patientId");
                            circles.require(caller.caregiverId(), id);
                            ctx.json(thresholds(id));
                        }),
                put("/patients/{patientId}/thresholds", "setThresholds")
                        .tag("patients")
                        .summary("Set the alert thresholds (owner, clinician); unset fields take the defaults")
                        .body(Map.class)
                        .returns(200, ThresholdsView.class)
                        .handle((ctx, caller) -> {
                            String id = ctx.pathParam("patientId");
                            if (!circles.require(caller.caregiverId(), id).mayEditThresholds()) {
                                throw CareAppException.forbidden("only an owner or a clinician may change thresholds");
                            }
                            JsonNode body = JSON.readTree(ctx.body());
                            patients.setThresholds(id, Thresholds.parse(body, id));
                            ctx.json(thresholds(id));
                        }));
    }

    private PatientSummary summary(String patientId, Role role) {
        var row =
                patients.find(patientId).orElseThrow(() -> CareAppException.notFound("no patient '" + patientId + "'"));
        Optional<Reading> current = Optional.empty();
        List<AlertView> open = List.of();
        try {
            current = temperatures.current(patientId);
            open = temperatures.openEpisodes(patientId);
        } catch (CareAppException e) {
            // InfluxDB down: the registry part of the answer is still worth having
        }
        return new PatientSummary(
                row.patientId(),
                row.displayName(),
                row.timeZone(),
                role.wire(),
                current.orElse(null),
                Temperatures.state(open, current.isPresent()),
                open);
    }

    private ThresholdsView thresholds(String patientId) {
        return new ThresholdsView(Thresholds.view(patients.thresholds(patientId), JSON), Thresholds.BOUNDS);
    }

    private void history(Context ctx, Caller caller) {
        String id = ctx.pathParam("patientId");
        circles.require(caller.caregiverId(), id);
        Instant to = time(ctx, "to", clock.instant());
        Instant from = time(ctx, "from", to.minus(Duration.ofHours(24)));
        ctx.json(temperatures.history(id, from, to));
    }

    private void alerts(Context ctx, Caller caller) {
        String id = ctx.pathParam("patientId");
        circles.require(caller.caregiverId(), id);
        Instant to = time(ctx, "to", clock.instant());
        Instant from = time(ctx, "from", to.minus(Duration.ofDays(7)));
        int limit;
        try {
            limit = ctx.queryParam("limit") == null ? 100 : Integer.parseInt(ctx.queryParam("limit"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_ALERTS) {
            throw CareAppException.invalid("limit must be 1.." + MAX_ALERTS, List.of("limit"));
        }
        ctx.json(new AlertList(temperatures.alerts(id, from, to, limit)));
    }

    private void acknowledge(Context ctx, Caller caller) {
        String id = ctx.pathParam("patientId");
        circles.require(caller.caregiverId(), id);
        String episode = ctx.pathParam("episodeId");
        if (!Temperatures.isEpisodeOf(episode, id)) {
            throw CareAppException.notFound("no episode '" + episode + "' of this patient");
        }
        AckRequest r = ctx.body().isBlank() ? new AckRequest(null) : ctx.bodyAsClass(AckRequest.class);
        if (r.note() != null && r.note().length() > 500) {
            throw CareAppException.invalid("note is at most 500 characters", List.of("note"));
        }
        acks.publish(id, episode, caller.caregiverId(), caller.sessionId(), r.note());
        ctx.status(202).json(new AckAccepted(episode, caller.caregiverId()));
    }

    private void stream(Context ctx, Caller caller) throws Exception {
        String id = ctx.pathParam("patientId");
        circles.require(caller.caregiverId(), id);
        new SseHandler(
                        0,
                        client -> live.watch(id, new LiveHub.Watcher(client, caller.caregiverId(), caller.sessionId())))
                .handle(ctx);
    }

    private static Instant time(Context ctx, String name, Instant fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw CareAppException.invalid(
                    name + " must be an RFC 3339 time such as 2026-12-01T09:30:00Z", List.of(name));
        }
    }
}
