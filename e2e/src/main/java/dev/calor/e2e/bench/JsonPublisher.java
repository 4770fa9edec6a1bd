package dev.calor.e2e.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.sim.fleet.SimulatedPatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The baselines' fleet load with JSON payloads, for a pipeline that reads JSON (the Node-RED baseline):
 * the same patches and batch size, each batch the protobuf JSON mapping of a {@link ReadingBatch}, published
 * at QoS 1 for the planned duration, either as fast as PUBACKs allow or open loop at a constant rate (batches
 * leave on schedule, whatever came back), at most {@value #IN_FLIGHT} outstanding either way.
 */
final class JsonPublisher {

    static final int IN_FLIGHT = 2_000;
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private JsonPublisher() {}

    /** The fleet of {@link BrokerBaseline}: the end-to-end phase's patches and batch size, its confirmation's length. */
    static long run(BenchPlan plan, int port, String prefix) throws InterruptedException {
        return run(plan.load().patches(), plan.load().confirm(), plan.load().batchSize(), 0, port, prefix);
    }

    /**
     * Readings acknowledged by the broker.
     *
     * @param readingsPerSecond the fleet's constant rate, 0 for as fast as PUBACKs allow
     */
    static long run(int devices, Duration duration, int batchSize, double readingsPerSecond, int port, String prefix)
            throws InterruptedException {
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        List<SimulatedPatch> patches = new ArrayList<>();
        for (int i = 1; i <= devices; i++) {
            String id = prefix + String.format("%06d", i);
            patches.add(new SimulatedPatch(id, 1, Duration.ofSeconds(1), i));
            Mqtt5AsyncClient client = MqttClient.builder()
                    .useMqttVersion5()
                    .identifier(id)
                    .serverHost("127.0.0.1")
                    .serverPort(port)
                    .buildAsync();
            client.connectWith().cleanStart(true).send().join();
            clients.add(client);
        }
        AtomicLong acknowledged = new AtomicLong();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        double nanosPerBatch = readingsPerSecond > 0 ? batchSize * 1e9 / readingsPerSecond : 0;
        for (long sent = 0; System.nanoTime() < end; sent++) {
            long due = start + (long) (sent * nanosPerBatch);
            if (due >= end) {
                break;
            }
            LockSupport.parkNanos(due - System.nanoTime());
            if (!inFlight.tryAcquire(end - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                break;
            }
            int i = (int) (sent % clients.size());
            ReadingBatch batch = patches.get(i).nextBatch(batchSize, Instant.now());
            clients.get(i)
                    .publishWith()
                    .topic(Topics.readings(batch.getDeviceId()))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(json(batch))
                    .send()
                    .whenComplete((result, failure) -> {
                        if (failure == null && result.getError().isEmpty()) {
                            acknowledged.addAndGet(batch.getReadingsCount());
                        }
                        inFlight.release();
                    });
        }
        inFlight.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS);
        clients.forEach(c -> c.disconnect().exceptionally(e -> null));
        return acknowledged.get();
    }

    static byte[] json(ReadingBatch batch) {
        try {
            return JSON.print(batch).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
