package dev.calor.worker.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertKind;
import dev.calor.proto.v1.AlertSeverity;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.proto.v1.DeviceStatus;
import dev.calor.proto.v1.LinkState;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.Reading;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PointMapperTest {

    @Test
    void readingIsAPointAtTheDeviceSampleTimeTaggedByDevicePatientAndSite() {
        Reading r = Reading.newBuilder()
                .setSequence(7)
                .setBootEpoch(2)
                .setSampleTimeUnixNs(1_000_000_123L)
                .setTemperatureCelsius(36.4)
                .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                .setQualityFlags(8)
                .build();
        assertThat(PointMapper.reading("patch-1", "P-1", r, 37.4))
                .isEqualTo(
                        "body_temperature,device_id=patch-1,patient_id=P-1,site=skin boot_epoch=2i,celsius=36.4,core_celsius=37.4,"
                                + "quality_flags=8i,seq=7i 1000000123");
    }

    @Test
    void sensorErrorKeepsTheReadingWithoutATemperatureAndUnassignedOmitsThePatient() {
        Reading r = Reading.newBuilder()
                .setSequence(1)
                .setSampleTimeUnixNs(5)
                .setTemperatureCelsius(Double.NaN)
                .build();
        assertThat(PointMapper.reading("patch-1", "", r, Double.NaN))
                .isEqualTo(
                        "body_temperature,device_id=patch-1,site=unspecified boot_epoch=0i,quality_flags=0i,seq=1i 5");
    }

    @Test
    void readingLineIsTheClientLibrarysLineForAnyValueAndIdentifier() {
        Random random = new Random(15);
        String[] ids = {"patch-1", "a,b=c d", "tab\there", "new\nline", "back\\slash\"quote", "", "é-7"};
        double[] special = {38.0, -0.0, 1e-5, 1.0e7, 123456789.125, Double.NaN, Double.POSITIVE_INFINITY, 4.9e-324};
        for (int i = 0; i < 5_000; i++) {
            double celsius = i < special.length ? special[i] : 30 + random.nextDouble() * 12;
            double core = i % 7 == 0 ? Double.NaN : celsius + random.nextGaussian();
            Reading r = Reading.newBuilder()
                    .setSequence(random.nextInt())
                    .setBootEpoch(random.nextInt())
                    .setSampleTimeUnixNs(random.nextLong())
                    .setTemperatureCelsius(celsius)
                    .setSite(MeasurementSite.forNumber(random.nextInt(5)))
                    .setQualityFlags(random.nextInt(64))
                    .build();
            String device = ids[random.nextInt(ids.length - 1)];
            String patient = ids[random.nextInt(ids.length)];
            assertThat(PointMapper.reading(device, patient, r, core))
                    .as("reading %s of %s/%s, core %s", celsius, device, patient, core)
                    .isEqualTo(PointMapper.readingPoint(device, patient, r, core));
        }
    }

    @Test
    void statusAndAlertPoints() {
        DeviceStatus s = DeviceStatus.newBuilder()
                .setDeviceId("patch-1")
                .setBridgeId("b 1")
                .setTimeUnixNs(9)
                .setLinkState(LinkState.LINK_STATE_ONLINE)
                .setBatteryPercent(80)
                .setBufferDepth(3)
                .build();
        assertThat(PointMapper.status(s, "P-1", 1))
                .isEqualTo(
                        "device_status,bridge_id=b\\ 1,device_id=patch-1,patient_id=P-1 battery_percent=80i,buffer_depth=3i,"
                                + "fault_flags=0i,link_state=\"online\" 9");
        Alert a = Alert.newBuilder()
                .setAlertId("P-1:FEVER:5:RAISED")
                .setPatientId("P-1")
                .setKind(AlertKind.ALERT_KIND_FEVER)
                .setTransition(AlertTransition.ALERT_TRANSITION_RAISED)
                .setSeverity(AlertSeverity.ALERT_SEVERITY_WARNING)
                .setEpisodeStartUnixNs(5)
                .setEventTimeUnixNs(6)
                .setEmittedTimeUnixNs(7)
                .setValueCelsius(38.5)
                .setThresholdCelsius(38.0)
                .setMessage("Fever \"38.5\"")
                .build();
        assertThat(PointMapper.alert(a))
                .isEqualTo(
                        "alerts,kind=FEVER,patient_id=P-1,severity=WARNING,transition=RAISED alert_id=\"P-1:FEVER:5:RAISED\","
                                + "emitted_ns=7i,episode_start_ns=5i,late=false,message=\"Fever \\\"38.5\\\"\","
                                + "threshold_celsius=38.0,value_celsius=38.5 6");
    }
}
