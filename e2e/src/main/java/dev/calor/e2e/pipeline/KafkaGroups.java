package dev.calor.e2e.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Who owns which readings partition in the workers' two consumer groups ({@code calor-worker-storage} and
 * {@code calor-worker-alerting}), as Kafka's group coordinator sees it. A member's client id is {@code
 * calor-worker-{worker-id}-{storage|alerting}}; this class answers by worker id.
 */
public final class KafkaGroups implements AutoCloseable {

    public static final String STORAGE = "calor-worker-storage";
    public static final String ALERTING = "calor-worker-alerting";

    private final Admin admin;

    public KafkaGroups(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Partitions per worker id in {@code group}; empty while the group is rebalancing or unknown. */
    public Map<String, Integer> partitionsByWorker(String group) {
        Map<String, Integer> byWorker = new TreeMap<>();
        for (MemberDescription m : members(group)) {
            byWorker.merge(
                    workerOf(m.clientId()), m.assignment().topicPartitions().size(), Integer::sum);
        }
        return byWorker;
    }

    /** Whether in both groups every one of {@code workers} owns partitions and together all {@code partitions}. */
    public boolean spreadOver(List<String> workers, int partitions) {
        for (String group : List.of(STORAGE, ALERTING)) {
            Map<String, Integer> owned = partitionsByWorker(group);
            if (!owned.keySet().equals(new java.util.TreeSet<>(workers))
                    || owned.values().stream().anyMatch(n -> n == 0)
                    || owned.values().stream().mapToInt(Integer::intValue).sum() != partitions) {
                return false;
            }
        }
        return true;
    }

    /**
     * If {@code group} is {@code STABLE} (no rebalance under way) and spread over exactly {@code workers}, each
     * owning partitions, all {@code partitions} owned: the partition numbers per worker; otherwise empty.
     */
    public Map<String, java.util.Set<Integer>> stableAssignment(String group, List<String> workers, int partitions) {
        ConsumerGroupDescription d = describe(group);
        Map<String, java.util.Set<Integer>> owned = new TreeMap<>();
        for (MemberDescription m : d.members()) {
            java.util.Set<Integer> of = owned.computeIfAbsent(workerOf(m.clientId()), w -> new java.util.TreeSet<>());
            m.assignment().topicPartitions().forEach(tp -> of.add(tp.partition()));
        }
        boolean spread = d.groupState() == GroupState.STABLE
                && owned.keySet().equals(new java.util.TreeSet<>(workers))
                && owned.values().stream().noneMatch(java.util.Set::isEmpty)
                && owned.values().stream().mapToInt(java.util.Set::size).sum() == partitions;
        return spread ? owned : Map.of();
    }

    /** Whether {@code worker} alone owns all {@code partitions} of both groups. */
    public boolean ownedBy(String worker, int partitions) {
        return spreadOver(List.of(worker), partitions);
    }

    /** The worker owning, in {@code group}, the partition of records keyed {@code key} (Kafka's default partitioner). */
    public String ownerOf(String group, String key, int partitions) {
        int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
        for (MemberDescription m : members(group)) {
            if (m.assignment().topicPartitions().stream().anyMatch(tp -> tp.partition() == partition)) {
                return workerOf(m.clientId());
            }
        }
        throw new IllegalStateException("nobody in " + group + " owns partition " + partition + " (key " + key + ")");
    }

    /**
     * Records of {@code topic} (partitions 0 to {@code partitions - 1}) that {@code group} has not committed yet:
     * for the storage group, batches not yet accepted by InfluxDB.
     */
    public long lag(String group, String topic, int partitions) {
        return lagByPartition(group, topic, partitions).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** The same per partition (partition number to records not yet committed). */
    public Map<Integer, Long> lagByPartition(String group, String topic, int partitions) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(20, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> lag = new TreeMap<>();
            for (var end :
                    admin.listOffsets(latest).all().get(20, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag.put(end.getKey().partition(), end.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of consumer group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<MemberDescription> members(String group) {
        return List.copyOf(describe(group).members());
    }

    private ConsumerGroupDescription describe(String group) {
        try {
            return admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(20, TimeUnit.SECONDS)
                    .get(group);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe consumer group " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String workerOf(String clientId) {
        String id = clientId.startsWith("calor-worker-") ? clientId.substring("calor-worker-".length()) : clientId;
        int role = id.lastIndexOf('-');
        return role > 0 ? id.substring(0, role) : id;
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
