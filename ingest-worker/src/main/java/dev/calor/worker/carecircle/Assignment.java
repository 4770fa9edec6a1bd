package dev.calor.worker.carecircle;

import dev.calor.proto.v1.MeasurementSite;

/** A patch worn by a patient in [fromNs, untilNs); {@code untilNs} is Long.MAX_VALUE when open-ended. */
public record Assignment(String deviceId, String patientId, MeasurementSite site, long fromNs, long untilNs) {

    public boolean covers(long ns) {
        return ns >= fromNs && ns < untilNs;
    }
}
