package dev.calor.edgebridge.publish;

import dev.calor.edgebridge.buffer.BufferedReading;
import dev.calor.edgebridge.metrics.BridgeMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what one patch's publisher does with a batch the broker refused, and for how long its drain
 * pauses: {@link RefusalPolicy} says whether the refusal is about the moment or about the readings, the
 * {@link RefusalBreaker} stops a burst of refusals from working through the whole buffer, and the publisher's
 * backoff spaces the resends. Counts and logs each decision. Not thread-safe: the publisher calls it under its
 * lock.
 */
final class RefusalHandling {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalHandling.class);
    private static final Duration MIN_RETRY_DELAY = Duration.ofMillis(200);

    /** What happens to the refused batch. */
    enum Action {
        /** A single refused reading: into the quarantine, never resent. */
        QUARANTINE,
        /** Several readings, some refused: resend each half alone (bisection). */
        SPLIT,
        /** Refused for the moment: keep it and resend it later. */
        RESEND
    }

    /** The action, and the pause of the drain before anything is sent again (none: carry on). */
    record Verdict(Action action, Optional<Duration> pause) {}

    private final String deviceId;
    private final PublishSettings settings;
    private final BridgeMetrics metrics;
    private final RandomGenerator random;
    private final RefusalBreaker breaker = RefusalBreaker.defaults();
    private int backoffAttempt;
    private long refusedFirstRow = -1;
    private int refusalsOfFirstRow;

    RefusalHandling(String deviceId, PublishSettings settings, BridgeMetrics metrics, RandomGenerator random) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.metrics = metrics;
        this.random = random;
    }

    /** A batch was acknowledged: the backoff and the breaker start over. */
    void succeeded() {
        backoffAttempt = 0;
        breaker.succeeded();
    }

    /**
     * @param drainPaused whether the drain is already paused (a refusal of another batch in flight): then no
     *     further pause is started and the backoff does not grow
     */
    Verdict refused(
            long batchId,
            List<BufferedReading> batch,
            PublishOutcome.Refused refused,
            Instant now,
            boolean drainPaused) {
        int code = refused.reasonCode();
        long firstRow = batch.get(0).rowId();
        int refusalsSoFar = firstRow == refusedFirstRow ? refusalsOfFirstRow : 0;
        RefusalPolicy.Decision decision = RefusalPolicy.decide(code, refused.reason(), refusalsSoFar);
        // The breaker counts what a broker refusing everything would produce: transient faults and readings
        // quarantined; the splits of a bisection are steps towards delivering the good readings, not faults.
        boolean counts =
                decision == RefusalPolicy.Decision.BACK_OFF ? !RefusalPolicy.isFlowControl(code) : batch.size() == 1;
        if (counts) {
            breaker.refused(now).ifPresent(pause -> tripped(code, refused, pause));
        }
        Action action;
        if (decision == RefusalPolicy.Decision.ISOLATE) {
            refusedFirstRow = -1;
            action = batch.size() == 1 ? Action.QUARANTINE : Action.SPLIT;
            if (action == Action.SPLIT) {
                metrics.isolating(deviceId, code);
                LOG.info(
                        "broker refused batch {} of {} ({} readings, seq {}..{}) with 0x{} '{}'; resending it in"
                                + " halves to isolate the refused readings",
                        batchId,
                        deviceId,
                        batch.size(),
                        batch.get(0).sequence(),
                        batch.get(batch.size() - 1).sequence(),
                        Integer.toHexString(code),
                        refused.reason());
            }
        } else {
            if (!RefusalPolicy.isFlowControl(code)) {
                refusedFirstRow = firstRow;
                refusalsOfFirstRow = refusalsSoFar + 1;
            }
            metrics.throttled(deviceId, code);
            action = Action.RESEND;
        }
        Duration breakerWait = breaker.remaining(now);
        if (drainPaused || (decision != RefusalPolicy.Decision.BACK_OFF && breakerWait.isZero())) {
            return new Verdict(action, Optional.empty());
        }
        return new Verdict(action, Optional.of(pause(batchId, refused, breakerWait)));
    }

    private Duration pause(long batchId, PublishOutcome.Refused refused, Duration atLeast) {
        Duration delay = settings.backoff().delay(backoffAttempt++, random);
        Duration wait = delay.compareTo(MIN_RETRY_DELAY) < 0 ? MIN_RETRY_DELAY : delay;
        if (wait.compareTo(atLeast) < 0) {
            wait = atLeast;
        }
        LOG.info(
                refused.reasonCode() == RefusalPolicy.NO_MATCHING_SUBSCRIBERS
                        ? "no ingest worker subscribed yet for batch {} of {} (0x{} '{}'); kept buffered,"
                                + " resending in {} ms"
                        : "broker refused batch {} of {} with 0x{} '{}'; kept buffered, resending in {} ms",
                batchId,
                deviceId,
                Integer.toHexString(refused.reasonCode()),
                refused.reason(),
                wait.toMillis());
        return wait;
    }

    private void tripped(int code, PublishOutcome.Refused refused, Duration pause) {
        LOG.error(
                "broker refused more than {} batches of {} within {}; pausing the drain for {} s instead of"
                        + " quarantining the buffer (last: 0x{} '{}')",
                RefusalBreaker.DEFAULT_THRESHOLD,
                deviceId,
                RefusalBreaker.DEFAULT_WINDOW,
                pause.toSeconds(),
                Integer.toHexString(code),
                refused.reason());
        metrics.breakerTripped(deviceId);
    }
}
