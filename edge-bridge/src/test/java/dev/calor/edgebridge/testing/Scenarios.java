package dev.calor.edgebridge.testing;

import dev.calor.sim.scenario.ClockSpec;
import dev.calor.sim.scenario.LinkSpec;
import dev.calor.sim.scenario.Scenario;
import java.time.Duration;
import java.util.List;

/** Simulator scenarios for the bridge's tests: one reading per scenario second, accelerated. */
public final class Scenarios {

    private Scenarios() {}

    /**
     * @param readings how many readings the patch takes
     * @param perSecond readings per wall-clock second
     * @param corruptionRate share of frames with a damaged byte
     */
    public static Scenario steady(String deviceId, int readings, double perSecond, double corruptionRate) {
        return steady(deviceId, readings, perSecond, corruptionRate, Duration.ofSeconds(1));
    }

    /** As above, resending unacknowledged readings after {@code retransmitAfter} without ACK progress. */
    public static Scenario steady(
            String deviceId, int readings, double perSecond, double corruptionRate, Duration retransmitAfter) {
        return new Scenario(
                "bridge-test",
                11L,
                deviceId,
                null,
                Duration.ofSeconds(1),
                perSecond,
                Duration.ofSeconds(readings),
                null,
                null,
                null,
                null,
                new ClockSpec(null, true),
                new LinkSpec(corruptionRate, 0.0, 0.0, 50_000, retransmitAfter, 64),
                List.of());
    }
}
