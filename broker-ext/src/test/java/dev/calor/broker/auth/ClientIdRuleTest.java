package dev.calor.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientIdRuleTest {

    private final ClientIdRule rule = new ClientIdRule(64);
    private final ClientIdentity device = new ClientIdentity("patch-1", Role.DEVICE);
    private final ClientIdentity worker = new ClientIdentity("worker-1", Role.WORKER);
    private final ClientIdentity mum = new ClientIdentity("mum", Role.CAREGIVER, true);

    @Test
    void anIdentityUsesItsNameOrItsNameWithASuffix() {
        assertThat(rule.problem("patch-1", device)).isEmpty();
        assertThat(rule.problem("patch-1/bridge-a", device)).isEmpty();
        assertThat(rule.problem("mum/phone", mum)).isEmpty();
        assertThat(rule.problem("patch-10", device)).isPresent();
        assertThat(rule.problem("patch-1/", device)).isPresent();
        assertThat(rule.problem("patch-1/a/b", device)).isPresent();
        assertThat(rule.problem("patch-2/x", device)).isPresent();
    }

    @Test
    void onlyWorkersUseTheWorkerPrefix() {
        assertThat(rule.problem("calor-worker-shard-3", worker)).isEmpty();
        assertThat(rule.problem("worker-1/probe", worker)).isEmpty();
        assertThat(rule.problem("calor-worker-shard-3", device))
                .get()
                .asString()
                .contains("patch-1");
        assertThat(rule.problem("calor-worker-shard-3", mum)).isPresent();
        assertThat(ClientIdRule.reservedForWorkers("calor-worker-x")).isTrue();
    }

    @Test
    void longClientIdsAreRefused() {
        assertThat(rule.problem("patch-1/" + "x".repeat(60), device))
                .get()
                .asString()
                .contains("longer than 64");
    }
}
