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
 * @param cluster whether to run the scaled-out pipeline (two broker nodes behind HAProxy, Kafka, two workers)
 *     instead of the single node
 */
record DemoOptions(
        Duration duration,
        String influxUrl,
        String database,
        Path scenario,
        double acceleration,
        Path runDir,
        Path rules,
        boolean observe,
        boolean cluster) {

    DemoOptions {
        if (acceleration < 1 || acceleration > 1000) {
            throw new IllegalArgumentException("--acceleration must be in [1, 1000]: " + acceleration);
        }
        if (cluster && influxUrl != null) {
            throw new IllegalArgumentException(
                    "--cluster starts its own influxd: --influx-url is not supported with it");
        }
        if (cluster && observe) {
            throw new IllegalArgumentException("--observe is not supported with --cluster yet");
        }
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive: " + duration);
        }
    }
}
