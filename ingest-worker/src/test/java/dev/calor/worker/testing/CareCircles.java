package dev.calor.worker.testing;

import com.google.protobuf.Timestamp;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.proto.v1.Caregiver;
import dev.calor.proto.v1.Channel;
import dev.calor.proto.v1.DeviceAssignment;
import dev.calor.proto.v1.MeasurementSite;
import dev.calor.proto.v1.MqttChannel;
import dev.calor.proto.v1.Patient;
import dev.calor.proto.v1.WebhookChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Care circles for tests: patient P-i wears device patch-i (skin) since 2026-01-01; caregiver cg-i. */
public final class CareCircles {

    private CareCircles() {}

    /** @param webhookBase e.g. http://127.0.0.1:1234 ; caregiver cg-i gets webhook {base}/cg-i */
    public static Path write(Path file, int patients, String webhookBase) {
        try {
            Files.writeString(file, CareCircleFiles.toJson(registry(patients, webhookBase)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** P-i wearing patch-i, cared for by cg-i over MQTT (username caregiver-i) and, with a base, a webhook. */
    public static CareCircleRegistry registry(int patients, String webhookBase) {
        CareCircleRegistry.Builder r = CareCircleRegistry.newBuilder().setSchemaVersion(1);
        for (int i = 1; i <= patients; i++) {
            r.addPatients(Patient.newBuilder().setPatientId("P-" + i).setDisplayName("Patient " + i));
            r.addAssignments(DeviceAssignment.newBuilder()
                    .setDeviceId("patch-" + i)
                    .setPatientId("P-" + i)
                    .setSite(MeasurementSite.MEASUREMENT_SITE_SKIN)
                    .setValidFrom(Timestamp.newBuilder().setSeconds(1_767_225_600L)));
            Caregiver.Builder c = Caregiver.newBuilder()
                    .setCaregiverId("cg-" + i)
                    .addPatientIds("P-" + i)
                    .addChannels(Channel.newBuilder()
                            .setMqtt(MqttChannel.newBuilder().setUsername("caregiver-" + i)));
            if (webhookBase != null) {
                c.addChannels(Channel.newBuilder()
                        .setWebhook(WebhookChannel.newBuilder()
                                .setUrl(webhookBase + "/cg-" + i)
                                .setSigningSecret("secret-" + i)));
            }
            r.addCaregivers(c);
        }
        return r.build();
    }
}
