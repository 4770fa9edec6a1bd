package dev.calor.e2e.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a demo run does.
 *
 * @param duration how long to run; null runs until interrupted
 * @param influxUrl an existing InfluxDB 1.x server, or null to start influxd
 * @param rules the Prometheus rule files loaded when observing
 * @param observe whether to start a Prometheus that scrapes every component
 */
record DemoOptions(
        Duration duration,
        String influxUrl,
        String database,
        Path scenario,
        double acceleration,
        Path runDir,
        Path rules,
        boolean observe) {

    DemoOptions {
        if (acceleration < 1 || acceleration > 1000) {
            throw new IllegalArgumentException("--acceleration must be in [1, 1000]: " + acceleration);
        }
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive: " + duration);
        }
    }
}
