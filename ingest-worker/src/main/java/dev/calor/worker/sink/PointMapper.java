package dev.calor.worker.sink;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import dev.calor.worker.alert.AlertIds;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps readings, device states and alerts to InfluxDB line protocol. A point's time is the device's
 * sample time and its tags identify the device, so a redelivered reading overwrites itself.
 */
public final class PointMapper {

    private PointMapper() {}

    /**
     * The reading's line, written directly (this runs once per reading): the same line the client
     * library's {@link Point} writes (tags and fields in key order, its escaping and number format), at a
     * fraction of its cost. A temperature that would need an exponent goes through {@link Point}.
     *
     * @param patientId empty when the device was not assigned to a patient at the sample time (the tag
     *     is then omitted)
     * @param coreCelsius the core-equivalent estimate, NaN when not computable
     */
    public static String reading(String deviceId, String patientId, Reading r, double coreCelsius) {
        double celsius = r.getTemperatureCelsius();
        String measured = Double.isFinite(celsius) ? Double.toString(celsius) : "";
        String core = Double.isFinite(coreCelsius) ? Double.toString(coreCelsius) : "";
        if (measured.indexOf('E') >= 0 || core.indexOf('E') >= 0) {
            return readingPoint(deviceId, patientId, r, coreCelsius);
        }
        StringBuilder b = new StringBuilder(160).append(Schema.BODY_TEMPERATURE);
        tag(b, Schema.TAG_DEVICE, deviceId);
        tag(b, Schema.TAG_PATIENT, patientId);
        tag(b, Schema.TAG_SITE, siteName(r.getSite()));
        b.append(" boot_epoch=").append(r.getBootEpoch()).append('i');
        if (!measured.isEmpty()) {
            b.append(",celsius=").append(measured);
        }
        if (!core.isEmpty()) {
            b.append(",core_celsius=").append(core);
        }
        b.append(",quality_flags=").append(r.getQualityFlags()).append('i');
        b.append(",seq=").append(r.getSequence()).append('i');
        return b.append(' ').append(r.getSampleTimeUnixNs()).toString();
    }

    /** The reading's line through the client library's {@link Point} (the reference {@link #reading} matches). */
    static String readingPoint(String deviceId, String patientId, Reading r, double coreCelsius) {
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

    /** ",key=value" with the line protocol's tag escaping; an empty value is no tag (as {@link Point}). */
    private static void tag(StringBuilder b, String key, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        b.append(',').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case ',', '=', ' ' -> b.append('\\').append(c);
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
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

    /** The site tag of each site, computed once (a reading needs it every time). */
    private static final Map<MeasurementSite, String> SITE_NAMES = siteNames();

    static String siteName(MeasurementSite site) {
        return SITE_NAMES.get(site);
    }

    private static Map<MeasurementSite, String> siteNames() {
        Map<MeasurementSite, String> names = new EnumMap<>(MeasurementSite.class);
        for (MeasurementSite site : MeasurementSite.values()) {
            names.put(
                    site,
                    site == MeasurementSite.MEASUREMENT_SITE_UNSPECIFIED || site == MeasurementSite.UNRECOGNIZED
                            ? "unspecified"
                            : site.name()
                                    .substring("MEASUREMENT_SITE_".length())
                                    .toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
