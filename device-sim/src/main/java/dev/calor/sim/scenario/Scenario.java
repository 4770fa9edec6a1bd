package dev.calor.sim.scenario;

import dev.calor.proto.DurationText;
import dev.calor.proto.Topics;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A scenario file: who the patient is, what the patch is like, and what happens when. Time fields other than
 * {@link ClockSpec} and {@link LinkSpec#retransmitAfter()} are scenario time, which runs {@code acceleration}
 * times faster than wall time. Missing fields take the defaults named in the spec records.
 *
 * @param name label for logs
 * @param seed same seed, same readings and same faults (default 1)
 * @param deviceId the patch's device id (default patch-0001)
 * @param firmwareVersion reported in HELLO (default calor-sim 1.0.0)
 * @param sampleInterval scenario time between readings (default 60s)
 * @param acceleration scenario seconds per wall-clock second (default 1)
 * @param duration scenario time after which the patch stops sampling (default 24h)
 * @param startTime scenario local time of day at the start, for the circadian rhythm and the night (default 08:00)
 * @param room the room: day and night temperature, bedding (see {@link RoomSpec})
 * @param truth the episodes the body really has and when a caregiver must have been told (see {@link
 *     dev.calor.sim.physiology.ScenarioTruth}); empty for scenarios that carry none
 */
public record Scenario(
        String name,
        Long seed,
        String deviceId,
        String firmwareVersion,
        Duration sampleInterval,
        Double acceleration,
        Duration duration,
        LocalTime startTime,
        PatientSpec patient,
        SensorSpec sensor,
        BatterySpec battery,
        ClockSpec clock,
        LinkSpec link,
        List<ScenarioEvent> events,
        RoomSpec room,
        List<TrueEpisode> truth) {

    public static final String DEFAULT_DEVICE_ID = "patch-0001";
    public static final String DEFAULT_FIRMWARE = "calor-sim 1.0.0";

    public Scenario {
        name = name == null ? "unnamed" : name;
        seed = seed == null ? 1L : seed;
        deviceId = deviceId == null ? DEFAULT_DEVICE_ID : deviceId;
        firmwareVersion = firmwareVersion == null ? DEFAULT_FIRMWARE : firmwareVersion;
        sampleInterval = sampleInterval == null ? Duration.ofSeconds(60) : sampleInterval;
        acceleration = acceleration == null ? 1.0 : acceleration;
        duration = duration == null ? Duration.ofHours(24) : duration;
        startTime = startTime == null ? LocalTime.of(8, 0) : startTime;
        patient = patient == null ? PatientSpec.DEFAULT : patient;
        sensor = sensor == null ? SensorSpec.DEFAULT : sensor;
        battery = battery == null ? BatterySpec.DEFAULT : battery;
        clock = clock == null ? ClockSpec.DEFAULT : clock;
        link = link == null ? LinkSpec.DEFAULT : link;
        events = events == null ? List.of() : List.copyOf(events);
        room = room == null ? RoomSpec.DEFAULT : room;
        truth = truth == null ? List.of() : List.copyOf(truth);
    }

    /** A scenario in the room by default and without a recorded truth. */
    public Scenario(
            String name,
            Long seed,
            String deviceId,
            String firmwareVersion,
            Duration sampleInterval,
            Double acceleration,
            Duration duration,
            LocalTime startTime,
            PatientSpec patient,
            SensorSpec sensor,
            BatterySpec battery,
            ClockSpec clock,
            LinkSpec link,
            List<ScenarioEvent> events) {
        this(
                name,
                seed,
                deviceId,
                firmwareVersion,
                sampleInterval,
                acceleration,
                duration,
                startTime,
                patient,
                sensor,
                battery,
                clock,
                link,
                events,
                null,
                null);
    }

    /** A healthy patient with every default, for tests and quick runs. */
    public static Scenario defaults() {
        return new Scenario(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Scenario withDeviceId(String id) {
        return with(f -> f.deviceId = id);
    }

    public Scenario withSeed(long s) {
        return with(f -> f.seed = s);
    }

    public Scenario withAcceleration(double a) {
        return with(f -> f.acceleration = a);
    }

    public Scenario withSampleInterval(Duration interval) {
        return with(f -> f.sampleInterval = interval);
    }

    public Scenario withDuration(Duration d) {
        return with(f -> f.duration = d);
    }

    public Scenario withLink(LinkSpec l) {
        return with(f -> f.link = l);
    }

    public Scenario withClock(ClockSpec c) {
        return with(f -> f.clock = c);
    }

    public Scenario withEvents(List<ScenarioEvent> e) {
        return with(f -> f.events = e);
    }

    public Scenario withTruth(List<TrueEpisode> t) {
        return with(f -> f.truth = t);
    }

    /** This scenario with the fields {@code change} sets; the others stay. */
    private Scenario with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.scenario();
    }

    /** A scenario's components, to copy it with some of them changed. */
    private static final class Fields {
        String name;
        Long seed;
        String deviceId;
        String firmwareVersion;
        Duration sampleInterval;
        Double acceleration;
        Duration duration;
        LocalTime startTime;
        PatientSpec patient;
        SensorSpec sensor;
        BatterySpec battery;
        ClockSpec clock;
        LinkSpec link;
        List<ScenarioEvent> events;
        RoomSpec room;
        List<TrueEpisode> truth;

        Fields(Scenario s) {
            name = s.name;
            seed = s.seed;
            deviceId = s.deviceId;
            firmwareVersion = s.firmwareVersion;
            sampleInterval = s.sampleInterval;
            acceleration = s.acceleration;
            duration = s.duration;
            startTime = s.startTime;
            patient = s.patient;
            sensor = s.sensor;
            battery = s.battery;
            clock = s.clock;
            link = s.link;
            events = s.events;
            room = s.room;
            truth = s.truth;
        }

        Scenario scenario() {
            return new Scenario(
                    name,
                    seed,
                    deviceId,
                    firmwareVersion,
                    sampleInterval,
                    acceleration,
                    duration,
                    startTime,
                    patient,
                    sensor,
                    battery,
                    clock,
                    link,
                    events,
                    room,
                    truth);
        }
    }

    /** Wall-clock time between readings at this acceleration. */
    public Duration realSampleInterval() {
        return Duration.ofNanos(Math.round(sampleInterval.toNanos() / acceleration));
    }

    /** Every problem of this scenario; empty when it can run. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        p.addAll(Checks.of()
                .require(
                        Topics.isValidId(deviceId) && deviceId.length() <= 64,
                        "deviceId '" + deviceId + "' must be 1..64 characters of [A-Za-z0-9._-] starting alphanumeric")
                .require(
                        firmwareVersion.length() <= 32
                                && firmwareVersion.chars().allMatch(c -> c >= 0x20 && c <= 0x7E),
                        "firmwareVersion must be at most 32 printable ASCII characters")
                .require(
                        sampleInterval.toSeconds() >= 1
                                && sampleInterval.toSeconds() <= 65535
                                && sampleInterval.toNanosPart() == 0,
                        "sampleInterval must be whole seconds in [1s, 65535s], is "
                                + DurationText.format(sampleInterval))
                .range("acceleration", acceleration, 0.001, 100_000)
                .positive("duration", duration)
                .list());
        if (acceleration > 0 && realSampleInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("sampleInterval / acceleration is " + realSampleInterval().toMillis()
                    + " ms of wall time; it must be at least 1 s because HTS time stamps have one-second resolution");
        }
        p.addAll(prefixed(
                "patient.",
                Checks.of()
                        .range("baselineCoreC", patient.baselineCoreC(), 35.0, 38.0)
                        .range("circadianAmplitudeC", patient.circadianAmplitudeC(), 0.0, 1.5)
                        .range("circadianPeakHour", patient.circadianPeakHour(), 0.0, 24.0)
                        .list()));
        p.addAll(prefixed(
                "sensor.",
                Checks.of()
                        .range("siteOffsetC", sensor.siteOffsetC(), -5.0, 2.0)
                        .range("noiseC", sensor.noiseC(), 0.0, 2.0)
                        .range("resolutionC", sensor.resolutionC(), 0.01, 1.0)
                        .atLeastZero("warmUp", sensor.warmUp())
                        .list()));
        p.addAll(prefixed("room.", room.problems()));
        p.addAll(prefixed(
                "battery.",
                Checks.of()
                        .range("startPercent", battery.startPercent(), 0.0, 100.0)
                        .range("drainPercentPerHour", battery.drainPercentPerHour(), 0.0, 100.0)
                        .range("lowPercent", battery.lowPercent(), 0, 100)
                        .list()));
        p.addAll(prefixed(
                "clock.",
                Checks.of().range("driftPpm", clock.driftPpm(), -10_000, 10_000).list()));
        p.addAll(prefixed(
                "link.",
                Checks.of()
                        .range("corruptionRate", link.corruptionRate(), 0.0, 1.0)
                        .range("duplicateRate", link.duplicateRate(), 0.0, 1.0)
                        .range("reorderRate", link.reorderRate(), 0.0, 1.0)
                        .range("storeCapacity", link.storeCapacity(), 1, 65535)
                        .positive("retransmitAfter", link.retransmitAfter())
                        .range("retransmitBurst", link.retransmitBurst(), 1, 1000)
                        .list()));
        for (int i = 0; i < events.size(); i++) {
            ScenarioEvent e = events.get(i);
            if (e == null) {
                p.add("events[" + i + "] is empty");
                continue;
            }
            p.addAll(prefixed(
                    "events[" + i + "] (" + e.getClass().getSimpleName().toLowerCase() + ").", e.problems()));
        }
        for (int i = 0; i < truth.size(); i++) {
            TrueEpisode e = truth.get(i);
            p.addAll(prefixed("truth[" + i + "].", e == null ? List.of("is empty") : e.problems()));
        }
        return p;
    }

    private static List<String> prefixed(String prefix, List<String> problems) {
        return problems.stream().map(s -> prefix + s).toList();
    }
}
