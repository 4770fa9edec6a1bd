package dev.calor.worker.consume;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.state.AlertStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node commit: states, alerts and their deliveries in one SQLite transaction, then the MQTT
 * acknowledgements. A failure of the store is fatal to the pipeline (the broker redelivers what was not
 * acknowledged to the next start).
 */
public final class StoreAlertCommitter implements AlertCommitter {

    private static final Logger LOG = LoggerFactory.getLogger(StoreAlertCommitter.class);

    private final AlertStore store;

    public StoreAlertCommitter(AlertStore store) {
        this.store = store;
    }

    @Override
    public List<Alert> commit(GroupCommit c) {
        List<Alert> fresh = store.commit(c.states(), c.alerts(), c.fanOut(), c.nowNs());
        acknowledge(c.messages());
        return fresh;
    }

    /** Acknowledges each message; one that fails is redelivered by its source. */
    public static void acknowledge(List<InboundMessage> messages) {
        for (InboundMessage m : messages) {
            try {
                m.ack().run();
            } catch (RuntimeException e) {
                LOG.warn("acknowledging a message on {} failed (it will be redelivered): {}", m.topic(), e.toString());
            }
        }
    }
}
