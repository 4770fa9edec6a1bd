package dev.calor.sim.patch;

import dev.calor.contract.serial.Measurement;

/** A reading kept in the patch's flash until the bridge acknowledges it. */
public record StoredReading(int bootEpoch, long sequence, Measurement measurement) {}
