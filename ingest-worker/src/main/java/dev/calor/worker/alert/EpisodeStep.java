package dev.calor.worker.alert;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertTransition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation in progress: the rules set each kind's level, then {@link #settle} turns the levels of
 * a family into episode transitions (RAISED, UPDATED, REMINDER, CLEARED) and the alerts that say so.
 */
final class EpisodeStep {

    final PatientAlertState.Draft d;
    final PatientProfile profile;
    final long nowNs;
    private final long lateAfterNs;
    private final List<Alert> alerts = new ArrayList<>();
    Integer battery;

    EpisodeStep(PatientAlertState state, PatientProfile profile, long nowNs, long lateAfterNs) {
        this.d = state.draft();
        this.profile = profile;
        this.nowNs = nowNs;
        this.lateAfterNs = lateAfterNs;
    }

    void raise(AlertKind k, long t) {
        if (!d.active(k)) {
            d.levels.put(k, d.level(k).raised(t, t));
        }
    }

    void clear(AlertKind k) {
        if (d.active(k)) {
            d.levels.put(k, d.level(k).cleared());
        }
    }

    /**
     * Brings the family's episode in line with its levels.
     *
     * @param t event time of this step (sample time, or worker time for NO_DATA)
     * @param startNs start of a new episode (usually {@code t})
     */
    void settle(AlertFamily family, long t, long startNs, Double value, String deviceId) {
        AlertKind lead = null;
        for (AlertKind k : Families.LEVELS.get(family)) {
            if (d.active(k)) {
                lead = k;
            }
        }
        Episode e = d.episodes.get(family);
        boolean open = e != null && e.open();
        if (lead != null && !open) {
            Episode raised = Episode.raised(startNs, lead, t);
            d.episodes.put(family, Families.isCritical(lead) ? raised.critical(nowNs) : raised);
            emit(family, AlertTransition.ALERT_TRANSITION_RAISED, 0, t, value, deviceId);
        } else if (lead != null && lead != e.kind()) {
            Episode next = e.updated(lead, t);
            if (Families.isCritical(lead) && !Families.isCritical(e.kind()) && !next.isAcknowledged()) {
                next = next.critical(nowNs);
            }
            d.episodes.put(family, next);
            emit(family, AlertTransition.ALERT_TRANSITION_UPDATED, next.updates(), t, value, deviceId);
        } else if (lead == null && open) {
            emit(family, AlertTransition.ALERT_TRANSITION_CLEARED, 0, t, value, deviceId);
            d.episodes.put(family, e.closed());
        } else if (open) {
            remindIfDue(family, t, value, deviceId);
        }
    }

    /** A reminder every reminder interval while open and unacknowledged; never a late one. */
    void remindIfDue(AlertFamily family, long t, Double value, String deviceId) {
        Episode e = d.episodes.get(family);
        long interval = profile.rules().reminderInterval().toNanos();
        if (e == null || !e.open() || e.isAcknowledged() || t - e.lastNotifiedNs() < interval || isLate(t)) {
            return;
        }
        Episode next = e.reminded(t);
        d.episodes.put(family, next);
        emit(family, AlertTransition.ALERT_TRANSITION_REMINDER, next.reminders(), t, value, deviceId);
    }

    /** Emits a transition of the family's current episode (state already updated by the caller). */
    Alert emit(AlertFamily family, AlertTransition transition, int n, long eventNs, Double value, String deviceId) {
        Episode e = d.episodes.get(family);
        String episodeId = AlertIds.episode(d.patientId, family, e.startNs());
        AlertKind k = e.kind();
        Alert.Builder a = Alert.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setAlertId(AlertIds.of(episodeId, transition, n))
                .setEpisodeId(episodeId)
                .setFamily(family)
                .setPatientId(d.patientId)
                .setKind(k)
                .setTransition(transition)
                .setSeverity(Families.severityOf(k))
                .setEpisodeStartUnixNs(e.startNs())
                .setEventTimeUnixNs(eventNs)
                .setEmittedTimeUnixNs(nowNs)
                .setDeviceId(deviceId == null ? "" : deviceId)
                .setLate(isLate(eventNs));
        if (value != null) {
            a.setValueCelsius(value);
        }
        Double threshold = threshold(k);
        if (threshold != null) {
            a.setThresholdCelsius(threshold);
        }
        if (k == AlertKind.ALERT_KIND_LOW_BATTERY && battery != null) {
            a.setBatteryPercent(battery);
        }
        if (transition == AlertTransition.ALERT_TRANSITION_ACKNOWLEDGED) {
            a.setAcknowledgedBy(e.acknowledgedBy()).setAcknowledgedTimeUnixNs(nowNs);
        }
        if (transition == AlertTransition.ALERT_TRANSITION_ESCALATED) {
            a.setEscalationLevel(e.escalations());
        }
        Alert partial = a.build();
        Alert done = partial.toBuilder()
                .setMessage(AlertMessages.describe(partial, profile.zone(), Instant.ofEpochSecond(0, nowNs)))
                .build();
        alerts.add(done);
        return done;
    }

    private Double threshold(AlertKind k) {
        AlertRules r = profile.rules();
        return switch (k) {
            case ALERT_KIND_FEVER -> r.feverCelsius();
            case ALERT_KIND_HIGH_FEVER -> r.highFeverCelsius();
            case ALERT_KIND_HYPERPYREXIA -> r.hyperpyrexiaCelsius();
            case ALERT_KIND_HYPOTHERMIA, ALERT_KIND_LOW_SKIN_TEMPERATURE -> r.hypothermiaCelsius();
            case ALERT_KIND_RAPID_RISE -> r.rapidRiseCelsius();
            case ALERT_KIND_ABOVE_BASELINE -> {
                double t = BaselineRiseRule.threshold(d, r);
                yield Double.isNaN(t) ? null : t;
            }
            case ALERT_KIND_SENSOR_DETACHED -> r.detachedBelowCelsius();
            default -> null;
        };
    }

    boolean isLate(long eventNs) {
        return nowNs - eventNs > lateAfterNs;
    }

    Evaluation done() {
        return new Evaluation(d.build(), alerts);
    }
}
