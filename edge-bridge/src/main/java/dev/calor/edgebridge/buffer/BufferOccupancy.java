package dev.calor.edgebridge.buffer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the buffer holds pending, per patch and in total (readings and payload bytes), and the fair
 * overflow decision over it. Pure; guarded by the buffer's lock.
 *
 * <p>A new reading fits when its patch stays within its quota and the buffer within its total. When it does
 * not fit, {@link #victim(String, long)} names whose oldest reading should make room (drop-oldest): the patch
 * itself when it is over its own quota, else the patch holding the most (the one taking more than its share),
 * never a patch that is within its share just because another one filled the buffer.
 */
final class BufferOccupancy {

    private final BufferSettings settings;
    private final Map<String, long[]> byDevice = new HashMap<>(); // {readings, bytes}
    private long readings;
    private long bytes;

    BufferOccupancy(BufferSettings settings) {
        this.settings = settings;
    }

    void clear() {
        byDevice.clear();
        readings = 0;
        bytes = 0;
    }

    void add(String device, long count, long size) {
        long[] d = byDevice.computeIfAbsent(device, k -> new long[2]);
        d[0] += count;
        d[1] += size;
        readings += count;
        bytes += size;
        if (d[0] <= 0) {
            byDevice.remove(device);
        }
    }

    long readings() {
        return readings;
    }

    long bytes() {
        return bytes;
    }

    long readings(String device) {
        long[] d = byDevice.get(device);
        return d == null ? 0 : d[0];
    }

    long bytes(String device) {
        long[] d = byDevice.get(device);
        return d == null ? 0 : d[1];
    }

    Map<String, Long> readingsByDevice() {
        Map<String, Long> copy = new HashMap<>();
        byDevice.forEach((k, v) -> copy.put(k, v[0]));
        return copy;
    }

    boolean overQuota(String device, long size) {
        return readings(device) + 1 > settings.maxReadingsPerPatch()
                || bytes(device) + size > settings.maxBytesPerPatch();
    }

    boolean overTotal(long size) {
        return readings + 1 > settings.maxReadings() || bytes + size > settings.maxBytes();
    }

    boolean fits(String device, long size) {
        return !overQuota(device, size) && !overTotal(size);
    }

    /** Whose oldest reading makes room for a new reading of {@code device}; empty when nobody holds any. */
    Optional<String> victim(String device, long size) {
        if (overQuota(device, size)) {
            return readings(device) > 0 ? Optional.of(device) : Optional.empty();
        }
        String largest = null;
        long most = 0;
        for (Map.Entry<String, long[]> e : byDevice.entrySet()) {
            if (e.getValue()[0] > most) {
                most = e.getValue()[0];
                largest = e.getKey();
            }
        }
        return Optional.ofNullable(largest);
    }
}
