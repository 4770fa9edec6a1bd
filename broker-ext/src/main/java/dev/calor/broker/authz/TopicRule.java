package dev.calor.broker.authz;

import dev.calor.broker.auth.Role;
import java.util.EnumSet;
import java.util.List;
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
 * @param levels the template split at {@code /}; always derived from {@code template} (what is passed is
 *     replaced), kept so that a decision does not split every template again
 */
public record TopicRule(Role role, String template, Set<Action> actions, List<String> levels) {

    public TopicRule {
        actions = Set.copyOf(actions);
        levels = List.of(template.split("/", -1)); // derived, split once: every decision walks them
    }

    static TopicRule of(Role role, String template, Action first, Action... rest) {
        return new TopicRule(role, template, EnumSet.of(first, rest), List.of());
    }
}
