package dev.calor.app.ack;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.calor.app.CareAppException;
import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.EpisodeAck;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a caregiver's acknowledgement to the broker as that caregiver: it connects with the
 * caregiver id as username and an access token minted for them as password, so the broker's own check
 * (only that patient's caregivers, {@code caregiver_id} = the publisher) applies unchanged. QoS 1; the
 * acknowledgement counts as sent only on a successful PUBACK.
 */
public final class AckPublisher {

    private static final Logger EVENTS = LoggerFactory.getLogger("calor.event.episode-ack-sent");

    /** Mints a broker password for a caregiver (an access token of their current session). */
    @FunctionalInterface
    public interface TokenMinter {
        String tokenFor(String caregiverId, UUID sessionId);
    }

    private final String host;
    private final int port;
    private final TokenMinter minter;
    private final Clock clock;

    public AckPublisher(String host, int port, TokenMinter minter, Clock clock) {
        this.host = host;
        this.port = port;
        this.minter = minter;
        this.clock = clock;
    }

    public void publish(String patientId, String episodeId, String caregiverId, UUID sessionId, String note) {
        Instant now = clock.instant();
        EpisodeAck ack = EpisodeAck.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setPatientId(patientId)
                .setEpisodeId(episodeId)
                .setCaregiverId(caregiverId)
                .setAcknowledgedTimeUnixNs(now.getEpochSecond() * 1_000_000_000L + now.getNano())
                .setNote(note == null ? "" : note)
                .build();
        Mqtt5BlockingClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(caregiverId + "/app-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(host)
                .serverPort(port)
                .simpleAuth()
                .username(caregiverId)
                .password(minter.tokenFor(caregiverId, sessionId).getBytes(StandardCharsets.US_ASCII))
                .applySimpleAuth()
                .buildBlocking();
        try {
            client.connectWith().cleanStart(true).noSessionExpiry().send();
            Mqtt5PublishResult result = client.publishWith()
                    .topic(Topics.alertAck(patientId))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(ack.toByteArray())
                    .send();
            if (result.getError().isPresent()) {
                throw CareAppException.unavailable("the broker did not take the acknowledgement: "
                        + result.getError().get().getMessage());
            }
            if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                    && q1.getPubAck().getReasonCode().isError()) {
                throw CareAppException.forbidden("the broker refused the acknowledgement: "
                        + q1.getPubAck().getReasonCode());
            }
            EVENTS.info("caregiver {} acknowledged episode {} of patient {}", caregiverId, episodeId, patientId);
        } catch (CareAppException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CareAppException.unavailable(
                    "the broker is not reachable to send the acknowledgement: " + e.getMessage());
        } finally {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }
}
