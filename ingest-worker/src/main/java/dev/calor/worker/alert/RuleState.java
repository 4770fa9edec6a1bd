package dev.calor.worker.alert;

/**
 * Where one rule of one patient stands. Times are nanoseconds since the Unix epoch: device sample time
 * for the reading-driven rules, worker time for NO_DATA. {@link #NONE} marks an unset time.
 *
 * @param active whether an episode is open (raised, not yet cleared)
 * @param raiseSinceNs first sample of the current run in which the raise condition held
 * @param clearSinceNs first sample of the current run in which the clear condition held
 * @param episodeStartNs start of the open (or last) episode; part of its alert ids
 * @param lastNotifiedNs time of the last raise or reminder, for the reminder interval
 * @param reminders reminders sent in the open episode
 */
public record RuleState(
        boolean active, long raiseSinceNs, long clearSinceNs, long episodeStartNs, long lastNotifiedNs, int reminders) {

    public static final long NONE = Long.MIN_VALUE;
    public static final RuleState IDLE = new RuleState(false, NONE, NONE, NONE, NONE, 0);

    RuleState withRaiseSince(long ns) {
        return new RuleState(active, ns, clearSinceNs, episodeStartNs, lastNotifiedNs, reminders);
    }

    RuleState withClearSince(long ns) {
        return new RuleState(active, raiseSinceNs, ns, episodeStartNs, lastNotifiedNs, reminders);
    }

    RuleState raised(long episodeStartNs, long atNs) {
        return new RuleState(true, NONE, NONE, episodeStartNs, atNs, 0);
    }

    RuleState cleared() {
        return new RuleState(false, NONE, NONE, episodeStartNs, lastNotifiedNs, reminders);
    }

    RuleState reminded(long atNs) {
        return new RuleState(active, raiseSinceNs, clearSinceNs, episodeStartNs, atNs, reminders + 1);
    }

    RuleState resetRuns() {
        return new RuleState(active, NONE, NONE, episodeStartNs, lastNotifiedNs, reminders);
    }
}
