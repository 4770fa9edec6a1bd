package dev.calor.worker.consume.kafka;

import java.util.Set;

/**
 * What a consumer of the alerting group does when partitions come and go, on its poll thread. Both
 * calls return before the consumer goes on: records of an assigned partition are handed on only after
 * its states were restored, and a revoked partition's offsets are committed by its last transaction
 * before the group gives it to another worker.
 */
public interface PartitionHandover {

    /**
     * @param own makes the partitions this worker's in {@link PartitionOwnership}; run once their state
     *     is in place, so no NO_DATA tick starts a patient afresh before its state arrived
     */
    void assigned(Set<Integer> partitions, Runnable own);

    /**
     * @param lost the session expired: another worker may own them already (this one's commit is fenced)
     * @param disown removes the partitions from {@link PartitionOwnership}; run once they are forgotten
     */
    void revoked(Set<Integer> partitions, boolean lost, Runnable disown);
}
