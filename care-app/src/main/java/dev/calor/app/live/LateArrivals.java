package dev.calor.app.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Finds what was stored after the live stream had passed its time stamp (a bridge flushing a backlog after
 * an outage, an alert written late): the number stored per time bucket of the recent past is compared with
 * what this stream already knows of. A bucket holding more than that has late arrivals. Pure: counts in,
 * buckets out; the first counts seen are the baseline (what was there when the stream opened).
 */
final class LateArrivals {

    private final NavigableMap<Long, Long> known = new TreeMap<>();
    private boolean primed;

    /** Something sent live, stamped within the bucket starting at {@code bucketNs}. */
    void sentLive(long bucketNs) {
        if (primed) {
            known.merge(bucketNs, 1L, Long::sum);
        }
    }

    /**
     * @param stored what is stored now per bucket start (buckets not after the stream's position)
     * @param horizonNs buckets before this are forgotten
     * @return the buckets, oldest first, holding more than this stream knows of
     */
    List<Long> grown(Map<Long, Long> stored, long horizonNs) {
        known.headMap(horizonNs).clear();
        if (!primed) {
            primed = true;
            known.putAll(stored);
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        new TreeMap<>(stored).forEach((bucket, count) -> {
            if (count > known.getOrDefault(bucket, 0L)) {
                out.add(bucket);
            }
        });
        return out;
    }

    /** The late arrivals of a bucket have been sent: it now holds {@code count}. */
    void caughtUp(long bucketNs, long count) {
        known.put(bucketNs, count);
    }

    int bucketsKnown() {
        return known.size();
    }
}
