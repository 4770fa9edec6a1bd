package dev.calor.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FleetConfigTest {

    @Test
    void defaultsAreValid() {
        FleetConfig config = FleetConfig.builder().build();

        assertThat(config.brokerPort()).isEqualTo(1883);
        assertThat(config.mode()).isEqualTo(FleetMode.STEADY);
        assertThat(config.maxOpenConnections()).isEqualTo(15_000);
    }

    @Test
    void reportsEveryErrorAtOnce() {
        assertThatThrownBy(() -> FleetConfig.builder()
                        .broker("", 0)
                        .devices(0)
                        .deviceIdPrefix("bad/prefix")
                        .batchSize(0)
                        .ackTimeout(Duration.ZERO)
                        .build())
                .isInstanceOfSatisfying(FleetConfigException.class, e -> assertThat(e.errors())
                        .hasSize(6)
                        .anySatisfy(m -> assertThat(m).startsWith("broker host"))
                        .anySatisfy(m -> assertThat(m).startsWith("broker port"))
                        .anySatisfy(m -> assertThat(m).startsWith("devices"))
                        .anySatisfy(m -> assertThat(m).startsWith("device id prefix"))
                        .anySatisfy(m -> assertThat(m).startsWith("batch size"))
                        .anySatisfy(m -> assertThat(m).startsWith("ack timeout")));
    }

    @Test
    void namesDevicesWithSixDigitIndexFromOne() {
        FleetConfig config = FleetConfig.builder().deviceIdPrefix("peak-").build();

        assertThat(config.deviceId(0)).isEqualTo("peak-000001");
        assertThat(config.deviceId(19_999)).isEqualTo("peak-020000");
        assertThat(config.password("peak-000001")).isEqualTo("fleet-secret-peak-000001");
    }

    @Test
    void optionsMixinParsesFleetOptions() {
        Holder holder = new Holder();
        new CommandLine(holder)
                .parseArgs(
                        "--fleet",
                        "20000",
                        "--fleet-mode",
                        "PEAK",
                        "--fleet-broker",
                        "127.0.0.1:41883",
                        "--fleet-window",
                        "10s",
                        "--fleet-backlog",
                        "60",
                        "--fleet-ack-timeout",
                        "PT2M",
                        "--fleet-password",
                        "pw-{device}");

        FleetConfig config = holder.fleet.toConfig();

        assertThat(holder.fleet.enabled()).isTrue();
        assertThat(config.devices()).isEqualTo(20_000);
        assertThat(config.mode()).isEqualTo(FleetMode.PEAK);
        assertThat(config.brokerHost()).isEqualTo("127.0.0.1");
        assertThat(config.brokerPort()).isEqualTo(41_883);
        assertThat(config.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.password("d1")).isEqualTo("pw-d1");
    }

    @Test
    void optionsWithoutFleetAreDisabled() {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs();

        assertThat(holder.fleet.enabled()).isFalse();
    }

    @Test
    void badBrokerAddressIsAConfigError() {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs("--fleet", "1", "--fleet-broker", "localhost");

        assertThatThrownBy(() -> holder.fleet.toConfig())
                .isInstanceOf(FleetConfigException.class)
                .hasMessageContaining("broker port");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> DurationConverter.parse("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class);
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        FleetOptions fleet;
    }
}
