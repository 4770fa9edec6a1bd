package dev.calor.worker.consume.kafka;

import dev.calor.proto.SchemaVersions;
import dev.calor.proto.Topics;
import dev.calor.proto.v1.Alert;
import dev.calor.proto.v1.AlertTransition;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.config.KafkaSettings;
import dev.calor.worker.consume.AlertCommitter;
import dev.calor.worker.consume.InboundMessage;
import dev.calor.worker.consume.StateCommitException;
import dev.calor.worker.consume.StoreAlertCommitter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting group's commit in a worker group: one Kafka transaction holds the changed patients'
 * states (changelog), the alerts (alert-events topic) with each alerted patient's retained state
 * (alert-state topic), and the alerting group's offsets ({@code sendOffsetsToTransaction} with the
 * consumer's group metadata). Either all of it becomes visible to read_committed readers (the broker
 * nodes' relay, the next owner's restore) or none of it.
 *
 * <p>Fencing (KIP-447): the offsets carry the consumer's group generation. A worker that lost its
 * partitions (paused past the session time-out, cut off) commits with a stale generation; the group
 * coordinator refuses it, the transaction is aborted, and neither its alerts nor its states are ever
 * seen. Only after the transaction committed are the caregivers' MQTT acknowledgements acknowledged. The
 * other channels (InfluxDB, webhooks, e-mail) are not queued here: every worker's {@link AlertDeliveryFeed}
 * queues them from the committed alert-events records, so a worker killed right after its commit loses
 * none of them.
 */
public final class KafkaAlertCommitter implements AlertCommitter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAlertCommitter.class);
    private static final Logger FENCED = LoggerFactory.getLogger("calor.event.alert-commit-fenced");

    private final KafkaSettings settings;
    private final Supplier<Producer<String, byte[]>> producers;
    private final GroupOffsets source;
    private final Clock clock;
    private final int partitions;
    private final Runnable onFenced;
    /** Latest transition of each open episode, per owned patient (pipeline thread only). */
    private final Map<String, Map<String, Alert>> open = new HashMap<>();
    /** MQTT messages (caregivers' acknowledgements) waiting for a transaction to commit. */
    private final List<InboundMessage> mqttPending = new ArrayList<>();

    private Producer<String, byte[]> producer;
    /** A transaction whose commit timed out: it is committed (retried) before anything else. */
    private Unresolved unresolved;

    private record Unresolved(List<Alert> alerts, Map<TopicPartition, OffsetAndMetadata> offsets) {}

    /**
     * @param producers makes a transactional producer (its {@code transactional.id} is this worker's, so a
     *     restarted worker fences its former incarnation); called again after a fatal producer error
     * @param onFenced counted each time the group refused a commit of this worker
     */
    public KafkaAlertCommitter(
            KafkaSettings settings,
            Supplier<Producer<String, byte[]>> producers,
            GroupOffsets source,
            Clock clock,
            int partitions,
            Runnable onFenced) {
        this.settings = settings;
        this.producers = producers;
        this.source = source;
        this.clock = clock;
        this.partitions = partitions;
        this.onFenced = onFenced;
    }

    @Override
    public List<Alert> commit(GroupCommit c) {
        for (InboundMessage m : c.messages()) {
            if (Topics.patientOfAlertAck(m.topic()).isPresent()) {
                mqttPending.add(m);
            } else {
                m.ack().run(); // the record is done; its offset is committed only by a transaction
            }
        }
        ensureProducer();
        List<Alert> committed = new ArrayList<>(resolveUnresolved());
        Set<String> sent = new HashSet<>();
        committed.forEach(a -> sent.add(a.getAlertId()));
        List<Alert> alerts =
                c.alerts().stream().filter(a -> !sent.contains(a.getAlertId())).toList();
        Map<TopicPartition, OffsetAndMetadata> offsets = source.transactionOffsets();
        ConsumerGroupMetadata group = source.groupMetadata();
        if (!c.states().isEmpty() || !alerts.isEmpty() || !offsets.isEmpty()) {
            Map<String, Map<String, Alert>> openAfter = openAfter(alerts, c.states());
            transaction(c.states(), alerts, openAfter, offsets, group);
            open.putAll(openAfter);
            source.committedInTransaction(offsets);
            committed.addAll(alerts);
        }
        StoreAlertCommitter.acknowledge(mqttPending);
        mqttPending.clear();
        return committed;
    }

    private void transaction(
            java.util.Collection<PatientAlertState> states,
            List<Alert> alerts,
            Map<String, Map<String, Alert>> openAfter,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            ConsumerGroupMetadata group) {
        boolean committing = false;
        try {
            producer.beginTransaction();
            for (PatientAlertState s : states) {
                List<Alert> episodes = List.copyOf(
                        openAfter.getOrDefault(s.patientId(), Map.of()).values());
                producer.send(new ProducerRecord<>(
                        settings.stateTopic(),
                        PartitionOwnership.partitionOf(s.patientId(), partitions),
                        s.patientId(),
                        ChangelogEntry.of(s, episodes).toBytes()));
            }
            Set<String> alerted = new java.util.LinkedHashSet<>();
            for (Alert a : alerts) {
                producer.send(withContentType(
                        new ProducerRecord<>(
                                settings.alertEventsTopic(), Topics.alerts(a.getPatientId()), a.toByteArray()),
                        "calor.v1.Alert"));
                alerted.add(a.getPatientId());
            }
            for (String p : alerted) {
                producer.send(withContentType(
                        new ProducerRecord<>(
                                settings.alertStateTopic(),
                                Topics.alertState(p),
                                retainedState(p, openAfter.getOrDefault(p, Map.of()))),
                        "calor.v1.PatientAlertState"));
            }
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(offsets, group);
            }
            committing = true;
            producer.commitTransaction();
        } catch (TimeoutException e) {
            if (committing) {
                unresolved = new Unresolved(alerts, offsets);
            } else {
                discardProducer();
            }
            throw new StateCommitException("Kafka did not answer in time: " + e.getMessage(), false, e);
        } catch (ProducerFencedException e) {
            discardProducer();
            throw new StateCommitException(
                    "another incarnation of worker transactional id took over: " + e.getMessage(), true, e);
        } catch (KafkaException e) {
            boolean fenced = refusedByGroup(e);
            if (fenced) {
                onFenced.run();
                FENCED.warn(
                        "the group refused this worker's commit of partitions {} (generation {}): its alerts and"
                                + " states are discarded, the partitions' new owner takes over",
                        offsets.keySet(),
                        group.generationId());
            }
            abortOrDiscard();
            throw new StateCommitException(e.toString(), fenced, e);
        }
    }

    /** Retries the commit of a timed-out transaction; its alerts count as committed once it went through. */
    private List<Alert> resolveUnresolved() {
        if (unresolved == null) {
            return List.of();
        }
        try {
            producer.commitTransaction();
        } catch (TimeoutException e) {
            throw new StateCommitException("Kafka still does not answer: " + e.getMessage(), false, e);
        } catch (KafkaException e) {
            // unknown outcome: the next transaction sends the alerts again (at least once)
            unresolved = null;
            abortOrDiscard();
            throw new StateCommitException(e.toString(), refusedByGroup(e), e);
        }
        Unresolved done = unresolved;
        unresolved = null;
        source.committedInTransaction(done.offsets());
        return done.alerts();
    }

    private Map<String, Map<String, Alert>> openAfter(
            List<Alert> alerts, java.util.Collection<PatientAlertState> states) {
        Map<String, Map<String, Alert>> out = new HashMap<>();
        for (PatientAlertState s : states) {
            out.put(s.patientId(), new LinkedHashMap<>(open.getOrDefault(s.patientId(), Map.of())));
        }
        for (Alert a : alerts) {
            Map<String, Alert> episodes =
                    out.computeIfAbsent(a.getPatientId(), p -> new LinkedHashMap<>(open.getOrDefault(p, Map.of())));
            if (a.getEpisodeId().isEmpty()) {
                continue;
            }
            if (a.getTransition() == AlertTransition.ALERT_TRANSITION_CLEARED) {
                episodes.remove(a.getEpisodeId());
            } else {
                episodes.put(a.getEpisodeId(), a);
            }
        }
        return out;
    }

    private byte[] retainedState(String patientId, Map<String, Alert> episodes) {
        java.time.Instant now = clock.instant();
        return dev.calor.proto.v1.PatientAlertState.newBuilder()
                .setSchemaVersion(SchemaVersions.CURRENT)
                .setPatientId(patientId)
                .addAllOpenEpisodes(episodes.values())
                .setUpdatedTimeUnixNs(now.getEpochSecond() * 1_000_000_000L + now.getNano())
                .build()
                .toByteArray();
    }

    private static ProducerRecord<String, byte[]> withContentType(ProducerRecord<String, byte[]> r, String type) {
        r.headers().add("content-type", type.getBytes(StandardCharsets.UTF_8));
        return r;
    }

    /** The open episodes restored with a partition's states. */
    public void restore(Map<String, List<Alert>> episodes) {
        episodes.forEach((p, list) -> {
            Map<String, Alert> m = new LinkedHashMap<>();
            list.forEach(a -> m.put(a.getEpisodeId(), a));
            open.put(p, m);
        });
    }

    /** The patients went to another worker. */
    public void forget(Predicate<String> patient) {
        open.keySet().removeIf(patient);
    }

    /** Whether the group (not Kafka's availability) refused the commit: a stale generation or member. */
    static boolean refusedByGroup(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.clients.consumer.CommitFailedException
                    || t instanceof org.apache.kafka.common.errors.IllegalGenerationException
                    || t instanceof org.apache.kafka.common.errors.UnknownMemberIdException
                    || t instanceof org.apache.kafka.common.errors.FencedInstanceIdException
                    || t instanceof org.apache.kafka.common.errors.RebalanceInProgressException) {
                return true;
            }
        }
        return false;
    }

    private void ensureProducer() {
        if (producer != null) {
            return;
        }
        Producer<String, byte[]> p = producers.get();
        try {
            p.initTransactions();
        } catch (KafkaException e) {
            p.close(java.time.Duration.ZERO);
            throw new StateCommitException("cannot start the transactional producer: " + e, false, e);
        }
        producer = p;
    }

    private void abortOrDiscard() {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            LOG.debug("abort failed ({}); a new producer aborts the transaction", e.toString());
            discardProducer();
        }
    }

    /** A new producer with the same transactional id aborts whatever this one left open. */
    private void discardProducer() {
        if (producer != null) {
            producer.close(java.time.Duration.ZERO);
            producer = null;
        }
        unresolved = null;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
