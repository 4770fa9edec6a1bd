package dev.calor.worker.consume;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import dev.calor.retry.Backoff;
import dev.calor.worker.config.MqttSettings;
import dev.calor.worker.metrics.HealthState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT connection that consumes one shard for one consumer (storage or alerts): client id
 * {@code {prefix}-shard-{n}} (storage) or {@code {prefix}-alerts-shard-{n}} (alerts), MQTT 5 persistent
 * session (clean start off, session expiry), one subscription to {@code calor/v1/ingest/{n}/+}, manual
 * acknowledgement, and a receive maximum that bounds what the broker sends before acknowledgements.
 * Each consumer's session has its own queue, and each acknowledges its own progress.
 *
 * <p><b>Ownership.</b> The client id is the shard's lock and its session is the shard's queue, so a
 * shard moved to another worker keeps its queued readings. A worker that connects with a client id
 * someone holds takes the session over (MQTT), which the holder sees as DISCONNECT 0x8E: the holder
 * reconnects at once and takes it back. A starting worker therefore waits a claim grace period before it
 * processes anything; taken over within it, it refuses to start ({@link ShardTakenException}) and never
 * acknowledged anything, so the broker redelivers to the owner. A holder taken over too often in a row
 * gives the shard up and reports it rather than fight forever.
 */
public final class ShardConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);
    private static final int MAX_DEFENCES = 5;
    /** One worker per shard set reconnects alone, so no jitter: 250 ms doubling to 10 s. */
    private static final Backoff RECONNECT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), 0);

    private final int shard;
    private final String clientId;
    private final String topicFilter;
    private final MqttSettings settings;
    private final Consumer<InboundMessage> sink;
    private final HealthState health;
    private final Duration claimGrace;
    private final ScheduledExecutorService timer;
    private final Mqtt5AsyncClient client;
    private final CompletableFuture<Void> owned = new CompletableFuture<>();
    private final List<InboundMessage> heldDuringGrace = new ArrayList<>();
    private final AtomicInteger defences = new AtomicInteger();
    private volatile boolean claimed;
    private volatile boolean closing;
    private volatile boolean connected;
    private volatile boolean paused;
    private volatile long connectedSinceNs;

    public ShardConsumer(
            int shard,
            String clientId,
            String topicFilter,
            MqttSettings settings,
            Consumer<InboundMessage> sink,
            HealthState health,
            Duration claimGrace,
            ScheduledExecutorService timer) {
        this.shard = shard;
        this.clientId = clientId;
        this.topicFilter = topicFilter;
        this.settings = settings;
        this.sink = sink;
        this.health = health;
        this.claimGrace = claimGrace;
        this.timer = timer;
        Mqtt5ClientBuilder b = Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost(settings.host())
                .serverPort(settings.port())
                .addConnectedListener(ctx -> onConnected())
                .addDisconnectedListener(this::onDisconnected);
        if (!settings.username().isEmpty()) {
            b = b.simpleAuth()
                    .username(settings.username())
                    .password(settings.password().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        this.client = b.buildAsync();
        this.client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish, true);
    }

    /** The storage consumer's client id of a shard. */
    public static String clientId(MqttSettings settings, int shard) {
        return settings.clientIdPrefix() + "-shard-" + shard;
    }

    /** The alert consumer's client id of a shard. */
    public static String alertClientId(MqttSettings settings, int shard) {
        return settings.clientIdPrefix() + "-alerts-shard-" + shard;
    }

    /** Whether connected now and for at least {@code settleNs} (what was queued has had time to arrive). */
    public boolean settled(long settleNs) {
        return connected && System.nanoTime() - connectedSinceNs >= settleNs;
    }

    public int shard() {
        return shard;
    }

    /** Connects; completes once the claim grace passed without a takeover. */
    public CompletableFuture<Void> start() {
        connect();
        return owned;
    }

    private void connect() {
        client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpiry().toSeconds())
                .restrictions()
                .receiveMaximum(settings.receiveMaximum())
                .applyRestrictions()
                .send()
                .thenCompose(ack -> client.subscribeWith()
                        .topicFilter(topicFilter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send())
                .whenComplete((subAck, error) -> {
                    if (error == null) {
                        checkSubAck(subAck);
                    }
                });
    }

    private void checkSubAck(Mqtt5SubAck subAck) {
        if (subAck.getReasonCodes().stream().anyMatch(c -> c.isError())) {
            String why = "broker refused the subscription to " + topicFilter + ": " + subAck.getReasonCodes()
                    + subAck.getReasonString().map(r -> " (" + r + ")").orElse("");
            LOG.error(why);
            owned.completeExceptionally(new IllegalStateException(why));
            closing = true;
            client.disconnect();
        }
    }

    private void onConnected() {
        connectedSinceNs = System.nanoTime();
        connected = true;
        health.shardsConnected.incrementAndGet();
        if (!claimed) {
            timer.schedule(this::claimIfStillConnected, claimGrace.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOG.info("shard {} reconnected", shard);
        }
    }

    private synchronized void claimIfStillConnected() {
        if (!connected || claimed || owned.isDone()) {
            return;
        }
        claimed = true;
        LOG.info("shard {} owned (client id {})", shard, clientId);
        heldDuringGrace.forEach(sink);
        heldDuringGrace.clear();
        owned.complete(null);
    }

    /**
     * Stops handing messages to the pipeline (before a clean stop): what arrives now is not acknowledged
     * and the broker delivers it again to the next session holder.
     */
    public void pause() {
        paused = true;
    }

    private void onPublish(Mqtt5Publish p) {
        if (paused) {
            return;
        }
        InboundMessage m =
                new InboundMessage(shard, p.getTopic().toString(), p.getPayloadAsBytes(), () -> acknowledge(p));
        synchronized (this) {
            if (!claimed) {
                heldDuringGrace.add(m);
                return;
            }
        }
        sink.accept(m);
    }

    private static void acknowledge(Mqtt5Publish p) {
        p.acknowledge();
    }

    private void onDisconnected(MqttClientDisconnectedContext ctx) {
        if (connected) {
            connected = false;
            health.shardsConnected.decrementAndGet();
        }
        if (closing || ctx.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        boolean takenOver = ctx.getCause() instanceof Mqtt5DisconnectException d
                && d.getMqttMessage().getReasonCode() == Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER;
        synchronized (this) {
            if (takenOver && !claimed) {
                heldDuringGrace.clear();
                closing = true;
                owned.completeExceptionally(new ShardTakenException("shard " + shard
                        + " is owned by another worker (client id " + clientId + " is connected); refusing to start"));
                return;
            }
        }
        if (takenOver) {
            int n = defences.incrementAndGet();
            if (n > MAX_DEFENCES) {
                LOG.error(
                        "shard {} keeps being taken over by another worker; giving it up. Check --shards of every worker.",
                        shard);
                return;
            }
            LOG.warn(
                    "shard {} was taken over by another worker (client id {}); taking it back ({}/{})",
                    shard,
                    clientId,
                    n,
                    MAX_DEFENCES);
            ctx.getReconnector().reconnect(true).delay(50, TimeUnit.MILLISECONDS);
            timer.schedule(() -> defences.set(0), 1, TimeUnit.MINUTES);
            return;
        }
        long delayMs = RECONNECT.ceiling(ctx.getReconnector().getAttempts()).toMillis();
        LOG.warn(
                "shard {} connection lost ({}); reconnecting in {} ms", shard, String.valueOf(ctx.getCause()), delayMs);
        ctx.getReconnector().reconnect(true).delay(delayMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closing = true;
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("shard {} disconnect: {}", shard, e.toString());
        }
    }
}
