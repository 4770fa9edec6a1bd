package dev.calor.broker.authz;

import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.Role;
import dev.calor.proto.Topics;
import java.util.List;
import java.util.function.Supplier;

/**
 * Who may publish, subscribe, leave a will and retain where: {@link TopicTable} applied to an identity.
 * Pure: the care-circle index comes from a supplier so a reload is seen by the next decision.
 *
 * <p>Besides the table: a filter with {@code #} or a leading wildcard is refused for everyone, and only
 * workers use shared subscriptions ({@code $share/group/...}).
 */
public final class TopicPolicy {

    private static final String SHARE_PREFIX = "$share/";

    private final int shardCount;
    private final Supplier<CareCircleIndex> careCircle;

    public TopicPolicy(int shardCount, Supplier<CareCircleIndex> careCircle) {
        this.shardCount = shardCount;
        this.careCircle = careCircle;
    }

    /** A non-retained publish as the client sent it (before the extension forwards it). */
    public Decision publish(ClientIdentity who, String topic) {
        return publish(who, topic, false);
    }

    /** A publish as the client sent it: the topic must allow PUBLISH, and RETAIN if it is retained. */
    public Decision publish(ClientIdentity who, String topic, boolean retain) {
        return decide(who, topic, false, Action.PUBLISH, retain);
    }

    /** A will message in a CONNECT: the topic must allow WILL, and RETAIN if the will is retained. */
    public Decision will(ClientIdentity who, String topic, boolean retain) {
        return decide(who, topic, false, Action.WILL, retain);
    }

    /**
     * A publish as it leaves the extension's interceptor: a device's accepted readings have been moved
     * (not retained) to the ingest topic of its shard.
     */
    public Decision publishAfterForwarding(ClientIdentity who, String topic, boolean retain) {
        if (who.role() == Role.DEVICE && !retain && topic.equals(ingestTopicOf(who.name()))) {
            return Decision.allow();
        }
        return publish(who, topic, retain);
    }

    public String ingestTopicOf(String deviceId) {
        return Topics.ingest(Topics.shardOf(deviceId, shardCount), deviceId);
    }

    /** A subscription (also used for every delivery, with the concrete topic as the filter). */
    public Decision subscribe(ClientIdentity who, String topicFilter) {
        boolean shared = topicFilter.startsWith(SHARE_PREFIX);
        String filter = shared ? stripShare(topicFilter) : topicFilter;
        if (filter == null) {
            return Decision.deny("malformed shared subscription '" + topicFilter + "'");
        }
        if (filter.startsWith("#") || filter.startsWith("+") || filter.contains("#")) {
            return Decision.deny("broad wildcard subscriptions ('#', a leading '+') are not allowed");
        }
        if (shared && who.role() != Role.WORKER) {
            return Decision.deny("only workers may use shared subscriptions");
        }
        return decide(who, filter, true, Action.SUBSCRIBE, false);
    }

    private Decision decide(ClientIdentity who, String topic, boolean filter, Action action, boolean retain) {
        String[] levels = topic.split("/", -1);
        boolean outsideCircle = false;
        for (TopicRule rule : TopicTable.of(who.role())) {
            if (!rule.actions().contains(action)) {
                continue;
            }
            Match m = match(rule.levels(), levels, who, filter);
            if (m == Match.YES) {
                if (retain && !rule.actions().contains(Action.RETAIN)) {
                    return Decision.deny("'" + topic + "' may not be retained");
                }
                return Decision.allow();
            }
            outsideCircle |= m == Match.NOT_IN_CARE_CIRCLE;
        }
        if (outsideCircle) {
            return Decision.deny("'" + topic + "' is about a patient outside the care circle of '" + who.name() + "'");
        }
        return Decision.deny(who.role().name().toLowerCase(java.util.Locale.ROOT) + " '" + who.name() + "' may not "
                + action.name().toLowerCase(java.util.Locale.ROOT) + " on '" + topic + "'");
    }

    private enum Match {
        YES,
        NO,
        NOT_IN_CARE_CIRCLE
    }

    private Match match(List<String> template, String[] levels, ClientIdentity who, boolean filter) {
        if (template.size() != levels.length) {
            return Match.NO;
        }
        String caredPatient = null;
        for (int i = 0; i < levels.length; i++) {
            String t = template.get(i);
            String l = levels[i];
            boolean ok =
                    switch (t) {
                        case "{own}" -> l.equals(who.name());
                        case "{any}" -> (filter && l.equals("+")) || Topics.isValidId(l);
                        case "{shard}" -> (filter && l.equals("+")) || isShard(l);
                        case "{cared}" -> {
                            caredPatient = l;
                            yield Topics.isValidId(l);
                        }
                        default -> t.equals(l);
                    };
            if (!ok) {
                return Match.NO;
            }
        }
        if (caredPatient != null && !careCircle.get().mayRead(who, caredPatient)) {
            return Match.NOT_IN_CARE_CIRCLE;
        }
        return Match.YES;
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
