package dev.calor.e2e.clinical;

import dev.calor.contract.serial.BodySite;
import dev.calor.sim.physiology.ScenarioTruth;
import dev.calor.sim.scenario.PatientSpec;
import dev.calor.sim.scenario.RoomSpec;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.ScenarioEvent;
import dev.calor.sim.scenario.ScenarioEvent.Activity;
import dev.calor.sim.scenario.ScenarioEvent.Antipyretic;
import dev.calor.sim.scenario.ScenarioEvent.Detach;
import dev.calor.sim.scenario.ScenarioEvent.Fever;
import dev.calor.sim.scenario.ScenarioEvent.Glitch;
import dev.calor.sim.scenario.ScenarioEvent.Hypothermia;
import dev.calor.sim.scenario.ScenarioEvent.LinkLoss;
import dev.calor.sim.scenario.SensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the clinical scenario library (e2e/clinical-scenarios) as device-sim scenario files: fevers of
 * varied shapes and heights, near-threshold fevers, fevers with chills and antipyretics, noisy healthy
 * days and nights, cold rooms, detachments, sensor glitches, true hypothermia, backlogs after link
 * losses. Each file carries the truth computed from its noise-free core ({@link ScenarioTruth}). Run:
 * {@code java … ClinicalLibrary DIR}.
 */
public final class ClinicalLibrary {

    private ClinicalLibrary() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "e2e/clinical-scenarios");
        Files.createDirectories(dir);
        int n = 0;
        for (Scenario s : library()) {
            ClinicalScenarios.write(
                    s.withTruth(ScenarioTruth.of(s)), dir.resolve(String.format("%02d-%s.yaml", ++n, s.name())));
        }
        System.out.println(n + " scenarios written to " + dir);
    }

    static List<Scenario> library() {
        List<Scenario> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(2026);
        BodySite[] sites = {BodySite.SKIN, BodySite.AXILLA, BodySite.SKIN, BodySite.CORE};
        // fevers of varied heights and shapes
        double[] peaks = {38.4, 38.8, 39.2, 39.6, 40.0, 40.5, 41.3, 38.2, 39.0, 39.8};
        double[] rises = {0.6, 1.0, 2.0, 3.0};
        for (int i = 0; i < peaks.length; i++) {
            double rise = rises[i % rises.length];
            Fever f = new Fever(h(8 + i % 5), peaks[i], rise, Duration.ofMinutes(90 + 30 * (i % 4)), 0.8);
            out.add(day("fever-" + peaks[i] + "-rise-" + rise, r, sites[i % sites.length], 21, 19, 0.1, List.of(f)));
        }
        // near-threshold fevers: hovering just above 38 °C for hours
        for (int i = 0; i < 5; i++) {
            double peak = 38.15 + 0.05 * i;
            Fever f = new Fever(h(10 + i), peak, 0.5, Duration.ofHours(3), 0.4);
            out.add(day(
                    "near-threshold-" + peak,
                    r,
                    i % 2 == 0 ? BodySite.SKIN : BodySite.AXILLA,
                    22,
                    20,
                    0.1,
                    List.of(f)));
        }
        // fevers with chills and antipyretic drops
        for (int i = 0; i < 6; i++) {
            double peak = 39.0 + 0.3 * i;
            Fever f = new Fever(
                    h(6 + 2 * i),
                    peak,
                    1.5,
                    Duration.ofHours(6),
                    0.6,
                    true,
                    List.of(new Antipyretic(h(8 + 2 * i), 0.6 + 0.1 * i)));
            out.add(day("chills-antipyretic-" + peak, r, sites[i % sites.length], 21, 18, 0.1, List.of(f)));
        }
        // night fevers (room cooling at night)
        for (int i = 0; i < 4; i++) {
            Fever f = new Fever(h(22 + i), 38.9 + 0.3 * i, 1.0, Duration.ofHours(2), 0.7, i % 2 == 0, List.of());
            out.add(day("night-fever-" + i, r, i % 2 == 0 ? BodySite.SKIN : BodySite.AXILLA, 21, 17, 0.1, List.of(f)));
        }
        // healthy days and nights, noisy, with activity, some in cool rooms
        for (int i = 0; i < 8; i++) {
            List<ScenarioEvent> activity = List.of(new Activity(h(9 + i % 3), h(1)));
            out.add(day(
                    "healthy-" + i,
                    r,
                    sites[i % sites.length],
                    20 + i % 3,
                    16 + i % 4,
                    0.12 + 0.02 * (i % 3),
                    activity));
        }
        // cold rooms: a healthy patient with a chest patch at 15-17 °C, day and night
        for (int i = 0; i < 3; i++) {
            out.add(day("cold-room-" + i, r, BodySite.SKIN, 16 + i, 15 + i, 0.1, List.of()));
        }
        // detachments and re-attachments (warming up again), with and without fever
        for (int i = 0; i < 3; i++) {
            List<ScenarioEvent> events = new ArrayList<>();
            if (i > 0) {
                events.add(new Fever(h(12), 39.0, 1.0, h(2), 0.8));
            }
            events.add(new Detach(h(9 + i), Duration.ofMinutes(20 + 10 * i)));
            Scenario s = day("detachment-" + i, r, BodySite.SKIN, 21, 19, 0.1, events);
            out.add(withWarmUp(s, Duration.ofMinutes(8)));
        }
        // sensor glitches: single readings a few degrees off, unflagged
        for (int i = 0; i < 3; i++) {
            List<ScenarioEvent> glitches = new ArrayList<>();
            for (int g = 0; g < 6 + 4 * i; g++) {
                glitches.add(new Glitch(Duration.ofMinutes(r.nextInt(60, 23 * 60))));
            }
            out.add(day("glitches-" + i, r, sites[i % sites.length], 21, 19, 0.1, glitches));
        }
        // true hypothermia (core and axilla) and a cooling skin patch
        for (int i = 0; i < 3; i++) {
            BodySite site = i == 2 ? BodySite.SKIN : (i == 0 ? BodySite.CORE : BodySite.AXILLA);
            out.add(day(
                    "hypothermia-" + i,
                    r,
                    site,
                    19,
                    17,
                    0.1,
                    List.of(new Hypothermia(h(10 + i), 34.3 - 0.2 * i, 0.8, h(2)))));
        }
        // backlogs after link losses: a fever whose readings arrive hours late
        for (int i = 0; i < 3; i++) {
            out.add(day(
                    "backlog-" + i,
                    r,
                    BodySite.SKIN,
                    21,
                    19,
                    0.1,
                    List.of(new Fever(h(10), 39.2, 1.0, h(3), 0.8), new LinkLoss(h(9 + i), h(2 + i)))));
        }
        return out;
    }

    /** A day from midnight, one reading a minute, the patch on from the start (no warm-up). */
    private static Scenario day(
            String name,
            SplittableRandom r,
            BodySite site,
            double dayC,
            double nightC,
            double noiseC,
            List<ScenarioEvent> events) {
        long seed = r.nextLong(1, Long.MAX_VALUE);
        PatientSpec patient = new PatientSpec(36.6 + r.nextDouble() * 0.4, 0.3 + r.nextDouble() * 0.2, 17.0);
        return new Scenario(
                name,
                seed,
                null,
                null,
                Duration.ofMinutes(1),
                null,
                Duration.ofDays(1),
                LocalTime.MIDNIGHT,
                patient,
                new SensorSpec(site, null, noiseC, 0.01, Duration.ZERO),
                null,
                null,
                null,
                events,
                new RoomSpec(dayC, nightC, null, null, null, null),
                null);
    }

    private static Scenario withWarmUp(Scenario s, Duration warmUp) {
        SensorSpec sensor = s.sensor();
        return new Scenario(
                s.name(),
                s.seed(),
                s.deviceId(),
                s.firmwareVersion(),
                s.sampleInterval(),
                s.acceleration(),
                s.duration(),
                s.startTime(),
                s.patient(),
                new SensorSpec(sensor.site(), sensor.siteOffsetC(), sensor.noiseC(), sensor.resolutionC(), warmUp),
                s.battery(),
                s.clock(),
                s.link(),
                s.events(),
                s.room(),
                s.truth());
    }

    private static Duration h(double hours) {
        return Duration.ofMinutes(Math.round(hours * 60));
    }
}
