package dev.calor.sim.physiology;

/**
 * What the patch's sensor sees at one scenario instant.
 *
 * @param coreC the patient's core temperature (what the bridge and worker should reconstruct)
 * @param sensorC the sensor reading after site offset, attachment, noise and resolution; NaN on sensor error
 * @param detached the patch is off the skin
 * @param warmingUp the patch was attached less than the warm-up time ago
 * @param sensorError the sensor failed
 */
public record BodySample(double coreC, double sensorC, boolean detached, boolean warmingUp, boolean sensorError) {}
