package dev.calor.sim.ble;

import dev.calor.contract.gatt.StoreStatus;
import dev.calor.contract.gatt.StoredRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The patch's flash of readings not yet acknowledged by a bridge: a bounded queue in store order. When full,
 * the oldest record is overwritten (and counted), as a patch with finite flash must. Not thread-safe; the
 * patch calls it from its own thread.
 */
final class RecordStore {

    private final int capacity;
    private final int bootEpoch;
    private final Deque<StoredRecord> records = new ArrayDeque<>();
    private long nextSequence;
    private int overwritten;

    RecordStore(int capacity, int bootEpoch, long firstSequence) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.bootEpoch = bootEpoch;
        this.nextSequence = firstSequence;
    }

    /** Stores a measurement (0x2A1C bytes, Calor flags) under the next sequence number and returns the record. */
    StoredRecord append(int flags, byte[] measurement) {
        StoredRecord record = new StoredRecord(bootEpoch, nextSequence, flags, measurement);
        nextSequence = (nextSequence + 1) & 0xFFFF_FFFFL;
        if (records.size() == capacity) {
            records.removeFirst();
            overwritten = Math.min(overwritten + 1, 0xFFFF);
        }
        records.addLast(record);
        return record;
    }

    /**
     * Frees the record (epoch, sequence) and every record stored before it. Returns how many were freed; 0 when
     * no such record is held (already freed, or never existed).
     */
    int acknowledge(int epoch, long sequence) {
        int position = 0;
        for (StoredRecord r : records) {
            position++;
            if (r.bootEpoch() == epoch && r.sequence() == sequence) {
                for (int i = 0; i < position; i++) {
                    records.removeFirst();
                }
                return position;
            }
        }
        return 0;
    }

    List<StoredRecord> snapshot() {
        return new ArrayList<>(records);
    }

    int size() {
        return records.size();
    }

    int overwritten() {
        return overwritten;
    }

    StoreStatus status() {
        return new StoreStatus(bootEpoch, nextSequence, Math.min(records.size(), 0xFFFF), overwritten);
    }
}
