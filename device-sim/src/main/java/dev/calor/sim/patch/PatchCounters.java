package dev.calor.sim.patch;

import java.util.concurrent.atomic.AtomicLong;

/** What a simulated patch did, for the end-of-run summary and tests. */
public final class PatchCounters {

    final AtomicLong readingsTaken = new AtomicLong();
    final AtomicLong readingsRetransmitted = new AtomicLong();
    final AtomicLong readingsOverwritten = new AtomicLong();
    final AtomicLong framesSent = new AtomicLong();
    final AtomicLong framesNotSent = new AtomicLong();
    final AtomicLong bridgeFrames = new AtomicLong();
    final AtomicLong bridgeFramesRejected = new AtomicLong();
    final AtomicLong reboots = new AtomicLong();

    public long readingsTaken() {
        return readingsTaken.get();
    }

    public long readingsRetransmitted() {
        return readingsRetransmitted.get();
    }

    /** Readings lost because the store was full: each is also logged. */
    public long readingsOverwritten() {
        return readingsOverwritten.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    /** Frames not written because the link was down (readings among them stay stored). */
    public long framesNotSent() {
        return framesNotSent.get();
    }

    public long bridgeFrames() {
        return bridgeFrames.get();
    }

    /** Blocks from the bridge that did not decode (each also logged on calor.event.frame-rejected). */
    public long bridgeFramesRejected() {
        return bridgeFramesRejected.get();
    }

    /** Counts a block from the bridge that did not decode. */
    public void frameRejected() {
        bridgeFramesRejected.incrementAndGet();
    }

    public long reboots() {
        return reboots.get();
    }

    @Override
    public String toString() {
        return "readings taken=" + readingsTaken + " retransmitted=" + readingsRetransmitted + " overwritten="
                + readingsOverwritten + ", frames sent=" + framesSent + " not sent (link down)=" + framesNotSent
                + ", bridge frames=" + bridgeFrames + " rejected=" + bridgeFramesRejected + ", reboots=" + reboots;
    }
}
