package dev.calor.e2e.fault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one Kafka topic of the cluster from its beginning, committed records only, handing each record to a
 * handler on its own thread; rides out a Kafka restart (the consumer reconnects by itself).
 */
final class KafkaTap implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    KafkaTap(String bootstrapServers, String topic, Consumer<ConsumerRecord<String, byte[]>> handler) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-tap-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        thread = new Thread(
                () -> {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            handler.accept(r);
                        }
                        assigned = !consumer.assignment().isEmpty();
                    }
                    consumer.close(Duration.ofSeconds(5));
                },
                "kafka-tap-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the tap has been given the topic's partitions (else it sees nothing). */
    boolean assigned() {
        return assigned;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
