package dev.calor.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.Role;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryGuardTest {

    @Test
    void workerUnderAWorkerClientIdIsCheckedOnceAtConnect() {
        assertThat(DeliveryGuard.neededFor(
                        Optional.of(new ClientIdentity("worker-1", Role.WORKER)), "calor-worker-shard-3"))
                .isFalse();
    }

    @Test
    void workerUnderItsOwnNameKeepsTheDeliveryCheck() {
        // '{name}/{suffix}' ids are open to every role: the session may have been made under another role
        assertThat(DeliveryGuard.neededFor(Optional.of(new ClientIdentity("worker-1", Role.WORKER)), "worker-1/x"))
                .isTrue();
        assertThat(DeliveryGuard.neededFor(Optional.of(new ClientIdentity("worker-1", Role.WORKER)), "worker-1"))
                .isTrue();
    }

    @Test
    void everyOtherRoleKeepsTheDeliveryCheck() {
        for (Role role : Role.values()) {
            if (role != Role.WORKER) {
                assertThat(DeliveryGuard.neededFor(
                                Optional.of(new ClientIdentity("calor-worker-x", role)), "calor-worker-x"))
                        .as(role.name())
                        .isTrue();
            }
        }
    }

    @Test
    void connectionWithoutAnIdentityKeepsTheDeliveryCheck() {
        assertThat(DeliveryGuard.neededFor(Optional.empty(), "calor-worker-shard-0"))
                .isTrue();
    }
}
