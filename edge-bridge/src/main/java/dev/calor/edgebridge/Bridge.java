package dev.calor.edgebridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calor.edgebridge.buffer.BufferHealth;
import dev.calor.edgebridge.buffer.ReadingBuffer;
import dev.calor.edgebridge.config.BridgeConfig;
import dev.calor.edgebridge.config.PatchConfig;
import dev.calor.edgebridge.http.HealthServer;
import dev.calor.edgebridge.intake.Intake;
import dev.calor.edgebridge.intake.ReadingMapper;
import dev.calor.edgebridge.metrics.BridgeMetrics;
import dev.calor.edgebridge.publish.DevicePublisher;
import dev.calor.edgebridge.status.DeviceState;
import dev.calor.edgebridge.status.SilenceWatch;
import dev.calor.edgebridge.status.StatusBoard;
import dev.calor.edgebridge.time.ClockJudge;
import dev.calor.edgebridge.time.ClockWatch;
import dev.calor.edgebridge.time.Monotonic;
import dev.calor.edgebridge.time.StableClock;
import dev.calor.edgebridge.transport.PatchTransport;
import dev.calor.edgebridge.transport.ble.BleTransport;
import dev.calor.edgebridge.transport.serial.SerialPatchTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge bridge: the durable buffer, one transport and one MQTT publisher per patch, the intake
 * between them, and the metrics/health endpoint. {@link #close()} stops everything in order.
 */
public final class Bridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    private static final Logger CLOCK = LoggerFactory.getLogger("calor.event.clock");
    private static final Duration MAINTENANCE_PERIOD = Duration.ofSeconds(30);
    private static final Duration WATCH_PERIOD = Duration.ofSeconds(1);

    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final ReadingBuffer buffer;
    private final StatusBoard board;
    private final Intake intake;
    private final ScheduledExecutorService scheduler;
    private final Map<String, DevicePublisher> publishers = new LinkedHashMap<>();
    private final Map<String, PatchTransport> transports = new LinkedHashMap<>();
    private final Clock clock;
    private final Clock stable;
    private final ClockWatch clockWatch;
    private final ClockJudge clockJudge;
    private final SilenceWatch silence;
    private final BufferHealth bufferHealth;
    private HealthServer http;

    private Bridge(BridgeConfig config, Clock clock, Monotonic monotonic) {
        this.config = config;
        this.clock = clock;
        this.stable = new StableClock(clock, monotonic);
        this.clockWatch = new ClockWatch(clock, monotonic, config.intake().clockJumpThreshold());
        this.clockJudge = new ClockJudge(
                clock, stable, config.intake().clockSync(), ClockJudge.TIMESYNCD_MARKER, ClockJudge.DEFAULT_SETTLE);
        this.metrics = new BridgeMetrics();
        this.buffer = ReadingBuffer.open(config.buffer(), stable, metrics);
        List<String> devices =
                config.patches().stream().map(PatchConfig::deviceId).toList();
        this.board = new StatusBoard(config.bridgeId(), devices, clock, buffer::depth);
        this.silence = new SilenceWatch(board, config.intake(), stable);
        metrics.observe(buffer, board, stable);
        metrics.observeClock(clockJudge::synchronised);
        this.bufferHealth = new BufferHealth(buffer);
        metrics.observeBufferHealth(bufferHealth, buffer, board);
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "calor-publish-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.intake = new Intake(
                buffer,
                new ReadingMapper(
                        ReadingMapper.DEFAULT_EARLIEST_PLAUSIBLE,
                        config.intake().maxClockSkew(),
                        clockJudge::synchronised),
                board,
                metrics,
                clock,
                stable,
                config.intake().gapTimeout(),
                config.intake().queueCapacity(),
                silence::heard);
    }

    /** Starts a bridge on the system's monotonic time; see {@link #start(BridgeConfig, Clock, Monotonic)}. */
    public static Bridge start(BridgeConfig config, Clock clock) {
        return start(config, clock, Monotonic.SYSTEM);
    }

    /**
     * Starts a bridge; on failure everything already started is stopped again.
     *
     * @param clock the wall clock: received times, TIME_SET, statuses
     * @param monotonic elapsed time for every time-out, expiry and age bound
     */
    public static Bridge start(BridgeConfig config, Clock clock, Monotonic monotonic) {
        Bridge bridge = new Bridge(config, clock, monotonic);
        try {
            bridge.startAll();
            return bridge;
        } catch (RuntimeException e) {
            bridge.close();
            throw e;
        }
    }

    private void startAll() {
        AtomicLong batchIds = new AtomicLong(clock.millis() * 1_000);
        SplittableRandom random = new SplittableRandom();
        for (PatchConfig patch : config.patches()) {
            DevicePublisher publisher = new DevicePublisher(
                    patch.deviceId(),
                    patch.password().getBytes(StandardCharsets.UTF_8),
                    config.bridgeId(),
                    config.broker(),
                    config.publish(),
                    buffer,
                    board,
                    metrics,
                    scheduler,
                    clock,
                    stable,
                    random.split(),
                    batchIds);
            publishers.put(patch.deviceId(), publisher);
        }
        intake.start();
        publishers.values().forEach(DevicePublisher::start);
        for (PatchConfig patch : config.patches()) {
            PatchTransport transport = patch.serial().isPresent()
                    ? new SerialPatchTransport(patch.serial().get(), clock, clockJudge::synchronised)
                    : BleTransport.create(patch.ble().orElseThrow());
            transports.put(patch.deviceId(), transport);
            intake.register(transport);
            transport.start(intake);
        }
        scheduler.scheduleAtFixedRate(
                this::maintain, MAINTENANCE_PERIOD.toMillis(), MAINTENANCE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(
                this::watch, WATCH_PERIOD.toMillis(), WATCH_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        if (!clockJudge.synchronised()) {
            CLOCK.warn(
                    "the bridge clock ({}) is not known to be synchronised: no TIME_SET is sent and readings are"
                            + " flagged clock-unreliable until it is",
                    clock.instant());
        }
        if (config.http().enabled()) {
            try {
                http = HealthServer.start(config.http().host(), config.http().port(), metrics.registry(), this::health);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot serve metrics on " + config.http().host() + ":"
                                + config.http().port(),
                        e);
            }
        }
        LOG.info(
                "bridge {} started: {} patches ({}), {} readings buffered, publishing to {}:{}",
                config.bridgeId(),
                transports.size(),
                String.join(", ", transports.keySet()),
                buffer.depth(),
                config.broker().host(),
                config.broker().port());
    }

    /** Wall-clock jumps and silent patches, every few seconds. */
    private void watch() {
        try {
            clockWatch.check().ifPresent(jump -> {
                metrics.clockJump(jump.forward());
                clockJudge.jumped();
                CLOCK.warn(
                        "wall clock jumped {} by {} s ({} -> {}); time-outs and buffer ages are unaffected"
                                + " (monotonic); no TIME_SET and readings flagged clock-unreliable for {} unless"
                                + " timesyncd confirms a synchronisation; the clock is {}",
                        jump.forward() ? "forward" : "backward",
                        Math.abs(jump.offset().toMillis()) / 1000.0,
                        jump.wallBefore(),
                        jump.wallAfter(),
                        ClockJudge.DEFAULT_SETTLE,
                        clockJudge.synchronised() ? "believed synchronised" : "not known to be synchronised");
            });
            silence.check();
        } catch (RuntimeException e) {
            LOG.error("clock and silence watch failed", e);
        }
    }

    private void maintain() {
        try {
            buffer.expire();
        } catch (RuntimeException e) {
            LOG.error("buffer maintenance failed", e);
        }
    }

    /**
     * The health answer: 200 {@code UP} when every patch link and MQTT connection is up and the buffer takes
     * readings; else 503, {@code NOT_READY} when the buffer cannot store (write failed, disk nearly full),
     * {@code DEGRADED} otherwise, with the details.
     */
    public HealthServer.Health health() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        boolean healthy = true;
        ArrayNode patches = root.putArray("patches");
        for (Map.Entry<String, DeviceState> e : board.all().entrySet()) {
            DevicePublisher publisher = publishers.get(e.getKey());
            boolean mqtt = publisher != null && publisher.isConnected();
            boolean link = e.getValue().link() == dev.calor.edgebridge.transport.LinkState.ONLINE;
            healthy &= mqtt && link;
            ObjectNode p = patches.addObject();
            p.put("device", e.getKey());
            p.put("link", e.getValue().link().name().toLowerCase(Locale.ROOT));
            p.put("mqttConnected", mqtt);
            p.put("buffered", buffer.depth(e.getKey()));
        }
        Optional<Instant> oldest = buffer.oldestPending();
        BufferHealth.State store = bufferHealth.state();
        ObjectNode b = root.putObject("buffer");
        b.put("writable", store.writable());
        b.put("freeBytes", store.freeBytes());
        store.problem().ifPresent(p -> b.put("problem", p));
        root.put("status", !store.writable() ? "NOT_READY" : healthy ? "UP" : "DEGRADED");
        healthy &= store.writable();
        root.put("bridge", config.bridgeId());
        root.put("buffered", buffer.depth());
        root.put(
                "oldestBufferedAgeSeconds",
                oldest.map(t -> Duration.between(t, stable.instant()).toSeconds())
                        .orElse(0L));
        return new HealthServer.Health(healthy ? 200 : 503, root.toString());
    }

    public ReadingBuffer buffer() {
        return buffer;
    }

    public BridgeMetrics metrics() {
        return metrics;
    }

    public StatusBoard statusBoard() {
        return board;
    }

    public Optional<DevicePublisher> publisher(String deviceId) {
        return Optional.ofNullable(publishers.get(deviceId));
    }

    /** The port of the metrics/health endpoint, or -1 when disabled. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Stops the transports, writes what the intake holds, disconnects (OFFLINE will), closes the buffer. */
    @Override
    public void close() {
        List<Runnable> steps = new ArrayList<>();
        transports.values().forEach(t -> steps.add(t::close));
        steps.add(intake::close);
        publishers.values().forEach(p -> steps.add(p::close));
        steps.add(scheduler::shutdownNow);
        steps.add(() -> {
            if (http != null) {
                http.close();
            }
        });
        steps.add(buffer::close);
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("error while stopping the bridge", e);
            }
        }
        LOG.info("bridge {} stopped", config.bridgeId());
    }
}
