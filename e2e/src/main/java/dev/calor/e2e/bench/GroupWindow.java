package dev.calor.e2e.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The measuring window of one consumer group in the cluster bench, fed with the group's lag per partition as it is
 * sampled. It opens once the group is at work: stable (no rebalance under way, every worker owning partitions) and
 * every member has committed on one of its partitions since the group was first seen stable, so neither a
 * rebalance nor a member's start-up (first transaction, changelog restore) is inside it. It closes after {@code length}, or
 * earlier once the group's lag falls below {@code lowLag} of the backlog (partitions running dry).
 */
final class GroupWindow {

    private final long backlog;
    private final Duration length;
    private final double lowLag;
    private Map<Integer, Long> stableAt;
    private long startLag = -1;
    private long startNanos;
    private long endLag = -1;
    private long endNanos;
    private boolean rebalancedInside;

    GroupWindow(long backlog, Duration length, double lowLag) {
        this.backlog = backlog;
        this.length = length;
        this.lowLag = lowLag;
    }

    /**
     * One sample: the group's lag per partition at {@code nanos}, and its members' partitions if the group was
     * stable then (empty if not).
     */
    void sample(Map<Integer, Long> lag, Collection<Set<Integer>> members, long nanos) {
        boolean stable = !members.isEmpty();
        long total = lag.values().stream().mapToLong(Long::longValue).sum();
        if (startLag < 0) {
            if (!stable) {
                stableAt = null;
            } else if (stableAt == null) {
                stableAt = Map.copyOf(lag);
            } else if (members.stream().allMatch(owned -> advancedOnOneOf(owned, lag))) {
                startLag = total;
                startNanos = nanos;
            }
        } else if (endLag < 0) {
            rebalancedInside |= !stable;
            if (nanos - startNanos >= length.toNanos() || total < backlog * lowLag) {
                endLag = total;
                endNanos = nanos;
            }
        }
    }

    /** Whether the window needs no more samples (closed). */
    boolean closed() {
        return endLag >= 0;
    }

    /** Whether the group rebalanced while the window was open (its figure would measure that too). */
    boolean rebalancedInside() {
        return rebalancedInside;
    }

    double seconds() {
        return closed() ? (endNanos - startNanos) / 1e9 : 0;
    }

    /** Records the group committed inside the window. */
    long records() {
        return closed() ? startLag - endLag : 0;
    }

    /** The group's lag in records when the window opened ({@code -1} before). */
    long startLag() {
        return startLag;
    }

    private boolean advancedOnOneOf(Set<Integer> owned, Map<Integer, Long> lag) {
        return owned.stream().anyMatch(p -> lag.getOrDefault(p, 0L) < stableAt.getOrDefault(p, 0L));
    }
}
