package dev.calor.worker.sink;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import dev.calor.worker.config.InfluxSettings;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the 1-minute roll-up for readings older than the continuous query's resample window (a backlog
 * that arrived hours late): after such readings are written, the same SELECT … INTO runs over their
 * minutes. Ranges requested while a backfill runs are merged into the next one, so at most one query
 * runs at a time and a long drain costs a handful of queries. InfluxDB 1.x only (2.x/3.x: the task).
 */
public final class RollupBackfill implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RollupBackfill.class);
    private static final long MINUTE_NS = 60_000_000_000L;

    private final InfluxDBClient client;
    private final InfluxSettings settings;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "calor-worker-rollup-backfill");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong fromNs = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong untilNs = new AtomicLong(Long.MIN_VALUE);
    private final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();

    public RollupBackfill(InfluxDBClient client, InfluxSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Readings sampled in [oldestNs, newestNs] were written; backfill them if the resample misses them. */
    public void written(long oldestNs, long newestNs, long nowNs) {
        if (!settings.isV1() || oldestNs >= nowNs - SchemaInitializer.RESAMPLE_FOR_NS) {
            return;
        }
        fromNs.accumulateAndGet(Math.floorDiv(oldestNs, MINUTE_NS) * MINUTE_NS, Math::min);
        untilNs.accumulateAndGet((Math.floorDiv(newestNs, MINUTE_NS) + 1) * MINUTE_NS, Math::max);
        if (queued.compareAndSet(false, true)) {
            runner.execute(this::run);
        }
    }

    private void run() {
        queued.set(false);
        long from = fromNs.getAndSet(Long.MAX_VALUE);
        long until = untilNs.getAndSet(Long.MIN_VALUE);
        if (from >= until) {
            return;
        }
        String q = SchemaInitializer.rollupSelect(
                        SchemaInitializer.quote(settings.database()),
                        SchemaInitializer.quote(settings.retentionPolicy()))
                + " WHERE time >= " + from + " AND time < " + until + " GROUP BY time(1m), *";
        try {
            client.getInfluxQLQueryApi().query(new InfluxQLQuery(q, settings.database()));
            LOG.info("roll-up backfilled for {} minutes of late readings", (until - from) / MINUTE_NS);
        } catch (RuntimeException e) {
            LOG.warn(
                    "roll-up backfill of {}..{} failed ({}); the minutes stay without roll-up",
                    from,
                    until,
                    e.toString());
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
