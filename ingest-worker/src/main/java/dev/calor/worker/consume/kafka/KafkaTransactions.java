package dev.calor.worker.consume.kafka;

import dev.calor.worker.config.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The alerting group's transactional producer. */
public final class KafkaTransactions {

    private KafkaTransactions() {}

    /**
     * {@code transactional.id} {@code calor-worker-{id}-alerting}: a restarted worker fences its former
     * incarnation (worker ids must be unique in a group). A transaction left open by a worker that stopped
     * is aborted by Kafka after the transaction time-out (twice the session time-out, at least 10 s); until
     * then it holds back read_committed readers of its partitions. Calls give up after 10 s (Kafka down):
     * the pipeline retries the whole commit.
     */
    public static Producer<String, byte[]> producer(KafkaSettings settings, String workerId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "calor-worker-" + workerId + "-alerting-tx");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "calor-worker-" + workerId + "-alerting");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int)
                Math.max(10_000, 2 * settings.sessionTimeout().toMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
