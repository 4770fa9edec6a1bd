package dev.calor.broker.authz;

import static dev.calor.broker.authz.Action.PUBLISH;
import static dev.calor.broker.authz.Action.RETAIN;
import static dev.calor.broker.authz.Action.SUBSCRIBE;
import static dev.calor.broker.authz.Action.WILL;

import dev.calor.broker.auth.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The allowlist: every topic a role may publish, subscribe, leave a will on or retain. Anything not in
 * this table is refused. The README's authorization matrix is this table.
 */
public final class TopicTable {

    public static final List<TopicRule> RULES = List.of(
            TopicRule.of(Role.DEVICE, "calor/v1/devices/{own}/readings", PUBLISH),
            TopicRule.of(Role.DEVICE, "calor/v1/devices/{own}/status", PUBLISH, SUBSCRIBE, WILL, RETAIN),
            TopicRule.of(Role.WORKER, "calor/v1/ingest/{shard}/{any}", SUBSCRIBE),
            TopicRule.of(Role.WORKER, "calor/v1/devices/{any}/status", SUBSCRIBE),
            TopicRule.of(Role.WORKER, "calor/v1/patients/{any}/alerts", PUBLISH),
            TopicRule.of(Role.WORKER, "calor/v1/patients/{any}/alerts/state", PUBLISH, RETAIN),
            TopicRule.of(Role.WORKER, "calor/v1/patients/{any}/alerts/ack", SUBSCRIBE),
            TopicRule.of(Role.CAREGIVER, "calor/v1/patients/{cared}/alerts", SUBSCRIBE),
            TopicRule.of(Role.CAREGIVER, "calor/v1/patients/{cared}/alerts/state", SUBSCRIBE),
            TopicRule.of(Role.CAREGIVER, "calor/v1/patients/{cared}/alerts/ack", PUBLISH),
            TopicRule.of(Role.OPERATOR, "calor/v1/dlq/{any}", SUBSCRIBE),
            TopicRule.of(Role.OPERATOR, "calor/v1/devices/{any}/status", SUBSCRIBE),
            TopicRule.of(Role.OPERATOR, "calor/v1/patients/{any}/alerts", SUBSCRIBE),
            TopicRule.of(Role.OPERATOR, "calor/v1/patients/{any}/alerts/state", SUBSCRIBE));

    private TopicTable() {}

    private static final Map<Role, List<TopicRule>> BY_ROLE = byRole();

    public static List<TopicRule> of(Role role) {
        return BY_ROLE.get(role);
    }

    private static Map<Role, List<TopicRule>> byRole() {
        Map<Role, List<TopicRule>> m = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            m.put(role, RULES.stream().filter(r -> r.role() == role).toList());
        }
        return m;
    }
}
