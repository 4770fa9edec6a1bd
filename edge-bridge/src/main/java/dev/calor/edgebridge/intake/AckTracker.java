package dev.calor.edgebridge.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides what one patch may be told for one boot epoch. Acknowledgements are cumulative ("every reading up
 * to N is stored"), so the bridge may only acknowledge the end of the contiguous run of readings it has
 * stored: a reading lost on the line (corrupted frame) or refused by a full buffer leaves a hole that holds
 * the acknowledgement back until the patch resends it.
 *
 * <p>A hole the patch does not fill within {@code gapTimeout} (it no longer has the reading) is given up:
 * the acknowledgement moves past it and {@link Advance#missing()} says how many readings were skipped, so
 * the loss is counted and logged. A hole left by a refusal is never given up: back-pressure is wanted.
 *
 * <p>Not thread-safe; pure apart from the instants passed in.
 */
public final class AckTracker {

    /** The new acknowledgement, and how many readings were given up to reach it. */
    public record Advance(long acknowledged, long missing) {}

    private final Duration gapTimeout;
    private long contiguous;
    private final TreeSet<Long> ahead = new TreeSet<>();
    private Instant gapSince;
    private long refusedAt = -1;
    private Instant resendAskedAt;

    /** @param acknowledged the last sequence already acknowledged (or stored) for this epoch; -1 for none */
    public AckTracker(long acknowledged, Duration gapTimeout) {
        this.contiguous = acknowledged;
        this.gapTimeout = gapTimeout;
    }

    /** The last sequence that may be acknowledged. */
    public long acknowledged() {
        return contiguous;
    }

    /** A reading the patch may free (stored, duplicate or dropped by policy) arrived. */
    public Optional<Advance> accepted(long sequence, Instant now) {
        if (sequence <= contiguous) {
            return Optional.of(new Advance(contiguous, 0)); // a resend: acknowledge again
        }
        if (sequence == refusedAt) {
            refusedAt = -1;
        }
        ahead.add(sequence);
        long before = contiguous;
        while (ahead.remove(contiguous + 1)) {
            contiguous++;
        }
        if (ahead.isEmpty()) {
            gapSince = null;
        } else if (gapSince == null || contiguous != before) {
            gapSince = now;
        }
        return contiguous != before ? Optional.of(new Advance(contiguous, 0)) : Optional.empty();
    }

    /** A reading was refused (buffer full, policy refuse): the patch must keep it. */
    public void refused(long sequence) {
        if (sequence > contiguous && (refusedAt < 0 || sequence < refusedAt)) {
            refusedAt = sequence;
        }
    }

    /**
     * The patch said the oldest reading it still holds of this epoch is {@code firstHeld} (serial STATUS,
     * BLE Store Status): readings before it that the bridge never got are gone from the patch. They are given
     * up at once (counted in {@link Advance#missing()}) instead of waiting for the gap timeout.
     */
    public Optional<Advance> storeStartsAt(long firstHeld, Instant now) {
        if (firstHeld - 1 <= contiguous) {
            return Optional.empty();
        }
        long missing = firstHeld - 1 - contiguous - ahead.headSet(firstHeld).size();
        ahead.headSet(firstHeld).clear();
        contiguous = firstHeld - 1;
        if (refusedAt >= 0 && refusedAt < firstHeld) {
            refusedAt = -1;
        }
        while (ahead.remove(contiguous + 1)) {
            contiguous++;
        }
        gapSince = ahead.isEmpty() ? null : now;
        return Optional.of(new Advance(contiguous, missing));
    }

    /**
     * The first missing sequence, once a hole has waited a quarter of the gap time-out without a resend
     * being asked for since: the transport asks the patch for its held readings (BLE TRANSFER) before the hole
     * is given up. At most once per hole and quarter.
     */
    public Optional<Long> resendDue(Instant now) {
        if (ahead.isEmpty() || gapSince == null || refusedAt >= 0) {
            return Optional.empty();
        }
        Instant since = resendAskedAt != null && resendAskedAt.isAfter(gapSince) ? resendAskedAt : gapSince;
        if (Duration.between(since, now).compareTo(gapTimeout.dividedBy(4)) < 0) {
            return Optional.empty();
        }
        resendAskedAt = now;
        return Optional.of(contiguous + 1);
    }

    /** Gives up a hole older than the gap timeout; call periodically. */
    public Optional<Advance> expireGap(Instant now) {
        if (ahead.isEmpty() || gapSince == null || refusedAt >= 0) {
            return Optional.empty();
        }
        if (Duration.between(gapSince, now).compareTo(gapTimeout) < 0) {
            return Optional.empty();
        }
        long next = ahead.first();
        long missing = next - contiguous - 1;
        contiguous = next - 1;
        Advance advance = accepted(next, now).orElseThrow();
        return Optional.of(new Advance(advance.acknowledged(), missing));
    }

    /** Whether readings beyond a hole are waiting. */
    public boolean hasGap() {
        return !ahead.isEmpty();
    }
}
