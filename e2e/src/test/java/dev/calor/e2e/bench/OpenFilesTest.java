package dev.calor.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenFilesTest {

    @Test
    void plannedConnectionsFitWhenTheLimitLeavesRoomForThemAndTheReserve() {
        assertThat(new OpenFiles(65_536, 65_536).connectionsFor(20_000)).isEqualTo(20_000);
    }

    @Test
    void connectionsAreCappedByTheLowerLimitMinusTheReserve() {
        assertThat(new OpenFiles(20_000, 20_000).connectionsFor(20_000)).isEqualTo(20_000 - OpenFiles.RESERVE);
        assertThat(new OpenFiles(4_096, 65_536).connectionsFor(20_000)).isEqualTo(4_096 - OpenFiles.RESERVE);
    }

    @Test
    void noRoomMeansNoConnections() {
        assertThat(new OpenFiles(1_024, 1_024).connectionsFor(500)).isZero();
    }

    @Test
    void thisProcessHasALimitOnLinux() {
        assertThat(OpenFiles.ofThisProcess().hard()).isPositive();
    }

    @Test
    void patchesSpreadOverTwoHundredLoopbackSourceAddresses() {
        assertThat(HeldFleet.sourceAddress(0)).isEqualTo("127.0.0.2");
        assertThat(HeldFleet.sourceAddress(199)).isEqualTo("127.0.0.201");
        assertThat(HeldFleet.sourceAddress(200)).isEqualTo("127.0.0.2");
    }
}
