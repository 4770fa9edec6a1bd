package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * What one load step measured. Latencies are in microseconds from each batch's intended send time.
 *
 * @param startNanos {@link System#nanoTime()} of the first intended send
 * @param backlog readings sent and not yet queryable at each poll: {nanoTime, readings}
 * @param series readings per second sent (intended), acknowledged by the broker, queryable
 */
record StepResult(
        String name,
        LoadStep.Settings settings,
        long startNanos,
        long batches,
        long readingsSent,
        long readingsAcknowledged,
        long readingsRefused,
        long readingsQueryable,
        Histogram queryableMicros,
        Histogram pubackMicros,
        Histogram generatorLagMicros,
        List<long[]> backlog,
        long polls,
        double meanPollMillis,
        double meanPollIntervalMillis,
        List<TimeSeries> series) {

    /** publish-to-queryable p99 must stay under this for a rate to count as sustainable. */
    static final Duration P99_LIMIT = Duration.ofSeconds(1);

    /** The backlog may not grow by more than this many seconds' worth of readings over a step. */
    static final double BACKLOG_GROWTH_SECONDS = 0.5;

    double p99Millis() {
        return queryableMicros.getTotalCount() == 0 ? Double.NaN : queryableMicros.getValueAtPercentile(99) / 1000.0;
    }

    /** Why this step's rate is not sustainable; empty when it is. */
    Optional<String> unsustainable() {
        List<String> why = new ArrayList<>();
        if (readingsRefused > 0) {
            why.add(readingsRefused + " readings refused by the broker");
        }
        if (readingsQueryable < readingsSent) {
            why.add((readingsSent - readingsQueryable) + " readings not queryable "
                    + settings.drain().toSeconds() + " s after the last send");
        }
        if (!(p99Millis() < P99_LIMIT.toMillis())) {
            why.add(String.format(Locale.ROOT, "publish->queryable p99 %.0f ms", p99Millis()));
        }
        backlogGrowth().ifPresent(why::add);
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }

    /**
     * The backlog (readings sent, not yet queryable) grew: its mean over the last quarter of the sending time is
     * more than {@link #BACKLOG_GROWTH_SECONDS} of the rate above its mean over the quarter after the first 20 %.
     */
    Optional<String> backlogGrowth() {
        long duration = settings.duration().toNanos();
        double early = meanBacklog(startNanos + duration / 5, startNanos + duration * 2 / 5);
        double late = meanBacklog(startNanos + duration * 3 / 4, startNanos + duration);
        if (Double.isNaN(early) || Double.isNaN(late)) {
            return Optional.empty();
        }
        double limit = settings.rate() * BACKLOG_GROWTH_SECONDS;
        return late - early > limit
                ? Optional.of(String.format(Locale.ROOT, "backlog grew from %.0f to %.0f readings", early, late))
                : Optional.empty();
    }

    private double meanBacklog(long from, long to) {
        return backlog.stream()
                .filter(b -> b[0] >= from && b[0] < to)
                .mapToLong(b -> b[1])
                .average()
                .orElse(Double.NaN);
    }

    /** One line for the log and the search table. */
    String summary() {
        return String.format(
                Locale.ROOT,
                "%s: %,.0f readings/s for %d s, %,d batches, p99 %.0f ms, %s",
                name,
                settings.rate(),
                settings.duration().toSeconds(),
                batches,
                p99Millis(),
                unsustainable().map(w -> "not sustainable (" + w + ")").orElse("sustainable"));
    }
}
