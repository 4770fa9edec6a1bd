package dev.calor.edgebridge.buffer;

import dev.calor.contract.BootEpochs;
import java.util.List;

/**
 * The order of a patch's pending readings: by boot epoch as the patch counted them, then by sequence. Boot
 * epochs wrap from 65535 to 1 ({@link BootEpochs}); a patch's pending epochs lie within half the ring of each
 * other (fewer than 32 768 boots apart), so when the numerically lowest and highest are further apart than
 * that, they straddle the wrap and epochs 32768..65535 (before it) come before 0..32767 (after it). Otherwise
 * the numeric order is the patch's. Pure.
 */
final class EpochOrder {

    /** Boot epochs {@code from..to}, both included, read in numeric order. */
    record Range(long from, long to) {
        boolean contains(long epoch) {
            return epoch >= from && epoch <= to;
        }
    }

    static final List<Range> NUMERIC = List.of(new Range(0, BootEpochs.LAST));
    static final List<Range> ACROSS_THE_WRAP =
            List.of(new Range(BootEpochs.HALF_RING + 1L, BootEpochs.LAST), new Range(0, BootEpochs.HALF_RING));

    private EpochOrder() {}

    /**
     * The epoch ranges in publishing order, given the lowest and highest numbered epoch (≥ 1) among a patch's
     * pending readings (and the drain's cursor); {@code -1} when there is none.
     */
    static List<Range> of(long lowest, long highest) {
        if (lowest < BootEpochs.FIRST || highest - lowest <= BootEpochs.HALF_RING) {
            return NUMERIC;
        }
        return ACROSS_THE_WRAP;
    }
}
