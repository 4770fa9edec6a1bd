package dev.calor.worker.consume;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.alert.PatientAlertState;
import dev.calor.worker.state.Delivery;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Where the alert pipeline makes a group commit durable and then acknowledges the messages that produced
 * it: one SQLite transaction on a single node ({@link StoreAlertCommitter}), one Kafka transaction in a
 * worker group ({@code dev.calor.worker.consume.kafka.KafkaAlertCommitter}).
 */
public interface AlertCommitter {

    /**
     * @return the alerts that were new (logged, counted, their deliveries woken)
     * @throws StateCommitException nothing of this commit is durable; the pipeline keeps the states and
     *     alerts and offers them again with the next commit
     */
    List<Alert> commit(GroupCommit commit);

    /**
     * One group commit.
     *
     * @param states the patients whose state changed since the last commit
     * @param alerts the alerts emitted since, in order
     * @param fanOut an alert's deliveries to the channels this worker runs
     * @param messages the messages whose effects these are; acknowledged once they are durable
     */
    record GroupCommit(
            Collection<PatientAlertState> states,
            List<Alert> alerts,
            Function<Alert, List<Delivery>> fanOut,
            List<InboundMessage> messages,
            long nowNs) {}
}
