package dev.calor.e2e.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.sim.fleet.SimulatedPatch;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Patches that keep their MQTT 5 connections open, as bridges do: persistent sessions (client id = device
 * id), spread over {@code 127.0.0.2 …} source addresses as a real fleet comes from many hosts, a refused or
 * failed CONNECT retried after a random 0.2–1.2 s back-off. At most {@value #CONNECTS_IN_FLIGHT} CONNECTs
 * are outstanding at once: on one machine the broker and the fleet share one open-files limit, and a
 * socket of an attempt the broker has not answered yet is one descriptor more in each. A patch whose
 * connection drops (a broker restart) stays down until the next {@link #connectAll}.
 */
final class HeldFleet implements AutoCloseable {

    /** Loopback source addresses the fleet spreads over (127.0.0.2 … 127.0.0.201). */
    static final int SOURCE_ADDRESSES = 200;

    static final int CONNECTS_IN_FLIGHT = 1_000;

    private static final long SESSION_EXPIRY_SECONDS = 3600;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);

    private final List<SimulatedPatch> patches = new ArrayList<>();
    private final java.util.concurrent.Semaphore connecting = new java.util.concurrent.Semaphore(CONNECTS_IN_FLIGHT);
    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "held-fleet-retry");
        t.setDaemon(true);
        return t;
    });

    /**
     * One connect wave.
     *
     * @param connected patches connected at the end
     * @param attempts CONNECT attempts, retries included
     * @param seconds from the first attempt until the last patch was connected (or the time-out)
     */
    record Wave(int connected, long attempts, double seconds) {}

    /**
     * One flush: every patch published its batches at QoS 1.
     *
     * @param readings readings published
     * @param acknowledged readings the broker acknowledged with success
     * @param seconds until the last PUBACK (or failure)
     */
    record Flush(long readings, long acknowledged, double seconds) {}

    HeldFleet(String host, int port, List<String> deviceIds, UnaryOperator<String> passwordOf) {
        for (int i = 0; i < deviceIds.size(); i++) {
            String id = deviceIds.get(i);
            patches.add(new SimulatedPatch(id, 1, Duration.ofSeconds(10), 7_919L * (i + 1)));
            clients.add(MqttClient.builder()
                    .useMqttVersion5()
                    .identifier(id)
                    .transportConfig()
                    .serverAddress(new InetSocketAddress(host, port))
                    .localAddress(new InetSocketAddress(sourceAddress(i), 0))
                    // a bridge waits for its CONNACK; giving up early and reconnecting would only add
                    // CONNECTs to a broker that is busy
                    .socketConnectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .mqttConnectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .applyTransportConfig()
                    .simpleAuth()
                    .username(id)
                    .password(passwordOf.apply(id).getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .buildAsync());
        }
    }

    /** The loopback source address of patch {@code index}. */
    static String sourceAddress(int index) {
        return "127.0.0." + (2 + index % SOURCE_ADDRESSES);
    }

    int size() {
        return clients.size();
    }

    /** Patches whose connection is open now. */
    int connected() {
        return (int) clients.stream().filter(c -> c.getState().isConnected()).count();
    }

    /** Every patch not connected sends CONNECT at once (retrying as above) until all are in or {@code timeout}. */
    Wave connectAll(Duration timeout) throws InterruptedException {
        CountDownLatch all = new CountDownLatch(clients.size());
        AtomicLong attempts = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        for (Mqtt5AsyncClient c : clients) {
            if (c.getState().isConnected()) {
                all.countDown();
            } else if (connecting.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                connect(c, all, attempts, lastAt, deadline);
            }
        }
        boolean complete = all.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long end = complete ? Math.max(lastAt.get(), t0) : System.nanoTime();
        return new Wave(clients.size() - (int) all.getCount(), attempts.get(), (end - t0) / 1e9);
    }

    private void connect(
            Mqtt5AsyncClient c, CountDownLatch all, AtomicLong attempts, AtomicLong lastAt, long deadline) {
        attempts.incrementAndGet();
        c.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(SESSION_EXPIRY_SECONDS)
                .keepAlive(60)
                .send()
                .whenComplete((ack, error) -> {
                    connecting.release();
                    if (error == null
                            || (error instanceof MqttClientStateException
                                    && c.getState().isConnected())) {
                        // a late answer to an attempt that already succeeded counts once, as connected
                        lastAt.accumulateAndGet(System.nanoTime(), Math::max);
                        all.countDown();
                    } else if (error instanceof MqttClientStateException) {
                        // an attempt is still under way: a second one would take the first's session over
                        return;
                    } else if (System.nanoTime() < deadline) {
                        long backoff = ThreadLocalRandom.current().nextLong(200, 1200);
                        retries.schedule(
                                () -> retry(c, all, attempts, lastAt, deadline), backoff, TimeUnit.MILLISECONDS);
                    }
                });
    }

    private void retry(Mqtt5AsyncClient c, CountDownLatch all, AtomicLong attempts, AtomicLong lastAt, long deadline) {
        if (connecting.tryAcquire()) {
            connect(c, all, attempts, lastAt, deadline);
        } else if (System.nanoTime() < deadline) {
            retries.schedule(() -> retry(c, all, attempts, lastAt, deadline), 100, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Every connected patch publishes {@code readings} readings sampled up to now, in batches of at most
     * {@code perBatch}; waits for every PUBACK up to {@code timeout}.
     */
    Flush flush(int readings, int perBatch, Duration timeout) throws InterruptedException {
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong lastAt = new AtomicLong();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long published = 0;
        long t0 = System.nanoTime();
        Instant now = Instant.now();
        for (int i = 0; i < clients.size(); i++) {
            Mqtt5AsyncClient client = clients.get(i);
            if (!client.getState().isConnected()) {
                continue;
            }
            for (ReadingBatch batch : patches.get(i).nextBacklog(readings, perBatch, now)) {
                published += batch.getReadingsCount();
                pending.add(publish(client, batch).thenAccept(ok -> {
                    if (ok) {
                        acknowledged.addAndGet(batch.getReadingsCount());
                    }
                    lastAt.accumulateAndGet(System.nanoTime(), Math::max);
                }));
            }
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // counted below: what was not acknowledged is missing from acknowledged
        }
        long end = lastAt.get() == 0 ? System.nanoTime() : lastAt.get();
        return new Flush(published, acknowledged.get(), (end - t0) / 1e9);
    }

    private static CompletableFuture<Boolean> publish(Mqtt5AsyncClient client, ReadingBatch batch) {
        return client.publishWith()
                .topic(Topics.readings(batch.getDeviceId()))
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(batch.toByteArray())
                .send()
                .handle((result, failure) -> failure == null
                        && result.getError().isEmpty()
                        && !(result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
                                && qos1.getPubAck().getReasonCode().isError()));
    }

    /** Disconnects every patch (ending its session's connection, not the session) and stops the retries. */
    @Override
    public void close() {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Mqtt5AsyncClient c : clients) {
            if (c.getState().isConnected()) {
                closing.add(c.disconnect().exceptionally(e -> null));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort: the broker ends what is left when the process stops
        }
        retries.shutdownNow();
    }
}
