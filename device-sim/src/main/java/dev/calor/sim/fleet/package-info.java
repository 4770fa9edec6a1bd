/**
 * Fleet mode of the simulator: N patches, each acting as its own bridge on its own MQTT 5 connection
 * (user name = device id), publishing {@code ReadingBatch}es at QoS 1 to {@code calor/v1/devices/{id}/readings}.
 *
 * <p>{@code ./calor sim --fleet N [--fleet-* ...]} (or {@link dev.calor.sim.fleet.FleetMain} alone). Modes:
 *
 * <ul>
 *   <li>{@code STEADY}: all patches connect, then the fleet publishes {@code --fleet-rate} readings/s in
 *       batches of {@code --fleet-batch-size} for {@code --fleet-duration} (rate 0: as fast as PUBACKs allow,
 *       at most {@code --fleet-max-in-flight} unacknowledged);
 *   <li>{@code PEAK}: the hourly peak: connections start spread evenly over {@code --fleet-window}, each patch
 *       flushes a backlog of {@code --fleet-backlog} readings (10 s apart, ending now) in batches of at most
 *       {@code --fleet-backlog-batch-size}, waits for its PUBACKs and disconnects; at most {@code
 *       --fleet-max-open} connections are open at once;
 *   <li>{@code STORM}: all patches connect (one batch each), then the whole fleet disconnects and reconnects
 *       within the window, {@code --fleet-storm-cycles} times.
 * </ul>
 *
 * <p>Connection attempts outstanding at once are capped by {@code --fleet-max-connecting}. Every patch's
 * sequence numbers increase by one per reading and its sample times strictly increase and never lie in the
 * future, so each reading is a distinct InfluxDB point. The {@link dev.calor.sim.fleet.FleetReport} counts
 * connections attempted, accepted and refused (by CONNACK reason code), batches and readings sent,
 * acknowledged and refused (by PUBACK reason code, or TIMEOUT / CONNECTION_CLOSED), and PUBACK latency
 * percentiles. Passwords come from {@code --fleet-password} ({@code {device}} is replaced by the id); the
 * broker's credentials file must list every device (see {@code dev.calor.broker.auth.CredentialsFile}).
 */
package dev.calor.sim.fleet;
