package dev.calor.sim.patch;

import dev.calor.contract.serial.Frame;

/** What a simulated patch tells its operator; every method has a do-nothing default. */
public interface PatchListener {

    /** A reading was taken and sent (or kept for later when the link is down). */
    default void onReading(ReadingReport report) {}

    /** A frame from the bridge was acted upon. */
    default void onBridgeFrame(Frame frame) {}

    /** Something worth a line in the log: reboot, link loss, overwritten readings. */
    default void onEvent(String event) {}

    PatchListener NONE = new PatchListener() {};
}
