package dev.calor.sim.patch;

import dev.calor.sim.scenario.LinkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A bad serial line between patch and bridge: alters a byte, duplicates, or swaps frames with the configured
 * probabilities. Deterministic for a seed and the same sequence of frames.
 */
public final class LinkFaults {

    public enum Kind {
        CORRUPTED,
        DUPLICATED,
        REORDERED
    }

    /** Told about every fault injected. */
    public interface Observer {
        void onFault(Kind kind);
    }

    private final LinkSpec spec;
    private final Random random;
    private final Observer observer;
    private byte[] held;

    public LinkFaults(LinkSpec spec, long seed, Observer observer) {
        this.spec = spec;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.observer = observer;
    }

    /** The byte chunks to write for one encoded frame, in order (none when the frame is held back). */
    public List<byte[]> apply(byte[] wire) {
        List<byte[]> out = new ArrayList<>(3);
        byte[] frame = wire;
        if (spec.corruptionRate() > 0 && random.nextDouble() < spec.corruptionRate()) {
            frame = wire.clone();
            int at = random.nextInt(Math.max(1, frame.length - 1));
            frame[at] ^= (byte) (1 + random.nextInt(255));
            observer.onFault(Kind.CORRUPTED);
        }
        if (held == null && spec.reorderRate() > 0 && random.nextDouble() < spec.reorderRate()) {
            held = frame;
            observer.onFault(Kind.REORDERED);
            return out;
        }
        out.add(frame);
        if (spec.duplicateRate() > 0 && random.nextDouble() < spec.duplicateRate()) {
            out.add(frame);
            observer.onFault(Kind.DUPLICATED);
        }
        if (held != null) {
            out.add(held);
            held = null;
        }
        return out;
    }

    /** A frame held back for reordering, released when nothing follows (e.g. at shutdown). */
    public List<byte[]> flush() {
        if (held == null) {
            return List.of();
        }
        byte[] h = held;
        held = null;
        return List.of(h);
    }
}
