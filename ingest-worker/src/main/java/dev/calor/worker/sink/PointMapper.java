package dev.calor.worker.sink;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.worker.alert.AlertIds;
import java.util.Locale;

/**
 * Maps readings, device states and alerts to InfluxDB line protocol. A point's time is the device's
 * sample time and its tags identify the device, so a redelivered reading overwrites itself.
 */
public final class PointMapper {

    private PointMapper() {}

    /**
     * @param patientId empty when the device was not assigned to a patient at the sample time (the tag
     *     is then omitted)
     * @param coreCelsius the core-equivalent estimate, NaN when not computable
     */
    public static String reading(String deviceId, String patientId, Reading r, double coreCelsius) {
        Point p = Point.measurement(Schema.BODY_TEMPERATURE)
                .addTag(Schema.TAG_DEVICE, deviceId)
                .addTag(Schema.TAG_SITE, siteName(r.getSite()))
                .time(r.getSampleTimeUnixNs(), WritePrecision.NS)
                .addField("seq", (long) r.getSequence())
                .addField("boot_epoch", (long) r.getBootEpoch())
                .addField("quality_flags", (long) r.getQualityFlags());
        if (!patientId.isEmpty()) {
            p.addTag(Schema.TAG_PATIENT, patientId);
        }
        if (Double.isFinite(r.getTemperatureCelsius())) {
            p.addField("celsius", r.getTemperatureCelsius());
        }
        if (Double.isFinite(coreCelsius)) {
            p.addField("core_celsius", coreCelsius);
        }
        return p.toLineProtocol();
    }

    public static String status(DeviceStatus s, String patientId, long fallbackTimeNs) {
        long t = s.getTimeUnixNs() > 0 ? s.getTimeUnixNs() : fallbackTimeNs;
        Point p = Point.measurement(Schema.DEVICE_STATUS)
                .addTag(Schema.TAG_DEVICE, s.getDeviceId())
                .time(t, WritePrecision.NS)
                .addField(
                        "link_state",
                        s.getLinkState().name().replace("LINK_STATE_", "").toLowerCase(Locale.ROOT))
                .addField("buffer_depth", s.getBufferDepth())
                .addField("fault_flags", (long) s.getFaultFlags());
        if (!s.getBridgeId().isEmpty()) {
            p.addTag(Schema.TAG_BRIDGE, s.getBridgeId());
        }
        if (!patientId.isEmpty()) {
            p.addTag(Schema.TAG_PATIENT, patientId);
        }
        if (s.hasBatteryPercent()) {
            p.addField("battery_percent", (long) s.getBatteryPercent());
        }
        if (s.hasRssiDbm()) {
            p.addField("rssi_dbm", (long) s.getRssiDbm());
        }
        if (!s.getFirmwareVersion().isEmpty()) {
            p.addField("firmware_version", s.getFirmwareVersion());
        }
        if (s.getSampleIntervalS() > 0) {
            p.addField("sample_interval_s", (long) s.getSampleIntervalS());
        }
        return p.toLineProtocol();
    }

    public static String alert(Alert a) {
        Point p = Point.measurement(Schema.ALERTS)
                .addTag(Schema.TAG_PATIENT, a.getPatientId())
                .addTag(Schema.TAG_KIND, AlertIds.shortName(a.getKind()))
                .addTag(Schema.TAG_TRANSITION, AlertIds.shortName(a.getTransition()))
                .addTag(Schema.TAG_SEVERITY, a.getSeverity().name().replace("ALERT_SEVERITY_", ""))
                .time(a.getEventTimeUnixNs(), WritePrecision.NS)
                .addField("alert_id", a.getAlertId())
                .addField("episode_start_ns", a.getEpisodeStartUnixNs())
                .addField("emitted_ns", a.getEmittedTimeUnixNs())
                .addField("late", a.getLate())
                .addField("message", a.getMessage());
        if (!a.getEpisodeId().isEmpty()) {
            p.addTag(Schema.TAG_FAMILY, a.getFamily().name().replace("ALERT_FAMILY_", ""));
            p.addField("episode_id", a.getEpisodeId());
        }
        if (!a.getAcknowledgedBy().isEmpty()) {
            p.addField("acknowledged_by", a.getAcknowledgedBy());
        }
        if (a.getRecipientCaregiverIdsCount() > 0) {
            p.addField("recipients", String.join(",", a.getRecipientCaregiverIdsList()));
        }
        if (a.getEscalationLevel() > 0) {
            p.addField("escalation_level", (long) a.getEscalationLevel());
        }
        if (!a.getDeviceId().isEmpty()) {
            p.addField("device_id", a.getDeviceId());
        }
        if (a.hasValueCelsius() && Double.isFinite(a.getValueCelsius())) {
            p.addField("value_celsius", a.getValueCelsius());
        }
        if (a.hasThresholdCelsius()) {
            p.addField("threshold_celsius", a.getThresholdCelsius());
        }
        if (a.hasBatteryPercent()) {
            p.addField("battery_percent", (long) a.getBatteryPercent());
        }
        return p.toLineProtocol();
    }

    static String siteName(MeasurementSite site) {
        return site == MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED || site == MeasurementSite.UNRECOGNIZED
                ? "unspecified"
                : site.name().substring("MEASUREMENT_SITE_".length()).toLowerCase(Locale.ROOT);
    }
}
