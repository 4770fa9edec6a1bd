package dev.calor.e2e.clinical;

import dev.calor.e2e.clinical.ClinicalScenario.Antipyretic;
import dev.calor.e2e.clinical.ClinicalScenario.Fever;
import dev.calor.e2e.clinical.ClinicalScenario.Hypothermia;
import dev.calor.e2e.clinical.ClinicalScenario.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the clinical scenario library (e2e/clinical-scenarios): fevers of varied shapes and heights,
 * near-threshold fevers, fevers with chills and antipyretics, noisy healthy days and nights, cold rooms,
 * detachments, sensor glitches, true hypothermia, backlogs after outages. Each file carries the truth
 * computed from its noise-free core. Run: {@code java … ClinicalLibrary DIR}.
 */
public final class ClinicalLibrary {

    private ClinicalLibrary() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "e2e/clinical-scenarios");
        Files.createDirectories(dir);
        int n = 0;
        for (ClinicalScenario s : library()) {
            ClinicalScenario withTruth = withTruth(s);
            ClinicalScenarios.write(withTruth, dir.resolve(String.format("%02d-%s.yaml", ++n, s.name())));
        }
        System.out.println(n + " scenarios written to " + dir);
    }

    static ClinicalScenario withTruth(ClinicalScenario s) {
        return new ClinicalScenario(
                s.name(),
                s.seed(),
                s.length(),
                s.sampleInterval(),
                s.site(),
                s.baselineCoreC(),
                s.circadianAmplitudeC(),
                s.ambientDayC(),
                s.ambientNightC(),
                s.noiseC(),
                s.fevers(),
                s.hypothermias(),
                s.activity(),
                s.detachments(),
                s.glitches(),
                s.outages(),
                ClinicalTruth.of(s));
    }

    static List<ClinicalScenario> library() {
        List<ClinicalScenario> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(2026);
        String[] sites = {"SKIN", "AXILLA", "SKIN", "CORE"};
        // fevers of varied heights and shapes
        double[] peaks = {38.4, 38.8, 39.2, 39.6, 40.0, 40.5, 41.3, 38.2, 39.0, 39.8};
        double[] rises = {0.6, 1.0, 2.0, 3.0};
        for (int i = 0; i < peaks.length; i++) {
            double rise = rises[i % rises.length];
            Fever f = new Fever(
                    h(8 + i % 5), peaks[i], rise, Duration.ofMinutes(90 + 30 * (i % 4)), 0.8, false, List.of());
            out.add(day("fever-" + peaks[i] + "-rise-" + rise, r, sites[i % sites.length], 21, 19, List.of(f)));
        }
        // near-threshold fevers: hovering just above 38 °C for hours
        for (int i = 0; i < 5; i++) {
            double peak = 38.15 + 0.05 * i;
            Fever f = new Fever(h(10 + i), peak, 0.5, Duration.ofHours(3), 0.4, false, List.of());
            out.add(day("near-threshold-" + peak, r, i % 2 == 0 ? "SKIN" : "AXILLA", 22, 20, List.of(f)));
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
            out.add(day("chills-antipyretic-" + peak, r, sites[i % sites.length], 21, 18, List.of(f)));
        }
        // night fevers (room cooling at night)
        for (int i = 0; i < 4; i++) {
            Fever f = new Fever(h(22 + i), 38.9 + 0.3 * i, 1.0, Duration.ofHours(2), 0.7, i % 2 == 0, List.of());
            out.add(day("night-fever-" + i, r, i % 2 == 0 ? "SKIN" : "AXILLA", 21, 17, List.of(f)));
        }
        // healthy days and nights, noisy, with activity, some in cool rooms
        for (int i = 0; i < 8; i++) {
            ClinicalScenario s = day("healthy-" + i, r, sites[i % sites.length], 20 + i % 3, 16 + i % 4, List.of());
            out.add(with(
                    s, 0.12 + 0.02 * (i % 3), List.of(new Span(h(9 + i % 3), h(1))), List.of(), List.of(), List.of()));
        }
        // cold rooms: a healthy patient with a chest patch at 15-17 °C, day and night
        for (int i = 0; i < 3; i++) {
            out.add(day("cold-room-" + i, r, "SKIN", 16 + i, 15 + i, List.of()));
        }
        // detachments and re-attachments, with and without fever
        for (int i = 0; i < 3; i++) {
            ClinicalScenario s = day(
                    "detachment-" + i,
                    r,
                    "SKIN",
                    21,
                    19,
                    i == 0 ? List.of() : List.of(new Fever(h(12), 39.0, 1.0, h(2), 0.8, false, List.of())));
            out.add(with(
                    s,
                    0.1,
                    List.of(),
                    List.of(new Span(h(9 + i), Duration.ofMinutes(20 + 10 * i))),
                    List.of(),
                    List.of()));
        }
        // sensor glitches
        for (int i = 0; i < 3; i++) {
            List<Duration> glitches = new ArrayList<>();
            for (int g = 0; g < 6 + 4 * i; g++) {
                glitches.add(Duration.ofMinutes(r.nextInt(60, 23 * 60)));
            }
            out.add(with(
                    day("glitches-" + i, r, sites[i % sites.length], 21, 19, List.of()),
                    0.1,
                    List.of(),
                    List.of(),
                    glitches,
                    List.of()));
        }
        // true hypothermia (core and axilla) and a cooling skin patch
        for (int i = 0; i < 3; i++) {
            ClinicalScenario s =
                    day("hypothermia-" + i, r, i == 2 ? "SKIN" : (i == 0 ? "CORE" : "AXILLA"), 19, 17, List.of());
            out.add(new ClinicalScenario(
                    s.name(),
                    s.seed(),
                    s.length(),
                    s.sampleInterval(),
                    s.site(),
                    s.baselineCoreC(),
                    s.circadianAmplitudeC(),
                    s.ambientDayC(),
                    s.ambientNightC(),
                    s.noiseC(),
                    List.of(),
                    List.of(new Hypothermia(h(10 + i), 34.3 - 0.2 * i, 0.8, h(2))),
                    s.activity(),
                    s.detachments(),
                    s.glitches(),
                    s.outages(),
                    List.of()));
        }
        // backlogs after outages: a fever whose readings arrive hours late
        for (int i = 0; i < 3; i++) {
            ClinicalScenario s = day(
                    "backlog-" + i,
                    r,
                    "SKIN",
                    21,
                    19,
                    List.of(new Fever(h(10), 39.2, 1.0, h(3), 0.8, false, List.of())));
            out.add(with(s, 0.1, List.of(), List.of(), List.of(), List.of(new Span(h(9 + i), h(2 + i)))));
        }
        return out;
    }

    private static ClinicalScenario day(
            String name, SplittableRandom r, String site, double dayC, double nightC, List<Fever> fevers) {
        return new ClinicalScenario(
                name,
                r.nextLong(1, Long.MAX_VALUE),
                Duration.ofDays(1),
                Duration.ofMinutes(1),
                site,
                36.6 + r.nextDouble() * 0.4,
                0.3 + r.nextDouble() * 0.2,
                dayC,
                nightC,
                0.1,
                fevers,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    private static ClinicalScenario with(
            ClinicalScenario s,
            double noise,
            List<Span> activity,
            List<Span> detach,
            List<Duration> glitches,
            List<Span> outages) {
        return new ClinicalScenario(
                s.name(),
                s.seed(),
                s.length(),
                s.sampleInterval(),
                s.site(),
                s.baselineCoreC(),
                s.circadianAmplitudeC(),
                s.ambientDayC(),
                s.ambientNightC(),
                noise,
                s.fevers(),
                s.hypothermias(),
                activity,
                detach,
                glitches,
                outages,
                List.of());
    }

    private static Duration h(double hours) {
        return Duration.ofMinutes(Math.round(hours * 60));
    }
}
