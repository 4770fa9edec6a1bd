package dev.calor.sim.scenario;

import java.time.Duration;

/**
 * Faults of the serial line and the patch's retransmission behaviour.
 *
 * @param corruptionRate probability that a frame sent has one byte altered (default 0)
 * @param duplicateRate probability that a frame is sent twice (default 0)
 * @param reorderRate probability that a frame is held back and sent after the next one (default 0)
 * @param storeCapacity unacknowledged readings the patch keeps; the oldest is overwritten beyond (default 512)
 * @param retransmitAfter real time without ACK progress after which unacknowledged readings are resent (default 5s)
 * @param retransmitBurst readings resent at most per retransmission round (default 32)
 */
public record LinkSpec(
        Double corruptionRate,
        Double duplicateRate,
        Double reorderRate,
        Integer storeCapacity,
        Duration retransmitAfter,
        Integer retransmitBurst) {

    public static final LinkSpec DEFAULT = new LinkSpec(null, null, null, null, null, null);

    public LinkSpec {
        corruptionRate = corruptionRate == null ? 0.0 : corruptionRate;
        duplicateRate = duplicateRate == null ? 0.0 : duplicateRate;
        reorderRate = reorderRate == null ? 0.0 : reorderRate;
        storeCapacity = storeCapacity == null ? 512 : storeCapacity;
        retransmitAfter = retransmitAfter == null ? Duration.ofSeconds(5) : retransmitAfter;
        retransmitBurst = retransmitBurst == null ? 32 : retransmitBurst;
    }
}
