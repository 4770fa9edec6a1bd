/**
 * {@code ./calor bench}: the whole Calor pipeline measured on loopback.
 *
 * <p>{@link dev.calor.e2e.bench.BenchMain} starts influxd (Debian 1.6.7, from test-support), the broker
 * with the Calor extension and the ingest worker, each as its own process with a generated configuration
 * in a temporary folder, and drives them with the fleet simulator ({@code dev.calor.sim.fleet}) in its own
 * JVM. Phases, in order:
 *
 * <ol>
 *   <li>steady throughput: the fleet publishes for {@code --duration} as fast as PUBACKs allow (or at
 *       {@code --rate}); readings/s end to end = readings stored / (publishing time + time until the last
 *       one is queryable);
 *   <li>influxd's raw line-protocol ingest rate on the same server (4 writers, batches of 5 000), and the
 *       ratio of the two;
 *   <li>the hourly peak: {@code --peak-devices} patches connect within {@code --peak-window} and flush a
 *       backlog of {@code --backlog} readings each, then disconnect; lost = backlog - stored;
 *   <li>publish-to-queryable latency of a probe patch under a background load, and threshold-crossing to
 *       alert at a caregiver's MQTT subscription;
 *   <li>footprint (peak RSS, CPU seconds) of each server process, read from {@code /proc};
 *   <li>the steady load against Debian's Mosquitto (no validation) and the ratio of Calor's broker to it.
 * </ol>
 *
 * <p>Open files: the hourly peak's patches disconnect after their flush and the fleet keeps at most
 * 15 000 connections open, because this machine's hard {@code ulimit -n} is 20 000 and a process cannot
 * raise it. 20 000 simultaneously open connections need {@code ulimit -n} above about 20 500 for the
 * broker and for the fleet's JVM (root: {@code ulimit -Hn 65536} or {@code LimitNOFILE=} in a unit).
 *
 * <p>Credentials: every simulated device shares one password hashed with the broker's minimum of 1 000
 * PBKDF2 iterations, so the file for 20 000 devices is written in milliseconds; the broker still verifies
 * each device's first connection in full.
 */
package dev.calor.e2e.bench;
