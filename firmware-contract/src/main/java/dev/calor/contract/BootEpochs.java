package dev.calor.contract;

/**
 * Boot epochs (CONTRACT.md §1.3): a patch's boot counter runs 1..65535 and wraps to 1; 0 means "unknown" and
 * is never a patch's. Which of two epochs is newer is decided by serial-number arithmetic on that ring of
 * 65 535 values: {@code b} is newer than {@code a} when it lies 1..32 767 steps ahead of {@code a}. The answer
 * is right as long as the epochs compared are fewer than 32 768 boots apart (vectors: {@code epochs.tsv}).
 */
public final class BootEpochs {

    public static final int FIRST = 1;
    public static final int LAST = 0xFFFF;
    /** How many epochs apart two epochs may be and still be ordered. */
    public static final int HALF_RING = LAST / 2;

    private BootEpochs() {}

    /** The epoch a patch counts next after {@code epoch}: 65535 is followed by 1. */
    public static int next(int epoch) {
        check(epoch);
        return epoch == LAST ? FIRST : epoch + 1;
    }

    /** Negative when {@code a} is older than {@code b}, 0 when they are the same, positive when newer. */
    public static int compare(int a, int b) {
        int ahead = stepsAhead(a, b);
        return ahead == 0 ? 0 : ahead <= HALF_RING ? -1 : 1;
    }

    /** How many boots {@code b} lies ahead of {@code a} on the ring: 0..65534. */
    public static int stepsAhead(int a, int b) {
        check(a);
        check(b);
        return Math.floorMod(b - a, LAST);
    }

    private static void check(int epoch) {
        if (epoch < FIRST || epoch > LAST) {
            throw new IllegalArgumentException("boot epoch " + epoch + " is not a patch's (1..65535; 0 means unknown)");
        }
    }
}
