package dev.calor.broker.authz;

import dev.calor.broker.auth.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * One row of the authorization table: a role, a topic template and what the role may do there.
 * Template levels are literals or placeholders:
 *
 * <ul>
 *   <li>{@code {own}}: the client's own identity (a device's id);
 *   <li>{@code {cared}}: a patient in the caregiver's care circle;
 *   <li>{@code {any}}: any valid id; a subscription may use {@code +} here;
 *   <li>{@code {shard}}: a shard number below the configured count; a subscription may use {@code +}.
 * </ul>
 *
 * @param role who the row is for
 * @param template the topic, e.g. {@code calor/v1/devices/{own}/status}
 * @param actions what the role may do on matching topics
 */
public record TopicRule(Role role, String template, Set<Action> actions) {

    public TopicRule {
        actions = Set.copyOf(actions);
    }

    static TopicRule of(Role role, String template, Action first, Action... rest) {
        return new TopicRule(role, template, EnumSet.of(first, rest));
    }

    String[] levels() {
        return template.split("/", -1);
    }
}
