package dev.calor.worker.consume;

import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.proto.v1.ReadingBatch;
import dev.calor.worker.carecircle.Assignment;
import dev.calor.worker.carecircle.CareCircle;
import dev.calor.worker.carecircle.Patient;
import dev.calor.worker.carecircle.SiteCorrections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts each reading of a batch in its place: the patient who wore the patch at the reading's sample
 * time, the measurement site (the reading's own, else the assignment's), and the core-equivalent
 * estimate of the site model. The storage and the alert consumer route identically.
 */
public final class ReadingRouter {

    /** One reading with its site filled in, its patient (empty if unassigned then) and its core estimate. */
    public record Routed(Reading reading, Optional<Patient> patient, double coreCelsius) {}

    /** A device status with its time and patient. */
    public record RoutedStatus(DeviceStatus status, long timeNs, Optional<Patient> patient) {}

    private ReadingRouter() {}

    public static List<Routed> readings(CareCircle cc, ReadingBatch batch) {
        String deviceId = batch.getDeviceId();
        List<Routed> out = new ArrayList<>(batch.getReadingsCount());
        for (Reading r : batch.getReadingsList()) {
            Optional<Assignment> a = cc.assignmentAt(deviceId, r.getSampleTimeUnixNs());
            Optional<Patient> patient = a.flatMap(x -> cc.patient(x.patientId()));
            MeasurementSite site = r.getSite() != MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED || a.isEmpty()
                    ? r.getSite()
                    : a.get().site();
            SiteCorrections corrections = patient.map(Patient::corrections).orElse(SiteCorrections.defaults());
            double core = corrections.coreEquivalent(r.getTemperatureCelsius(), site);
            Reading withSite =
                    r.getSite() == site ? r : r.toBuilder().setSite(site).build();
            out.add(new Routed(withSite, patient, core));
        }
        return out;
    }

    public static Optional<RoutedStatus> status(CareCircle cc, ReadingBatch batch) {
        if (!batch.hasStatus()) {
            return Optional.empty();
        }
        DeviceStatus s = batch.getStatus().getDeviceId().isEmpty()
                ? batch.getStatus().toBuilder().setDeviceId(batch.getDeviceId()).build()
                : batch.getStatus();
        long t = s.getTimeUnixNs() > 0 ? s.getTimeUnixNs() : batch.getCreatedTimeUnixNs();
        Optional<Patient> patient = cc.assignmentAt(batch.getDeviceId(), t).flatMap(x -> cc.patient(x.patientId()));
        return Optional.of(new RoutedStatus(s, t, patient));
    }
}
