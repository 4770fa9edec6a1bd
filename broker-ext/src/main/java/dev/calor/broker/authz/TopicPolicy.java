package dev.calor.broker.authz;

import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.Role;
import dev.calor.proto.Topics;
import java.util.function.Supplier;

/**
 * Who may publish and subscribe where. Pure: the care-circle index comes from a supplier so a reload is
 * seen by the next decision.
 *
 * <ul>
 *   <li>DEVICE: publishes only under {@code calor/v1/devices/{itsId}/}; subscribes only there.
 *   <li>WORKER: publishes alerts; subscribes to ingest shards (also shared) and device status.
 *   <li>CAREGIVER: subscribes to the alerts of the patients in its care circle; publishes nothing.
 *   <li>OPERATOR: subscribes to dead letters, device status and alerts; publishes nothing.
 * </ul>
 *
 * Nobody subscribes to readings topics, nobody but workers to ingest topics, nobody to a filter that
 * starts with a wildcard.
 */
public final class TopicPolicy {

    private static final String SHARE_PREFIX = "$share/";

    private final int shardCount;
    private final Supplier<CareCircleIndex> careCircle;

    public TopicPolicy(int shardCount, Supplier<CareCircleIndex> careCircle) {
        this.shardCount = shardCount;
        this.careCircle = careCircle;
    }

    /** A publish as the client sent it (before the extension forwards it). */
    public Decision publish(ClientIdentity who, String topic) {
        return switch (who.role()) {
            case DEVICE ->
                topic.startsWith(Topics.deviceRoot(who.name()))
                        ? Decision.allow()
                        : Decision.deny(
                                "device '" + who.name() + "' may publish only under " + Topics.deviceRoot(who.name()));
            case WORKER ->
                Topics.patientOfAlerts(topic).isPresent()
                        ? Decision.allow()
                        : Decision.deny("a worker may publish only patient alerts");
            case CAREGIVER, OPERATOR -> Decision.deny("role " + who.role() + " may not publish");
        };
    }

    /**
     * A publish as it leaves the extension's interceptor: a device's accepted readings have been moved
     * to the ingest topic of its shard.
     */
    public Decision publishAfterForwarding(ClientIdentity who, String topic) {
        if (who.role() == Role.DEVICE && topic.equals(ingestTopicOf(who.name()))) {
            return Decision.allow();
        }
        return publish(who, topic);
    }

    public String ingestTopicOf(String deviceId) {
        return Topics.ingest(Topics.shardOf(deviceId, shardCount), deviceId);
    }

    public Decision subscribe(ClientIdentity who, String topicFilter) {
        boolean shared = topicFilter.startsWith(SHARE_PREFIX);
        String filter = shared ? stripShare(topicFilter) : topicFilter;
        if (filter == null) {
            return Decision.deny("malformed shared subscription '" + topicFilter + "'");
        }
        if (filter.startsWith("#") || filter.startsWith("+")) {
            return Decision.deny("broad wildcard subscriptions are not allowed");
        }
        if (shared && who.role() != Role.WORKER) {
            return Decision.deny("only workers may use shared subscriptions");
        }
        String[] l = filter.split("/", -1);
        if (l.length < 3 || !l[0].equals("calor") || !l[1].equals("v1")) {
            return Decision.deny("only " + Topics.ROOT + "/... topics exist");
        }
        return switch (who.role()) {
            case DEVICE ->
                filter.startsWith(Topics.deviceRoot(who.name()))
                        ? Decision.allow()
                        : Decision.deny("device '" + who.name() + "' may subscribe only under "
                                + Topics.deviceRoot(who.name()));
            case WORKER ->
                isIngestFilter(l) || isStatusFilter(l)
                        ? Decision.allow()
                        : Decision.deny("a worker may subscribe to ingest shards and device status only");
            case CAREGIVER -> caregiverDecision(who.name(), l);
            case OPERATOR ->
                isDeadLetterFilter(l) || isStatusFilter(l) || isAlertsFilter(l, true)
                        ? Decision.allow()
                        : Decision.deny("an operator may subscribe to dead letters, device status and alerts only");
        };
    }

    private Decision caregiverDecision(String username, String[] l) {
        if (!isAlertsFilter(l, false)) {
            return Decision.deny("a caregiver may subscribe only to calor/v1/patients/{patientId}/alerts");
        }
        return careCircle.get().mayRead(username, l[3])
                ? Decision.allow()
                : Decision.deny("patient '" + l[3] + "' is not in the care circle of '" + username + "'");
    }

    /** calor/v1/ingest/{shard|+}/{deviceId|+} */
    private boolean isIngestFilter(String[] l) {
        if (l.length != 5 || !l[2].equals("ingest")) {
            return false;
        }
        boolean shardOk = l[3].equals("+") || isShard(l[3]);
        return shardOk && (l[4].equals("+") || Topics.isValidId(l[4]));
    }

    /** calor/v1/devices/{deviceId|+}/status */
    private static boolean isStatusFilter(String[] l) {
        return l.length == 5
                && l[2].equals("devices")
                && l[4].equals("status")
                && (l[3].equals("+") || Topics.isValidId(l[3]));
    }

    /** calor/v1/dlq/{deviceId|+} */
    private static boolean isDeadLetterFilter(String[] l) {
        return l.length == 4 && l[2].equals("dlq") && (l[3].equals("+") || Topics.isValidId(l[3]));
    }

    /** calor/v1/patients/{patientId}/alerts, with + allowed for the patient only if {@code anyPatient}. */
    private static boolean isAlertsFilter(String[] l, boolean anyPatient) {
        return l.length == 5
                && l[2].equals("patients")
                && l[4].equals("alerts")
                && ((anyPatient && l[3].equals("+")) || Topics.isValidId(l[3]));
    }

    private boolean isShard(String level) {
        if (level.isEmpty() || level.length() > 4 || !level.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int n = Integer.parseInt(level);
        return n < shardCount && String.valueOf(n).equals(level);
    }

    private static String stripShare(String filter) {
        int slash = filter.indexOf('/', SHARE_PREFIX.length());
        if (slash < 0 || slash == SHARE_PREFIX.length() || slash == filter.length() - 1) {
            return null;
        }
        return filter.substring(slash + 1);
    }
}
