package dev.calor.worker;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.influxdb.client.InfluxDBClient;
import dev.calor.proto.Topics;
import dev.calor.worker.alert.AlertEngine;
import dev.calor.worker.carecircle.CareCircleWatcher;
import dev.calor.worker.config.WorkerConfig;
import dev.calor.worker.consume.AlertStage;
import dev.calor.worker.consume.IngestPipeline;
import dev.calor.worker.consume.ShardConsumer;
import dev.calor.worker.consume.kafka.KafkaReadingsSource;
import dev.calor.worker.delivery.AlertDeliverer;
import dev.calor.worker.delivery.MqttAlertPublisher;
import dev.calor.worker.delivery.WebhookSender;
import dev.calor.worker.metrics.HealthState;
import dev.calor.worker.metrics.MetricsServer;
import dev.calor.worker.metrics.WorkerMetrics;
import dev.calor.worker.sink.BatchWriter;
import dev.calor.worker.sink.DeadLetterLog;
import dev.calor.worker.sink.InfluxClientSink;
import dev.calor.worker.sink.RetryPolicy;
import dev.calor.worker.sink.SchemaInitializer;
import dev.calor.worker.sink.WriteListener;
import dev.calor.worker.state.AlertStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ingest worker: shard consumers → pipeline (InfluxDB, alert engine, state store) → alert
 * delivery. {@link #start} returns once every owned shard is claimed; {@link #close} stops it cleanly.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    public static final Duration DEFAULT_CLAIM_GRACE = Duration.ofSeconds(2);
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
    private KafkaReadingsSource kafkaSource;
    private final WorkerMetrics metrics = new WorkerMetrics();
    private final HealthState health = new HealthState();
    private IngestPipeline pipeline;
    private AlertDeliverer deliverer;
    private Thread pipelineThread;
    private Thread delivererThread;
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
        if (config.influx().initSchemaOnStart()) {
            initSchema();
        }
        if (config.metricsPort() >= 0) {
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
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "calor-worker-timer"));

        Mqtt5AsyncClient alertClient = alertClient();
        try {
            alertClient.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot connect to the broker at " + config.mqtt().host() + ":"
                            + config.mqtt().port() + ": " + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        }
        resources.add(() -> alertClient.disconnect().get(5, TimeUnit.SECONDS));

        RetryPolicy deliveryBackoff = new RetryPolicy(
                config.alerts().deliveryRetryInitial(),
                config.alerts().deliveryRetryMax(),
                0.5,
                () -> ThreadLocalRandom.current().nextDouble());
        deliverer = new AlertDeliverer(
                store,
                new MqttAlertPublisher(alertClient, Duration.ofSeconds(10)),
                new WebhookSender(config.alerts().webhookTimeout()),
                deliveryBackoff,
                config.alerts(),
                clock,
                metrics,
                health);
        delivererThread = new Thread(deliverer, "calor-worker-delivery");
        delivererThread.setDaemon(true);
        delivererThread.start();

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
        java.util.function.Predicate<String> ownsDevice =
                device -> config.shards().contains(Topics.shardOf(device, config.shardCount()));
        if (config.kafka().enabled()) {
            kafkaSource = new KafkaReadingsSource(config.kafka(), config.workerId(), m -> pipeline.submit(m), health);
            // the record key: the patient wearing the patch now, else the device itself
            ownsDevice = device -> kafkaSource
                    .ownership()
                    .ownsKey(careCircle
                            .current()
                            .assignmentAt(device, clock.millis() * 1_000_000L)
                            .map(a -> a.patientId())
                            .orElse(device));
        }
        AlertStage alertStage =
                new AlertStage(new AlertEngine(clock, config.alerts().lateAfter()), store.loadStates(), ownsDevice);
        pipeline = new IngestPipeline(
                careCircle,
                alertStage,
                writer,
                store,
                deliverer,
                metrics,
                health,
                clock,
                config.influx().batchSize(),
                config.influx().parallelWrites(),
                config.influx().flushInterval(),
                config.alerts().tickInterval());
        pipelineThread = new Thread(pipeline, "calor-worker-pipeline");
        pipelineThread.start();

        if (kafkaSource != null) {
            joinGroup();
        } else {
            claimShards(claimGrace);
        }
    }

    private void joinGroup() {
        kafkaSource.start();
        try {
            if (!kafkaSource.awaitAssignment(Duration.ofSeconds(60))) {
                throw new IllegalStateException(
                        "no partition assignment from Kafka " + config.kafka().bootstrapServers() + " (group '"
                                + config.kafka().groupId() + "') within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the consumer group", e);
        }
        LOG.info(
                "worker {} running: Kafka topic '{}' group '{}', partitions {}, InfluxDB {}, care circle {}",
                config.workerId(),
                config.kafka().topic(),
                config.kafka().groupId(),
                kafkaSource.ownership().owned(),
                config.influx().url(),
                config.careCircleFile());
    }

    private void claimShards(Duration claimGrace) {
        health.shardsOwned.set(config.shards().size());
        List<CompletableFuture<Void>> claims = new ArrayList<>();
        for (int shard : config.shards()) {
            ShardConsumer c = new ShardConsumer(shard, config.mqtt(), pipeline::submit, health, claimGrace, timer);
            consumers.add(c);
            claims.add(c.start());
        }
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
        LOG.info(
                "worker {} running: shards {} of {}, InfluxDB {} ({}), care circle {}",
                config.workerId(),
                config.shards(),
                config.shardCount(),
                config.influx().url(),
                config.influx().isV1() ? "v1" : "v2",
                config.careCircleFile());
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

    /** Waits until the pipeline or delivery thread ends (they end only on close or a fatal error). */
    public void awaitTermination() throws InterruptedException {
        if (pipelineThread != null) {
            pipelineThread.join();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        consumers.forEach(ShardConsumer::pause);
        if (kafkaSource != null) {
            kafkaSource.pause();
        }
        if (pipeline != null) {
            try {
                pipeline.stop(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumers.forEach(ShardConsumer::close);
        if (kafkaSource != null) {
            kafkaSource.close();
        }
        if (deliverer != null) {
            deliverer.stop();
            try {
                delivererThread.join(5_000);
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
