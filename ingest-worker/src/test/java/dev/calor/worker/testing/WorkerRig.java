package dev.calor.worker.testing;

import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.embedded.CalorBroker;
import dev.calor.proto.CareCircleFiles;
import dev.calor.proto.v1.CareCircleRegistry;
import dev.calor.testsupport.InfluxServer;
import java.nio.file.Path;

/**
 * What a worker runs against in an integration test: a real influxd, a webhook receiver, a care circle of
 * {@code patients} patients (patch-i worn by P-i, caregiver-i reached over MQTT and at /cg-i), and the
 * embedded broker with the Calor extension knowing all of them. {@link #close()} stops everything.
 */
public final class WorkerRig implements AutoCloseable {

    private final InfluxServer influx;
    private final WebhookReceiver webhooks;
    private final Path careCircle;
    private final CalorBroker broker;

    private WorkerRig(InfluxServer influx, WebhookReceiver webhooks, Path careCircle, CalorBroker broker) {
        this.influx = influx;
        this.webhooks = webhooks;
        this.careCircle = careCircle;
        this.broker = broker;
    }

    public static WorkerRig start(Path dir, int patients) throws Exception {
        return start(dir, webhookBase -> CareCircles.registry(patients, webhookBase));
    }

    /**
     * A rig with a care circle of the test's own: {@code write} gets the webhook receiver's base URL and
     * returns the registry; every device of it gets password {@code device-pw}, every caregiver MQTT
     * username {@code caregiver-pw}.
     */
    public static WorkerRig start(Path dir, java.util.function.Function<String, CareCircleRegistry> write)
            throws Exception {
        InfluxServer influx = InfluxServer.start();
        WebhookReceiver webhooks = null;
        try {
            webhooks = new WebhookReceiver();
            CareCircleRegistry registry = write.apply(webhooks.url(""));
            Path careCircle = dir.resolve("care-circle.json");
            java.nio.file.Files.writeString(careCircle, CareCircleFiles.toJson(registry));
            CredentialsFile.Builder creds = CredentialsFile.builder().worker("worker-1", "worker-pw");
            registry.getAssignmentsList().stream()
                    .map(a -> a.getDeviceId())
                    .distinct()
                    .forEach(d -> creds.device(d, "device-pw"));
            registry.getCaregiversList().stream()
                    .flatMap(c -> c.getChannelsList().stream())
                    .filter(ch -> ch.hasMqtt())
                    .map(ch -> ch.getMqtt().getUsername())
                    .distinct()
                    .forEach(u -> creds.caregiver(u, "caregiver-pw"));
            Path credentials = creds.write(dir.resolve("credentials.yaml"));
            CalorBroker broker = CalorBroker.start(BrokerConfig.builder(dir.resolve("broker"), credentials)
                    .extension(ExtensionConfig.builder(credentials)
                            .careCircleFile(careCircle)
                            .build())
                    .build());
            return new WorkerRig(influx, webhooks, careCircle, broker);
        } catch (Exception | Error e) {
            if (webhooks != null) {
                webhooks.close();
            }
            influx.close();
            throw e;
        }
    }

    public InfluxServer influx() {
        return influx;
    }

    public WebhookReceiver webhooks() {
        return webhooks;
    }

    public Path careCircle() {
        return careCircle;
    }

    public CalorBroker broker() {
        return broker;
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            try {
                webhooks.close();
            } finally {
                influx.close();
            }
        }
    }
}
