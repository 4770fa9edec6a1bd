package dev.calor.worker.delivery;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.sink.LineSink;
import dev.calor.worker.sink.PointMapper;
import dev.calor.worker.sink.SinkWriteException;
import dev.calor.worker.state.Delivery;
import java.util.List;

/**
 * Every transition (raise, update, reminder, acknowledgement, escalation, clear) as an {@code alerts}
 * point, written to the long-lived retention policy. A queue of its own: while InfluxDB is down the
 * points wait in the outbox and the other channels carry on.
 */
public final class InfluxAlertChannel implements AlertChannel {

    private final LineSink sink;

    public InfluxAlertChannel(LineSink sink) {
        this.sink = sink;
    }

    @Override
    public String name() {
        return Delivery.INFLUX;
    }

    @Override
    public void send(Delivery d, Alert alert) {
        try {
            sink.write(List.of(PointMapper.alert(alert)));
        } catch (SinkWriteException e) {
            boolean refused = e.status() == 400 || e.status() == 422;
            throw new DeliveryException("InfluxDB did not take the alerts point: " + e.getMessage(), refused, e);
        } catch (RuntimeException e) {
            throw new DeliveryException("InfluxDB unreachable: " + e, false, e);
        }
    }
}
