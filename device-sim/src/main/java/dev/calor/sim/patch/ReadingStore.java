package dev.calor.sim.patch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The patch's bounded flash of unacknowledged readings, oldest first. When full, a new reading overwrites
 * the oldest (as a ring buffer in flash would). Survives reboots.
 */
public final class ReadingStore {

    private final int capacity;
    private final ArrayDeque<StoredReading> readings;

    public ReadingStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.readings = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    /** Stores a reading; returns the one overwritten to make room, if any. */
    public Optional<StoredReading> add(StoredReading reading) {
        StoredReading lost = readings.size() == capacity ? readings.pollFirst() : null;
        readings.addLast(reading);
        return Optional.ofNullable(lost);
    }

    /** Frees every reading of {@code bootEpoch} up to and including {@code sequence}; returns how many. */
    public int acknowledge(long sequence, int bootEpoch) {
        int freed = 0;
        for (Iterator<StoredReading> it = readings.iterator(); it.hasNext(); ) {
            StoredReading r = it.next();
            if (r.bootEpoch() == bootEpoch && r.sequence() <= sequence) {
                it.remove();
                freed++;
            }
        }
        return freed;
    }

    public List<StoredReading> oldest(int n) {
        List<StoredReading> out = new ArrayList<>(Math.min(n, readings.size()));
        for (StoredReading r : readings) {
            if (out.size() == n) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    public int size() {
        return readings.size();
    }

    public int capacity() {
        return capacity;
    }

    public boolean isEmpty() {
        return readings.isEmpty();
    }
}
