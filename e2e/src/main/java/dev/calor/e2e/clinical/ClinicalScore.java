package dev.calor.e2e.clinical;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.sim.scenario.Scenario;
import dev.calor.sim.scenario.TrueEpisode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scores the engine's episodes against the scenarios' truth. A true episode is <b>detected</b> when an
 * episode of its family reached one of its expected kinds (fever or graver; hypothermia, or the skin-only
 * warning for a skin patch) no earlier than 15 min before the true onset and no later than the latest
 * acceptable alert time. The <b>delay</b> is from the true onset to that moment. RAISED per true episode
 * counts the family's RAISED transitions from 30 min before onset to 30 min after the end. A <b>false
 * episode</b> is an engine episode at a clinical level (fever or graver, critical hypothermia) that
 * overlaps no true episode.
 */
public final class ClinicalScore {

    private static final Set<String> FEVER_LEVELS = Set.of("FEVER", "HIGH_FEVER", "HYPERPYREXIA");

    /** The figures of one run; every delay is in seconds. */
    public record Result(
            int scenarios,
            int trueEpisodes,
            int detected,
            int falseEpisodes,
            double patientDays,
            int maxRaises,
            double meanRaises,
            double medianDelayS,
            double p90DelayS,
            List<String> misses) {

        public double sensitivity() {
            return trueEpisodes == 0 ? 1.0 : (double) detected / trueEpisodes;
        }

        public double falsePerPatientDay() {
            return patientDays == 0 ? 0 : falseEpisodes / patientDays;
        }

        public List<String> failedTargets(Duration sustain) {
            List<String> failed = new ArrayList<>();
            if (sensitivity() < 0.98) {
                failed.add(String.format(Locale.ROOT, "sensitivity %.3f < 0.98", sensitivity()));
            }
            if (falsePerPatientDay() > 0.05) {
                failed.add(
                        String.format(Locale.ROOT, "false episodes %.3f per patient-day > 0.05", falsePerPatientDay()));
            }
            if (trueEpisodes > 0 && (maxRaises != 1 || meanRaises != 1.0)) {
                failed.add("RAISED per true episode max " + maxRaises + ", mean " + meanRaises + " (want exactly 1)");
            }
            if (medianDelayS > sustain.plusMinutes(2).toSeconds()) {
                failed.add(String.format(
                        Locale.ROOT,
                        "median delay %.0f s > %d s",
                        medianDelayS,
                        sustain.plusMinutes(2).toSeconds()));
            }
            return failed;
        }

        public String table() {
            return String.format(
                    Locale.ROOT,
                    "| scenarios | true episodes | detected (sensitivity) | false episodes per patient-day | RAISED per true episode (max / mean) | delay from true onset, median / p90 |%n"
                            + "|---|---|---|---|---|---|%n"
                            + "| %d | %d | %d (%.3f) | %.3f (%d in %.1f patient-days) | %d / %.2f | %.0f s / %.0f s |%n",
                    scenarios,
                    trueEpisodes,
                    detected,
                    sensitivity(),
                    falsePerPatientDay(),
                    falseEpisodes,
                    patientDays,
                    maxRaises,
                    meanRaises,
                    medianDelayS,
                    p90DelayS);
        }

        public String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"scenarios\":%d,\"true_episodes\":%d,\"detected\":%d,\"sensitivity\":%.4f,"
                            + "\"false_episodes\":%d,\"patient_days\":%.2f,\"false_episodes_per_patient_day\":%.4f,"
                            + "\"max_raises_per_true_episode\":%d,\"mean_raises_per_true_episode\":%.3f,"
                            + "\"median_delay_s\":%.1f,\"p90_delay_s\":%.1f}",
                    scenarios,
                    trueEpisodes,
                    detected,
                    sensitivity(),
                    falseEpisodes,
                    patientDays,
                    falsePerPatientDay(),
                    maxRaises,
                    meanRaises,
                    medianDelayS,
                    p90DelayS);
        }
    }

    private ClinicalScore() {}

    public static Result score(List<Scenario> scenarios) {
        int trueEpisodes = 0;
        int detected = 0;
        int falseEpisodes = 0;
        double days = 0;
        List<Integer> raises = new ArrayList<>();
        List<Double> delays = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        for (Scenario s : scenarios) {
            days += s.duration().toSeconds() / 86_400.0;
            List<Alert> alerts = ClinicalRun.alerts(s);
            Map<String, List<Alert>> episodes = new LinkedHashMap<>();
            for (Alert a : alerts) {
                if (a.getFamily() == AlertFamily.ALERT_FAMILY_FEVER
                        || a.getFamily() == AlertFamily.ALERT_FAMILY_HYPOTHERMIA) {
                    episodes.computeIfAbsent(a.getEpisodeId(), k -> new ArrayList<>())
                            .add(a);
                }
            }
            List<String> matched = new ArrayList<>();
            for (TrueEpisode te : s.truth()) {
                trueEpisodes++;
                Duration from = te.onset().minusMinutes(15);
                Duration told = null;
                int raised = 0;
                for (Map.Entry<String, List<Alert>> e : episodes.entrySet()) {
                    if (!familyOf(e.getValue()).equals(te.family())) {
                        continue;
                    }
                    for (Alert a : e.getValue()) {
                        Duration at = ClinicalRun.scenarioTime(a.getEventTimeUnixNs());
                        if (a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED
                                && at.compareTo(te.onset().minusMinutes(30)) >= 0
                                && at.compareTo(te.end().plusMinutes(30)) <= 0) {
                            raised++;
                        }
                        boolean level = te.expectedKinds().contains(kind(a))
                                || (te.family().equals("FEVER") && FEVER_LEVELS.contains(kind(a)));
                        boolean raisesLevel = a.getTransition() == AlertTransition.ALERT_TRANSITION_RAISED
                                || a.getTransition() == AlertTransition.ALERT_TRANSITION_UPDATED;
                        if (level && raisesLevel && at.compareTo(from) >= 0 && at.compareTo(te.end()) <= 0) {
                            if (told == null || at.compareTo(told) < 0) {
                                told = at;
                            }
                            matched.add(e.getKey());
                        }
                    }
                }
                raises.add(raised);
                if (told != null && told.compareTo(te.latestAlert()) <= 0) {
                    detected++;
                    delays.add((double) told.minus(te.onset()).toSeconds());
                } else {
                    misses.add(s.name() + ": " + te.family() + " at " + te.onset()
                            + (told == null ? " not detected" : " detected late, at " + told));
                }
            }
            for (Map.Entry<String, List<Alert>> e : episodes.entrySet()) {
                boolean clinical = e.getValue().stream()
                        .anyMatch(a -> FEVER_LEVELS.contains(kind(a)) || kind(a).equals("HYPOTHERMIA"));
                if (clinical && !matched.contains(e.getKey()) && !overlapsTruth(s, e.getValue())) {
                    falseEpisodes++;
                    misses.add(s.name() + ": false episode " + e.getKey());
                }
            }
        }
        delays.sort(null);
        return new Result(
                scenarios.size(),
                trueEpisodes,
                detected,
                falseEpisodes,
                days,
                raises.stream().mapToInt(Integer::intValue).max().orElse(0),
                raises.stream().mapToInt(Integer::intValue).average().orElse(0),
                percentile(delays, 0.5),
                percentile(delays, 0.9),
                misses);
    }

    private static boolean overlapsTruth(Scenario s, List<Alert> episode) {
        Duration start = ClinicalRun.scenarioTime(episode.get(0).getEventTimeUnixNs());
        Duration end = ClinicalRun.scenarioTime(episode.get(episode.size() - 1).getEventTimeUnixNs());
        return s.truth().stream()
                .anyMatch(te -> start.compareTo(te.end().plusMinutes(30)) <= 0
                        && end.compareTo(te.onset().minusMinutes(30)) >= 0);
    }

    private static String familyOf(List<Alert> episode) {
        return episode.get(0).getFamily().name().replace("ALERT_FAMILY_", "");
    }

    private static String kind(Alert a) {
        return a.getKind().name().replace("ALERT_KIND_", "");
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
