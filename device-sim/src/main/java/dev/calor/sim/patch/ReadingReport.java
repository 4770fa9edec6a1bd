package dev.calor.sim.patch;

import dev.calor.contract.serial.Measurement;
import java.util.Locale;

/**
 * One reading as the simulator prints it.
 *
 * @param deviceId the patch
 * @param bootEpoch the boot epoch of the reading
 * @param sequence its sequence number
 * @param measurement what was sent
 * @param coreC the simulated core temperature behind it
 * @param ackedSequence highest sequence of this boot epoch the bridge has acknowledged so far
 * @param sent false when the link was down and the reading was only stored
 */
public record ReadingReport(
        String deviceId,
        int bootEpoch,
        long sequence,
        Measurement measurement,
        double coreC,
        long ackedSequence,
        boolean sent) {

    /** e.g. {@code patch-0001 seq=12 37.42 °C (skin) acked=11}. */
    public String line() {
        StringBuilder b = new StringBuilder();
        b.append(deviceId).append(" seq=").append(sequence);
        if (bootEpoch != 1) {
            b.append(" boot=").append(bootEpoch);
        }
        double v = measurement.temperature().value();
        b.append(' ')
                .append(Double.isNaN(v) ? "  NaN" : String.format(Locale.ROOT, "%.2f", v))
                .append(
                        measurement.temperature().unit() == dev.calor.contract.hts.TemperatureUnit.CELSIUS
                                ? " °C"
                                : " °F")
                .append(" (")
                .append(measurement.site().label())
                .append(')')
                .append(" acked=")
                .append(ackedSequence);
        if (measurement.has(Measurement.FLAG_DETACHED)) {
            b.append(" detached");
        }
        if (measurement.has(Measurement.FLAG_WARMING_UP)) {
            b.append(" warming-up");
        }
        if (measurement.has(Measurement.FLAG_CLOCK_UNSET)) {
            b.append(" clock-unset");
        }
        if (measurement.has(Measurement.FLAG_SENSOR_ERROR)) {
            b.append(" sensor-error");
        }
        if (measurement.has(Measurement.FLAG_LOW_BATTERY)) {
            b.append(" low-battery");
        }
        if (!sent) {
            b.append(" (link down, kept)");
        }
        return b.toString();
    }
}
