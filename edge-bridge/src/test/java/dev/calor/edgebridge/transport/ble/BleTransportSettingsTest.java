package dev.calor.edgebridge.transport.ble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BleTransportSettingsTest {

    @Test
    void reportsEveryProblemOfAnEntryAtOnce() {
        assertThat(BleTransportSettings.problems("", Optional.of("C0:A1"), Optional.empty(), "usb0", 7200))
                .containsExactly(
                        "deviceId must not be blank",
                        "address must look like C0:A1:00:00:00:01, was 'C0:A1'",
                        "adapter must look like hci0, was 'usb0'",
                        "measurementIntervalSeconds must be 0 (keep) or 1..3600, was 7200");
    }

    @Test
    void needsAnAddressOrAName() {
        assertThat(BleTransportSettings.problems("p1", Optional.empty(), Optional.empty(), "hci0", 0))
                .containsExactly("a BLE patch needs an address or a name");
    }

    @Test
    void refusesToBuildInvalidSettings() {
        assertThatThrownBy(() -> BleTransportSettings.forAddress("p1", "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address must look like");
    }

    @Test
    void normalisesTheAddressToUpperCase() {
        assertThat(BleTransportSettings.forAddress("p1", "c0:a1:00:00:00:0f").address())
                .contains("C0:A1:00:00:00:0F");
    }

    @Test
    void busAddressComesFromConfigThenEnvironmentThenTheSystemBus() {
        BleTransportSettings plain = BleTransportSettings.forAddress("p1", "C0:A1:00:00:00:01");
        Map<String, String> env = Map.of("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/tmp/bus");

        assertThat(plain.resolveBusAddress(Map.of())).isEqualTo("unix:path=/var/run/dbus/system_bus_socket");
        assertThat(plain.resolveBusAddress(env)).isEqualTo("unix:path=/tmp/bus");
        assertThat(plain.withBusAddress("unix:path=/x").resolveBusAddress(env)).isEqualTo("unix:path=/x");
    }

    @Test
    void laterAcknowledgementWinsUnlessItIsOlderInTheSameEpoch() {
        var ack5 = new BleTransport.Ack(1, 5);

        assertThat(BleTransport.Ack.later(null, ack5)).isEqualTo(ack5);
        assertThat(BleTransport.Ack.later(ack5, new BleTransport.Ack(1, 3))).isEqualTo(ack5);
        assertThat(BleTransport.Ack.later(ack5, new BleTransport.Ack(1, 9))).isEqualTo(new BleTransport.Ack(1, 9));
        assertThat(BleTransport.Ack.later(ack5, new BleTransport.Ack(2, 0))).isEqualTo(new BleTransport.Ack(2, 0));
    }
}
