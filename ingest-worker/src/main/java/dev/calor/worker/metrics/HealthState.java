package dev.calor.worker.metrics;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What /health reports; written by the pipeline and the consumers. */
public final class HealthState {

    public final AtomicInteger shardsOwned = new AtomicInteger();
    public final AtomicInteger shardsConnected = new AtomicInteger();
    public final AtomicBoolean influxOk = new AtomicBoolean(true);
    public final AtomicLong lastWriteNs = new AtomicLong();
    public final AtomicLong lagNs = new AtomicLong();
    public final AtomicLong pendingDeliveries = new AtomicLong();

    public boolean healthy() {
        return influxOk.get() && shardsConnected.get() == shardsOwned.get();
    }

    public String json() {
        return "{\"status\":\"" + (healthy() ? "UP" : "DEGRADED") + "\",\"shardsOwned\":" + shardsOwned.get()
                + ",\"shardsConnected\":" + shardsConnected.get() + ",\"influxOk\":" + influxOk.get()
                + ",\"lagSeconds\":" + String.format(java.util.Locale.ROOT, "%.3f", lagNs.get() / 1e9)
                + ",\"pendingDeliveries\":" + pendingDeliveries.get() + "}";
    }
}
