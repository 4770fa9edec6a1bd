package dev.calor.sim.patch;

import dev.calor.contract.serial.Frame;

/** Where a patch's frames go. */
public interface FrameTransmitter {

    /** Sends one frame; false when it could not be written (the link is down). */
    boolean send(Frame frame);
}
