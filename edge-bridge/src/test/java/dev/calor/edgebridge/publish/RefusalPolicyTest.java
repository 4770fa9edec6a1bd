package dev.calor.edgebridge.publish;

import static dev.calor.edgebridge.publish.RefusalPolicy.Decision.QUARANTINE;
import static dev.calor.edgebridge.publish.RefusalPolicy.Decision.RETRY_LATER;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalPolicyTest {

    @Test
    void resendsForeverWhenTheBrokerIsOnlyThrottlingOrNoWorkerListensYet() {
        assertThat(RefusalPolicy.decide(0x97, 1_000)).isEqualTo(RETRY_LATER);
        assertThat(RefusalPolicy.decide(0x10, 1_000)).isEqualTo(RETRY_LATER);
    }

    @Test
    void resendsAPossiblyPassingBrokerErrorTwiceThenQuarantines() {
        assertThat(RefusalPolicy.decide(0x83, 0)).isEqualTo(RETRY_LATER);
        assertThat(RefusalPolicy.decide(0x80, 1)).isEqualTo(RETRY_LATER);
        assertThat(RefusalPolicy.decide(0x83, 2)).isEqualTo(QUARANTINE);
    }

    @Test
    void quarantinesAPayloadOrPermissionRefusalAtOnce() {
        assertThat(RefusalPolicy.decide(0x99, 0)).isEqualTo(QUARANTINE);
        assertThat(RefusalPolicy.decide(0x87, 0)).isEqualTo(QUARANTINE);
        assertThat(RefusalPolicy.decide(0x90, 0)).isEqualTo(QUARANTINE);
    }

    @Test
    void countsARetainedStatusAnsweredNoMatchingSubscribersAsStoredButNotARealRefusal() {
        assertThat(RefusalPolicy.statusStored(0x00)).isTrue();
        assertThat(RefusalPolicy.statusStored(0x10)).isTrue();
        assertThat(RefusalPolicy.statusStored(0x87)).isFalse();
        assertThat(RefusalPolicy.statusStored(0x97)).isFalse();
    }
}
