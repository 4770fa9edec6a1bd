package dev.calor.worker;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.influxdb.client.InfluxDBClient;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.config.WorkerConfig;
import dev.calor.worker.consume.AlertCommitter;
import dev.calor.worker.consume.AlertPipeline;
import dev.calor.worker.consume.AlertStage;
import dev.calor.worker.consume.DeviceBacklog;
import dev.calor.worker.consume.ShardConsumer;
import dev.calor.worker.consume.StoragePipeline;
import dev.calor.worker.consume.StoreAlertCommitter;
import dev.calor.worker.delivery.AlertChannel;
import dev.calor.worker.delivery.AlertDeliverer;
import dev.calor.worker.delivery.AlertFanOut;
import dev.calor.worker.delivery.EmailChannel;
import dev.calor.worker.delivery.InfluxAlertChannel;
import dev.calor.worker.delivery.MqttAlertChannel;
import dev.calor.worker.delivery.MqttAlertPublisher;
import dev.calor.worker.delivery.MqttStateChannel;
import dev.calor.worker.delivery.WebhookChannel;
import dev.calor.worker.delivery.WebhookSender;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.MetricsServer;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.sink.BatchWriter;
import dev.calor.worker.sink.DeadLetterLog;
import dev.calor.worker.sink.InfluxClientSink;
import dev.calor.worker.sink.RetryPolicy;
import dev.calor.worker.sink.RollupBackfill;
import dev.calor.worker.sink.Schema;
import dev.calor.worker.sink.SchemaInitializer;
import dev.calor.worker.sink.WriteListener;
import dev.calor.worker.state.AlertStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingest worker: shard consumers → pipeline (InfluxDB, alert engine, state store) → alert
 * delivery. {@link #start} returns once every owned shard is claimed; {@link #close} stops it cleanly.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    public static final Duration DEFAULT_CLAIM_GRACE = Duration.ofSeconds(2);
    /** An alert consumer counts as seeing the stream this long after it (re)connected at the earliest. */
    static final Duration SETTLE_MIN = Duration.ofSeconds(5);

    static final Duration KEEP_DELIVERIES = Duration.ofDays(1);
    static final int MAX_ALERTS = 1_000_000;
    static final String DEVICE_STATUS_FILTER = Topics.ROOT + "/devices/+/status";
    /** influxdb-client-java logs through java.util.logging; keep a reference so the level sticks. */
    private static final java.util.logging.Logger INFLUX_CLIENT_LOG = quietInfluxClientLog();

    private static java.util.logging.Logger quietInfluxClientLog() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("com.influxdb");
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    private final WorkerConfig config;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<ShardConsumer> consumers = new ArrayList<>();
    private KafkaSide kafka;
    private final WorkerMetrics metrics = new WorkerMetrics();
    private final HealthState health = new HealthState();
    private final List<ShardConsumer> alertConsumers = new ArrayList<>();
    private final List<AlertDeliverer> deliverers = new ArrayList<>();
    private final List<Thread> delivererThreads = new ArrayList<>();
    private StoragePipeline storage;
    private AlertPipeline alerting;
    private volatile BooleanSupplier alertStreamHidden;
    private Thread storageThread;
    private Thread alertThread;
    private MetricsServer metricsServer;
    private ScheduledExecutorService timer;
    private volatile boolean closed;

    private Worker(WorkerConfig config) {
        this.config = config;
    }

    public static Worker start(WorkerConfig config) {
        return start(config, Clock.systemUTC(), DEFAULT_CLAIM_GRACE);
    }

    /**
     * @throws dev.calor.worker.consume.ShardTakenException when another worker owns one of the shards
     * @throws IllegalStateException when a part cannot start (the parts started are stopped again)
     */
    public static Worker start(WorkerConfig config, Clock clock, Duration claimGrace) {
        Worker w = new Worker(config);
        try {
            w.startParts(clock, claimGrace);
            return w;
        } catch (RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private void startParts(Clock clock, Duration claimGrace) {
        CareCircleWatcher careCircle = CareCircleWatcher.load(config.careCircleFile());
        AlertStore store = AlertStore.open(config.alerts().stateFile());
        resources.add(store);
        InfluxClientSink sink = InfluxClientSink.create(config.influx());
        resources.add(sink);
        // alerts live as long as the roll-ups (1.x: their retention policy; 2.x/3.x: the configured bucket)
        InfluxClientSink alertSink =
                InfluxClientSink.create(config.influx().withRetentionPolicy(Schema.ROLLUP_RETENTION_POLICY));
        resources.add(alertSink);
        if (config.influx().initSchemaOnStart()) {
            initSchema();
        }
        startMetrics();
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "calor-worker-timer"));

        Mqtt5AsyncClient alertClient = alertClient();
        connect(alertClient);
        resources.add(() -> alertClient.disconnect().get(5, TimeUnit.SECONDS));
        DeviceBacklog backlog = new DeviceBacklog();
        subscribeStatus(alertClient, backlog);

        MqttAlertPublisher publisher = new MqttAlertPublisher(alertClient, Duration.ofSeconds(10));
        List<AlertChannel> channels = new ArrayList<>();
        if (!config.kafka().enabled()) {
            // in a worker group the alerts and retained states reach MQTT through Kafka transactions,
            // which every broker node relays (KafkaAlertCommitter)
            channels.add(new MqttAlertChannel(publisher));
            channels.add(new MqttStateChannel(publisher, store, clock));
        }
        channels.add(new InfluxAlertChannel(alertSink));
        channels.add(new WebhookChannel(new WebhookSender(config.alerts().webhookTimeout(), clock)));
        channels.add(new EmailChannel(config.email()));
        startDeliverers(channels, store, clock);

        RetryPolicy writeBackoff = new RetryPolicy(
                config.influx().retryInitial(), config.influx().retryMax(), 0.5, () -> ThreadLocalRandom.current()
                        .nextDouble());
        BatchWriter writer = new BatchWriter(
                sink,
                writeBackoff,
                config.influx().batchSize(),
                new DeadLetterLog(config.deadLetterFile(), clock),
                d -> Thread.sleep(d.toMillis()),
                healthTracking());
        InfluxDBClient queryClient = InfluxClientSink.client(config.influx());
        resources.add(queryClient);
        RollupBackfill backfill = new RollupBackfill(queryClient, config.influx());
        resources.add(backfill);
        storage = new StoragePipeline(
                careCircle,
                writer,
                backfill,
                metrics,
                health,
                clock,
                config.influx().batchSize(),
                config.influx().parallelWrites(),
                config.influx().flushInterval(),
                config.influx().linger());
        storageThread = new Thread(storage, "calor-worker-storage");
        storageThread.start();

        Predicate<String> ownsDevice = device -> config.shards().contains(Topics.shardOf(device, config.shardCount()));
        AlertCommitter committer = new StoreAlertCommitter(store);
        Map<String, dev.calor.worker.alert.PatientAlertState> loaded = Map.of();
        if (config.kafka().enabled()) {
            Set<String> channelNames =
                    deliverers.stream().map(AlertDeliverer::channelName).collect(java.util.stream.Collectors.toSet());
            kafka = KafkaSide.create(
                    config,
                    storage::submit,
                    m -> alerting.submit(m),
                    health,
                    store,
                    a -> AlertFanOut.of(a, careCircle.current()).stream()
                            .filter(d -> channelNames.contains(d.channel()))
                            .toList(),
                    () -> deliverers.forEach(AlertDeliverer::wake),
                    metrics,
                    clock,
                    resources::add);
            committer = kafka.committer();
            ownsDevice = kafka.ownsDevice(careCircle, clock);
        } else {
            loaded = store.loadStates();
        }
        AlertStage alertStage =
                new AlertStage(new AlertEngine(clock, config.alerts().lateAfter()), loaded, ownsDevice);
        long settleNs = Math.max(2 * config.alerts().tickInterval().toNanos(), SETTLE_MIN.toNanos());
        alertStreamHidden = () -> kafka != null
                ? !kafka.settled(settleNs)
                : alertConsumers.stream().anyMatch(c -> !c.settled(settleNs));
        alerting = new AlertPipeline(
                careCircle,
                alertStage,
                committer,
                backlog,
                alertStreamHidden,
                () -> deliverers.forEach(AlertDeliverer::wake),
                deliverers.stream().map(AlertDeliverer::channelName).collect(java.util.stream.Collectors.toSet()),
                metrics,
                clock,
                config.alerts().tickInterval());
        if (kafka != null) {
            kafka.bind(alerting, alertStage);
        }
        alertThread = new Thread(alerting, "calor-worker-alerts");
        alertThread.start();
        timer.scheduleWithFixedDelay(() -> prune(store, clock), 1, 60, TimeUnit.MINUTES);

        if (kafka != null) {
            kafka.join();
            subscribeAcks(claimGrace);
            return;
        }
        claimShards(claimGrace);
        LOG.info(
                "worker {} running: shards {} of {}, InfluxDB {} ({}), care circle {}",
                config.workerId(),
                config.shards(),
                config.shardCount(),
                config.influx().url(),
                config.influx().isV1() ? "v1" : "v2",
                config.careCircleFile());
    }

    /** One storage and one alert consumer per owned shard, then the caregivers' acknowledgements. */
    private void claimShards(Duration claimGrace) {
        health.shardsOwned.set(config.shards().size());
        List<CompletableFuture<Void>> claims = new ArrayList<>();
        for (int shard : config.shards()) {
            String filter = Topics.ingestFilter(shard);
            ShardConsumer s = new ShardConsumer(
                    shard,
                    ShardConsumer.clientId(config.mqtt(), shard),
                    filter,
                    config.mqtt(),
                    storage::submit,
                    health,
                    claimGrace,
                    timer);
            ShardConsumer a = new ShardConsumer(
                    shard,
                    ShardConsumer.alertClientId(config.mqtt(), shard),
                    filter,
                    config.mqtt(),
                    alerting::submit,
                    new HealthState(),
                    claimGrace,
                    timer);
            consumers.add(s);
            consumers.add(a);
            alertConsumers.add(a);
            claims.add(s.start());
            claims.add(a.start());
        }
        subscribeAcks(claimGrace);
        try {
            CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while claiming shards", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "could not claim shards " + config.shards() + " within 60 s (broker at "
                            + config.mqtt().host() + ":" + config.mqtt().port() + ")",
                    e);
        }
    }

    /** The caregivers' acknowledgements (MQTT; in a cluster every broker node relays them to the others). */
    private void subscribeAcks(Duration claimGrace) {
        ShardConsumer acks = new ShardConsumer(
                -1,
                config.mqtt().clientIdPrefix() + "-" + config.workerId() + "-acks",
                Topics.ALERT_ACK_FILTER,
                config.mqtt(),
                alerting::submit,
                new HealthState(),
                claimGrace,
                timer);
        consumers.add(acks);
        acks.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("caregivers' acknowledgements are not received: {}", error.getMessage());
            }
        });
    }

    private void startDeliverers(List<AlertChannel> channels, AlertStore store, Clock clock) {
        RetryPolicy deliveryBackoff = new RetryPolicy(
                config.alerts().deliveryRetryInitial(),
                config.alerts().deliveryRetryMax(),
                0.5,
                () -> ThreadLocalRandom.current().nextDouble());
        for (AlertChannel channel : channels) {
            AlertDeliverer d =
                    new AlertDeliverer(store, channel, deliveryBackoff, config.alerts(), clock, metrics, health);
            deliverers.add(d);
            Thread t = new Thread(d, "calor-worker-delivery-" + channel.name());
            t.setDaemon(true);
            t.start();
            delivererThreads.add(t);
        }
    }

    /** metrics-port: 0 off, -1 any free port, else that port. */
    private void startMetrics() {
        if (config.metricsPort() == 0) {
            return;
        }
        try {
            metricsServer = MetricsServer.start(
                    "127.0.0.1", config.metricsPort() < 0 ? 0 : config.metricsPort(), metrics, health);
            resources.add(metricsServer);
            LOG.info("metrics on http://127.0.0.1:{}/metrics, health on /health", metricsServer.port());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "cannot open the metrics port " + config.metricsPort() + ": " + e.getMessage(), e);
        }
    }

    private void connect(Mqtt5AsyncClient client) {
        try {
            client.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot connect to the broker at " + config.mqtt().host() + ":"
                            + config.mqtt().port() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        }
    }

    /** Bridges' retained device status: which patches have readings still waiting (NO_DATA holds). */
    private static void subscribeStatus(Mqtt5AsyncClient client, DeviceBacklog backlog) {
        client.subscribeWith()
                .topicFilter(DEVICE_STATUS_FILTER)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    try {
                        backlog.onStatus(DeviceStatus.parseFrom(p.getPayloadAsBytes()));
                    } catch (InvalidProtocolBufferException e) {
                        LOG.debug("undecodable device status on {}", p.getTopic());
                    }
                })
                .send()
                .whenComplete((ack, error) -> {
                    if (error != null || ack.getReasonCodes().stream().anyMatch(c -> c.isError())) {
                        LOG.warn(
                                "device status not received ({}); NO_DATA cannot see bridges' pending readings",
                                error != null ? error.toString() : ack.getReasonCodes());
                    }
                });
    }

    private void prune(AlertStore store, Clock clock) {
        try {
            long now = clock.millis() * 1_000_000L;
            int n = store.prune(
                    now, KEEP_DELIVERIES.toNanos(), config.alerts().keepAlerts().toNanos(), MAX_ALERTS);
            if (n > 0) {
                LOG.info("pruned {} finished deliveries and old alerts from the alert store", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("pruning the alert store failed: {}", e.toString());
        }
    }

    private void initSchema() {
        try (InfluxDBClient client = InfluxClientSink.client(config.influx())) {
            SchemaInitializer.init(client, config.influx());
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not prepare InfluxDB at {} ({}); writes will be retried until it answers",
                    config.influx().url(),
                    e.getMessage());
        }
    }

    private WriteListener healthTracking() {
        return new WriteListener() {
            @Override
            public void written(int points, long nanos) {
                metrics.written(points, nanos);
                health.influxOk.set(true);
            }

            @Override
            public void retried(int status) {
                metrics.retried(status);
                health.influxOk.set(false);
            }

            @Override
            public void split(int points) {
                metrics.split(points);
            }

            @Override
            public void deadLettered(String reason) {
                metrics.deadLettered(reason);
            }
        };
    }

    private Mqtt5AsyncClient alertClient() {
        Mqtt5ClientBuilder b = Mqtt5Client.builder()
                .identifier(config.mqtt().clientIdPrefix() + "-" + config.workerId() + "-alerts")
                .serverHost(config.mqtt().host())
                .serverPort(config.mqtt().port())
                .automaticReconnect()
                .initialDelay(250, TimeUnit.MILLISECONDS)
                .maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect();
        if (!config.mqtt().username().isEmpty()) {
            b = b.simpleAuth()
                    .username(config.mqtt().username())
                    .password(config.mqtt().password().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        return b.buildAsync();
    }

    /**
     * Whether the alert consumers have been connected (or held their partitions) long enough for what was
     * queued to arrive; until then NO_DATA silence is held, and counts from the moment this turns true.
     */
    public boolean alertStreamSettled() {
        BooleanSupplier hidden = alertStreamHidden;
        return hidden != null && !hidden.getAsBoolean();
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public HealthState health() {
        return health;
    }

    /** The metrics port, or -1 when disabled. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    public WorkerConfig config() {
        return config;
    }

    /** Waits until a pipeline thread ends (they end only on close or a fatal error). */
    public void awaitTermination() throws InterruptedException {
        while (storageThread != null && alertThread != null && storageThread.isAlive() && alertThread.isAlive()) {
            storageThread.join(1_000);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        consumers.forEach(ShardConsumer::pause);
        if (kafka != null) {
            kafka.stopTaking();
        }
        try {
            if (alerting != null) {
                alerting.stop(Duration.ofSeconds(10));
            }
            if (storage != null) {
                storage.stop(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumers.forEach(ShardConsumer::close);
        if (kafka != null) {
            kafka.close();
        }
        deliverers.forEach(AlertDeliverer::stop);
        for (Thread t : delivererThreads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", resources.get(i), e.toString());
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
