package dev.calor.e2e.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.calor.proto.v1.ReadingBatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one subscriber of a broker baseline: a persistent QoS 1 session on every device's readings topic,
 * counting the readings delivered to it (protobuf batches) or the messages (other payloads).
 */
final class ReadingsSubscriber implements AutoCloseable {

    static final String FILTER = "calor/v1/devices/+/readings";

    private final Mqtt5AsyncClient client;
    private final AtomicLong readings = new AtomicLong();

    ReadingsSubscriber(String host, int port) {
        client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("baseline-subscriber")
                .serverHost(host)
                .serverPort(port)
                .buildAsync();
        try {
            client.connectWith()
                    .cleanStart(true)
                    .sessionExpiryInterval(3600)
                    .send()
                    .get(30, TimeUnit.SECONDS);
            client.subscribeWith()
                    .topicFilter(FILTER)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> readings.addAndGet(readingsIn(p.getPayloadAsBytes())))
                    .send()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("baseline subscriber could not subscribe on port " + port, e);
        }
    }

    private static long readingsIn(byte[] payload) {
        try {
            return ReadingBatch.parseFrom(payload).getReadingsCount();
        } catch (InvalidProtocolBufferException e) {
            return 1;
        }
    }

    long readings() {
        return readings.get();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
