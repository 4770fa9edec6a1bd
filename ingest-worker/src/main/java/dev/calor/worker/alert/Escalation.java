package dev.calor.worker.alert;

import dev.calor.proto.v1.AlertFamily;
import dev.calor.proto.v1.AlertTransition;
import java.util.List;

/**
 * A critical episode nobody acknowledged escalates every {@code escalateAfter} (worker time) to the
 * next tier of the circle (tier n = caregivers of the (n+1)-th escalation rank; the last tier is every
 * caregiver), until someone acknowledges it or every tier has been reached.
 */
final class Escalation {

    private Escalation() {}

    static void apply(EpisodeStep s, PatientProfile profile) {
        long after = profile.rules().escalateAfter().toNanos();
        for (AlertFamily f : List.copyOf(s.d.episodes.keySet())) {
            Episode e = s.d.episodes.get(f);
            if (!e.open()
                    || e.isAcknowledged()
                    || !Families.isCritical(e.kind())
                    || e.criticalSinceNs() == RuleState.NONE
                    || e.escalations() >= profile.escalationTiers()
                    || s.nowNs - e.criticalSinceNs() < after) {
                continue;
            }
            Episode next = e.escalated(s.nowNs);
            s.d.episodes.put(f, next);
            s.emit(f, AlertTransition.ALERT_TRANSITION_ESCALATED, next.escalations(), s.nowNs, null, s.d.deviceId);
        }
    }
}
