package dev.calor.edgebridge.publish;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientReconnector;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import dev.calor.edgebridge.buffer.BufferedReading;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.edgebridge.metrics.BridgeMetrics;
import dev.calor.edgebridge.status.StatusBoard;
import dev.calor.edgebridge.time.TimeConversions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.ReadingBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Publishes one patch's buffered readings over its own MQTT 5 connection (username = device id).
 *
 * <p>Every {@code interval} plus random jitter it starts a drain: batches of at most {@code maxBatchSize}
 * readings, in (boot epoch, sequence) order, at most {@code inFlightWindow} of them awaiting their PUBACK.
 * A full batch is followed at once by the next, so a backlog drains at full speed; a partial batch ends
 * the drain until the next interval. Readings leave the buffer only with a success PUBACK; a refused batch
 * is quarantined; a batch without PUBACK (connection lost) stays buffered and, once every in-flight batch
 * has completed, the drain restarts from the oldest pending reading, so order is kept.
 *
 * <p>Reconnects use {@link dev.calor.retry.Backoff} (exponential, full jitter). The will is a
 * retained {@code DeviceStatus} with link state OFFLINE; the current status is published retained on every
 * connect and every change.
 */
public final class DevicePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevicePublisher.class);
    private static final Logger PUBLISHED = LoggerFactory.getLogger("calor.event.batch-published");
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final String deviceId;
    private final String bridgeId;
    private final BrokerSettings broker;
    private final PublishSettings settings;
    private final ReadingBuffer buffer;
    private final StatusBoard board;
    private final BridgeMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Clock stable;
    private final RandomGenerator random;
    private final AtomicLong batchIds;
    private final Mqtt5AsyncClient client;
    private final RefusalHandling refusals;
    private final BatchSender sender;

    // Guarded by this.
    private boolean started;
    private boolean connected;
    private boolean closed;
    private boolean draining;
    private boolean resync;
    private int inFlight;
    private boolean paused;
    /** Parts of refused batches waiting to be resent alone (bisection); they go before the normal drain. */
    private final Deque<List<BufferedReading>> isolating = new ArrayDeque<>();

    private int isolatingInFlight;
    private long cursorEpoch = -1;
    private long cursorSequence = -1;
    private ScheduledFuture<?> tick;

    public DevicePublisher(
            String deviceId,
            byte[] password,
            String bridgeId,
            BrokerSettings broker,
            PublishSettings settings,
            ReadingBuffer buffer,
            StatusBoard board,
            BridgeMetrics metrics,
            ScheduledExecutorService scheduler,
            Clock clock,
            Clock stable,
            RandomGenerator random,
            AtomicLong batchIds) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.bridgeId = bridgeId;
        this.broker = broker;
        this.settings = settings;
        this.buffer = buffer;
        this.board = board;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.clock = clock;
        this.stable = stable;
        this.random = random;
        this.batchIds = batchIds;
        this.refusals = new RefusalHandling(deviceId, settings, metrics, random);
        this.client = MqttClients.build(
                broker,
                deviceId + "/bridge-" + bridgeId,
                deviceId,
                password,
                MqttClients.will(
                        Topics.status(deviceId), board.offline(deviceId).toByteArray()),
                context -> runOnScheduler(this::onConnected),
                this::onDisconnected);
        this.sender = new BatchSender(client, Topics.readings(deviceId), scheduler, settings.pubackTimeout());
        board.subscribe(state -> {
            if (state.deviceId().equals(deviceId)) {
                runOnScheduler(this::publishStatus);
            }
        });
    }

    public String deviceId() {
        return deviceId;
    }

    /** Connects (retrying with backoff for as long as the publisher runs) and starts the interval. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("publisher of " + deviceId + " already started");
        }
        started = true;
        connect();
        scheduleTick();
    }

    /** Starts a drain now instead of at the next interval (used after start-up and by tests). */
    public void drainNow() {
        runOnScheduler(this::drain);
    }

    public synchronized boolean isConnected() {
        return connected;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    private void connect() {
        // Success and failure both reach the lifecycle listeners (onConnected, onDisconnected); the
        // disconnected listener schedules every further attempt.
        client.connectWith()
                .cleanStart(true)
                .keepAlive((int) broker.keepAlive().toSeconds())
                .willPublish(currentWill())
                .send();
    }

    /** Called by the client for a lost connection and for every failed connection attempt. */
    void onDisconnected(MqttClientDisconnectedContext context) {
        int attempt = context.getReconnector().getAttempts();
        boolean wasConnected;
        synchronized (this) {
            wasConnected = connected;
            connected = false;
            if (inFlight > 0) {
                resync = true;
            }
            isolating.clear(); // still buffered: the resync after reconnecting sends them (and isolates) again
            if (closed) {
                context.getReconnector().reconnect(false);
                return;
            }
        }
        metrics.mqttConnected(deviceId, false);
        Duration delay = settings.backoff().delay(attempt, random);
        if (wasConnected) {
            LOG.warn(
                    "MQTT connection of {} lost ({}); reconnecting in {} ms",
                    deviceId,
                    context.getCause().getMessage(),
                    delay.toMillis());
        } else {
            LOG.info(
                    "MQTT connect of {} failed (attempt {}: {}); retrying in {} ms",
                    deviceId,
                    attempt + 1,
                    context.getCause().getMessage(),
                    delay.toMillis());
        }
        // The will is rebuilt when the attempt is made, after the delay, so the OFFLINE status the broker
        // publishes for us carries the firmware, battery and buffer depth of the last connect, not of the
        // bridge's start or of the moment the previous connection was lost.
        CompletableFuture<Void> due = new CompletableFuture<>();
        context.getReconnector().reconnectWhen(due, (ignored, error) -> {
            if (context instanceof Mqtt5ClientDisconnectedContext mqtt5) {
                withCurrentWill(mqtt5.getReconnector());
            }
        });
        context.getReconnector().delay(0, TimeUnit.MILLISECONDS);
        try {
            scheduler.schedule(() -> due.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            due.complete(null);
        }
    }

    /** Sets the CONNECT of the coming attempt (on the client's event loop, just before it is sent). */
    private void withCurrentWill(Mqtt5ClientReconnector reconnector) {
        try {
            reconnector
                    .connectWith()
                    .cleanStart(true)
                    .keepAlive((int) broker.keepAlive().toSeconds())
                    .willPublish(currentWill())
                    .applyConnect();
        } catch (RuntimeException e) {
            LOG.warn("could not rebuild the will of {}; the previous one is used", deviceId, e);
        }
    }

    private com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish currentWill() {
        return MqttClients.will(Topics.status(deviceId), board.offline(deviceId).toByteArray());
    }

    private void onConnected() {
        synchronized (this) {
            if (closed) {
                return;
            }
            connected = true;
        }
        metrics.mqttConnected(deviceId, true);
        LOG.info("MQTT connected for {} to {}:{}", deviceId, broker.host(), broker.port());
        publishStatus();
        drain();
    }

    private void scheduleTick() {
        long jitterNanos = (long) (random.nextDouble() * settings.jitter().toNanos());
        long delay = settings.interval().toNanos() + jitterNanos;
        synchronized (this) {
            if (closed) {
                return;
            }
            tick = scheduler.schedule(
                    () -> {
                        scheduleTick();
                        drain();
                    },
                    delay,
                    TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void drain() {
        if (!connected || closed) {
            return;
        }
        draining = true;
        fill();
    }

    /** Publishes batches while the window has room. Caller holds the lock. */
    private void fill() {
        if (paused || !connected || closed) {
            return;
        }
        if (!isolating.isEmpty() || isolatingInFlight > 0) {
            while (!isolating.isEmpty() && inFlight < settings.inFlightWindow()) {
                isolatingInFlight++;
                send(isolating.pollFirst(), true);
            }
            return; // the normal drain waits: it restarts from the oldest pending reading afterwards
        }
        if (resync) {
            if (inFlight > 0) {
                return; // wait for every batch of the lost connection to complete
            }
            resync = false;
            cursorEpoch = -1;
            cursorSequence = -1;
        }
        if (paused) {
            return;
        }
        while (draining && connected && !closed && inFlight < settings.inFlightWindow()) {
            List<BufferedReading> batch =
                    buffer.pending(deviceId, cursorEpoch, cursorSequence, settings.maxBatchSize());
            if (batch.isEmpty()) {
                draining = false;
                if (inFlight == 0) {
                    cursorEpoch = -1;
                    cursorSequence = -1;
                }
                return;
            }
            BufferedReading last = batch.get(batch.size() - 1);
            cursorEpoch = last.bootEpoch();
            cursorSequence = last.sequence();
            if (batch.size() < settings.maxBatchSize()) {
                draining = false; // caught up: the next interval starts the next batch
            }
            send(batch, false);
        }
    }

    private void send(List<BufferedReading> batch, boolean isolated) {
        long batchId = batchIds.incrementAndGet();
        Instant sent = stable.instant();
        ReadingBatch message = BatchAssembler.assemble(
                deviceId, bridgeId, batchId, batch, TimeConversions.toNanos(clock.instant()), board.toProto(deviceId));
        byte[] payload = message.toByteArray();
        inFlight++;
        sender.send(
                payload, outcome -> runOnScheduler(() -> onResult(batchId, batch, payload, sent, isolated, outcome)));
    }

    private synchronized void onResult(
            long batchId,
            List<BufferedReading> batch,
            byte[] payload,
            Instant sent,
            boolean isolated,
            PublishOutcome outcome) {
        inFlight--;
        if (isolated) {
            isolatingInFlight--;
        }
        BufferedReading first = batch.get(0);
        BufferedReading last = batch.get(batch.size() - 1);
        if (outcome instanceof PublishOutcome.Acknowledged) {
            refusals.succeeded();
            buffer.markForwarded(batch);
            metrics.published(
                    deviceId,
                    batch.size(),
                    Duration.between(sent, stable.instant()),
                    TimeConversions.ofNanos(first.reading().getReceivedTimeUnixNs()),
                    clock.instant());
            PUBLISHED.info(
                    "published {} readings for {} (seq {}..{})",
                    batch.size(),
                    deviceId,
                    first.sequence(),
                    last.sequence());
        } else if (outcome instanceof PublishOutcome.Refused refused) {
            onRefused(batchId, batch, payload, isolated, refused);
        } else if (outcome instanceof PublishOutcome.Failed failed) {
            resync = true;
            isolating.clear();
            metrics.publishFailed(deviceId);
            LOG.info(
                    "batch {} of {} (seq {}..{}) got no PUBACK ({}); it stays buffered and is resent",
                    batchId,
                    deviceId,
                    first.sequence(),
                    last.sequence(),
                    failed.cause().toString());
        }
        if (resync && inFlight == 0 && connected) {
            draining = true;
        }
        fill();
    }

    /** Caller holds the lock. */
    private void onRefused(
            long batchId,
            List<BufferedReading> batch,
            byte[] payload,
            boolean isolated,
            PublishOutcome.Refused refused) {
        RefusalHandling.Verdict verdict = refusals.refused(batchId, batch, refused, stable.instant(), paused);
        switch (verdict.action()) {
            case QUARANTINE -> {
                buffer.quarantine(deviceId, batchId, batch, refused.reasonCode(), refused.reason(), payload);
                metrics.quarantined(deviceId, refused.reasonCode(), batch.size());
            }
            case SPLIT -> {
                // each half goes out alone; a half that passes is delivered, a refused one is split again,
                // until only the refused readings are left, one per batch
                int half = batch.size() / 2;
                isolating.addFirst(List.copyOf(batch.subList(half, batch.size())));
                isolating.addFirst(List.copyOf(batch.subList(0, half)));
                resync = true;
            }
            case RESEND -> {
                if (isolated) {
                    isolating.addFirst(batch);
                }
                resync = true;
            }
        }
        verdict.pause().ifPresent(this::pauseDrain);
    }

    /** Stops sending for {@code wait} (a backoff, or the open breaker). Caller holds the lock. */
    private void pauseDrain(Duration wait) {
        if (paused) {
            return;
        }
        paused = true;
        scheduler.schedule(
                () -> {
                    synchronized (this) {
                        paused = false;
                        draining = true;
                        fill();
                    }
                },
                wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void publishStatus() {
        synchronized (this) {
            if (!connected || closed) {
                return;
            }
        }
        client.publishWith()
                .topic(Topics.status(deviceId))
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .payload(board.toProto(deviceId).toByteArray())
                .send()
                .whenComplete((result, error) -> {
                    PublishOutcome outcome = PublishOutcome.of(result, error);
                    if (outcome instanceof PublishOutcome.Refused refused
                            && RefusalPolicy.statusStored(refused.reasonCode())) {
                        LOG.debug("status of {} retained; no subscriber yet (0x10)", deviceId);
                    } else if (!(outcome instanceof PublishOutcome.Acknowledged)) {
                        LOG.warn("status of {} not accepted by the broker: {}", deviceId, outcome);
                    }
                });
    }

    private void runOnScheduler(Runnable task) {
        try {
            scheduler.execute(() -> {
                try (MDC.MDCCloseable device = MDC.putCloseable("device_id", deviceId)) {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("publisher of {} failed a step; it carries on", deviceId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("publisher of {} is shutting down; dropped a step", deviceId);
        }
    }

    /**
     * Stops publishing: cancels the interval, waits briefly for in-flight batches, and disconnects so that
     * the broker publishes the OFFLINE will. Unacknowledged readings stay in the buffer.
     */
    @Override
    public void close() {
        boolean wasConnected;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            draining = false;
            if (tick != null) {
                tick.cancel(false);
            }
            wasConnected = connected;
            connected = false;
        }
        try {
            if (wasConnected) {
                client.disconnectWith()
                        .reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE)
                        .send()
                        .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                client.disconnect().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("disconnect of {}: {}", deviceId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.mqttConnected(deviceId, false);
    }
}
