package dev.calor.e2e.bench;

import dev.calor.testsupport.InfluxHttp;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes when the readings of a load step become queryable, for every batch, without a query per batch: every
 * {@code period} one InfluxQL query counts the points of the patches with readings in flight, from the oldest
 * sample time still awaited on ({@code SELECT count(seq) … WHERE time >= T AND (device_id = 'a' OR …) GROUP BY
 * device_id}), so a query covers only what is in flight, however large the pool of patches.
 * A patch's k-th reading of the step counts as queryable at the first poll that finds k of its step readings
 * stored (exact when its readings land in order; otherwise the k-th arrival stands for the k-th reading). A
 * batch's publish-to-queryable latency is the moment that poll's answer arrived minus the batch's intended
 * send time: an upper bound, {@code period} plus one query coarse.
 */
final class QueryableWatch {

    private static final Logger LOG = LoggerFactory.getLogger(QueryableWatch.class);
    /** Patches awaited that a poll lists by name at most; beyond, it selects the step's patches by regex. */
    static final int MAX_LISTED = 400;

    private final InfluxHttp influx;
    private final String database;
    private final String deviceRegex;
    private final Duration period;
    private final ConcurrentLinkedQueue<Sent> inbox = new ConcurrentLinkedQueue<>();
    private final Map<String, Track> tracks = new HashMap<>();
    private final Histogram micros = new Histogram(3_600_000_000L, 3);
    private final TimeSeries queryable;
    private final List<long[]> backlog = new ArrayList<>();
    private long sentReadings;
    private long confirmedReadings;
    private long polls;
    private long pollNanos;
    private long firstPoll;
    private long lastPoll;

    private record Sent(String deviceId, long[] sampleNs, long intendedNanos) {}

    /** One patch's readings of the step: their sample times in order, and its batches not yet queryable. */
    private static final class Track {
        long[] samples = new long[64];
        int size;
        int confirmed;
        final ArrayDeque<long[]> pending = new ArrayDeque<>(); // {end index, intended nanos}
    }

    QueryableWatch(InfluxHttp influx, String database, String deviceRegex, Duration period, TimeSeries queryable) {
        this.influx = influx;
        this.database = database;
        this.deviceRegex = deviceRegex;
        this.period = period;
        this.queryable = queryable;
    }

    /** Called by the load generator for every batch it sends (any thread). */
    void sent(String deviceId, long[] sampleNs, long intendedNanos) {
        inbox.add(new Sent(deviceId, sampleNs, intendedNanos));
    }

    /** Polls until {@code stop} is true and nothing is awaited, or {@code drainDeadline} (nanoTime) passed. */
    void run(java.util.function.BooleanSupplier stop, long drainDeadline) {
        while (true) {
            long start = System.nanoTime();
            boolean stopping = stop.getAsBoolean();
            take();
            if (stopping && pendingReadings() == 0) {
                return;
            }
            if (stopping && start > drainDeadline) {
                giveUp(start);
                return;
            }
            poll();
            long next = start + period.toNanos();
            LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
        }
    }

    private void take() {
        Sent s;
        while ((s = inbox.poll()) != null) {
            Track t = tracks.computeIfAbsent(s.deviceId(), d -> new Track());
            if (t.size + s.sampleNs().length > t.samples.length) {
                t.samples = Arrays.copyOf(t.samples, Math.max(t.samples.length * 2, t.size + s.sampleNs().length));
            }
            System.arraycopy(s.sampleNs(), 0, t.samples, t.size, s.sampleNs().length);
            t.size += s.sampleNs().length;
            t.pending.add(new long[] {t.size, s.intendedNanos()});
            sentReadings += s.sampleNs().length;
        }
    }

    private void poll() {
        long oldest = Long.MAX_VALUE;
        List<String> awaited = new ArrayList<>();
        for (Map.Entry<String, Track> e : tracks.entrySet()) {
            Track t = e.getValue();
            if (t.confirmed < t.size) {
                oldest = Math.min(oldest, t.samples[t.confirmed]);
                awaited.add(e.getKey());
            }
        }
        if (oldest == Long.MAX_VALUE) {
            recordBacklog(System.nanoTime());
            return;
        }
        long start = System.nanoTime();
        List<Map<String, Object>> rows;
        try {
            rows = influx.rows(database, query(oldest, awaited));
        } catch (RuntimeException e) {
            LOG.warn("queryable poll failed: {}", e.toString());
            return;
        }
        long answered = System.nanoTime();
        if (polls == 0) {
            firstPoll = start;
        }
        lastPoll = start;
        polls++;
        pollNanos += answered - start;
        for (Map<String, Object> row : rows) {
            Track t = tracks.get(String.valueOf(row.get(InfluxSchema.DEVICE_TAG)));
            if (t == null || !(row.get("count") instanceof Number count)) {
                continue;
            }
            int before = lowerBound(t.samples, t.size, oldest);
            int stored = (int) Math.min(t.size, before + count.longValue());
            if (stored > t.confirmed) {
                confirmedReadings += stored - t.confirmed;
                queryable.add(answered, stored - t.confirmed);
                t.confirmed = stored;
                while (!t.pending.isEmpty() && t.pending.peek()[0] <= stored) {
                    record(answered - t.pending.poll()[1]);
                }
            }
        }
        recordBacklog(answered);
    }

    /**
     * The count query of one poll: only the patches with readings in flight (InfluxDB's cost grows with the series
     * a query touches, and most patches of a large pool have nothing in flight between two of their publishes),
     * or every patch of the step by its regex when too many are awaited to list.
     */
    String query(long oldestNs, List<String> awaited) {
        String devices;
        if (awaited.size() <= MAX_LISTED) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < awaited.size(); i++) {
                b.append(i == 0 ? "" : " OR ")
                        .append('"')
                        .append(InfluxSchema.DEVICE_TAG)
                        .append("\" = '");
                b.append(awaited.get(i).replace("\\", "\\\\").replace("'", "\\'"))
                        .append('\'');
            }
            devices = b.append(')').toString();
        } else {
            devices = "\"" + InfluxSchema.DEVICE_TAG + "\" =~ /" + deviceRegex + "/";
        }
        return "SELECT count(\"" + InfluxSchema.FIELD + "\") FROM \"" + InfluxSchema.MEASUREMENT + "\" WHERE time >= "
                + oldestNs + " AND " + devices + " GROUP BY \"" + InfluxSchema.DEVICE_TAG + "\"";
    }

    /** Batches never seen queryable count with the time waited so far: a lower bound of their latency. */
    private void giveUp(long now) {
        for (Track t : tracks.values()) {
            while (!t.pending.isEmpty()) {
                record(now - t.pending.poll()[1]);
            }
        }
    }

    private void record(long nanos) {
        micros.recordValue(Math.max(0, Math.min(micros.getHighestTrackableValue(), nanos / 1_000)));
    }

    private void recordBacklog(long now) {
        backlog.add(new long[] {now, sentReadings - confirmedReadings});
    }

    private static int lowerBound(long[] a, int size, long key) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    long pendingReadings() {
        return sentReadings - confirmedReadings;
    }

    /** Publish-to-queryable latency of every batch sent, in microseconds. */
    Histogram micros() {
        return micros;
    }

    long sentReadings() {
        return sentReadings;
    }

    long confirmedReadings() {
        return confirmedReadings;
    }

    long polls() {
        return polls;
    }

    /** The mean time between two polls: the latency's real resolution (the period, or longer when queries are slow). */
    double meanPollIntervalMillis() {
        return polls < 2 ? Double.NaN : (lastPoll - firstPoll) / 1e6 / (polls - 1);
    }

    double meanPollMillis() {
        return polls == 0 ? Double.NaN : pollNanos / 1e6 / polls;
    }

    /** Readings sent but not yet queryable, at each poll: {nanoTime, readings}. */
    List<long[]> backlog() {
        return List.copyOf(backlog);
    }
}
