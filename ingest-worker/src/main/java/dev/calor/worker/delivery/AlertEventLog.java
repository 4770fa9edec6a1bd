package dev.calor.worker.delivery;

import dev.calor.proto.v1.Alert;
import dev.calor.worker.alert.AlertIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One readable line per alert on the event loggers operators (and the demo) grep for:
 * {@code calor.event.alert-raised}, {@code calor.event.alert-reminder}, {@code calor.event.alert-cleared}.
 */
public final class AlertEventLog {

    private static final Logger RAISED = LoggerFactory.getLogger("calor.event.alert-raised");
    private static final Logger REMINDER = LoggerFactory.getLogger("calor.event.alert-reminder");
    private static final Logger CLEARED = LoggerFactory.getLogger("calor.event.alert-cleared");
    private static final Logger UPDATED = LoggerFactory.getLogger("calor.event.alert-updated");
    private static final Logger ACKNOWLEDGED = LoggerFactory.getLogger("calor.event.alert-acknowledged");
    private static final Logger ESCALATED = LoggerFactory.getLogger("calor.event.alert-escalated");

    private AlertEventLog() {}

    public static void log(Alert a) {
        String line = "{} {} patient={} device={} id={} late={} | {}";
        Object[] args = {
            AlertIds.shortName(a.getTransition()),
            AlertIds.shortName(a.getKind()),
            a.getPatientId(),
            a.getDeviceId(),
            a.getAlertId(),
            a.getLate(),
            a.getMessage()
        };
        try (MDC.MDCCloseable patient = MDC.putCloseable("patient_id", a.getPatientId());
                MDC.MDCCloseable device = MDC.putCloseable("device_id", a.getDeviceId())) {
            switch (a.getTransition()) {
                case ALERT_TRANSITION_RAISED -> RAISED.warn(line, args);
                case ALERT_TRANSITION_CLEARED -> CLEARED.info(line, args);
                case ALERT_TRANSITION_UPDATED -> UPDATED.warn(line, args);
                case ALERT_TRANSITION_ACKNOWLEDGED -> ACKNOWLEDGED.info(line, args);
                case ALERT_TRANSITION_ESCALATED -> ESCALATED.warn(line, args);
                default -> REMINDER.info(line, args);
            }
        }
    }
}
