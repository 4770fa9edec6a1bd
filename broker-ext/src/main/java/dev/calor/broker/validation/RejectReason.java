package dev.calor.broker.validation;

import java.util.Locale;

/**
 * Why the broker refused a publish. The MQTT 5 PUBACK reason code each reason is answered with:
 * 0x87 not authorized, 0x97 quota exceeded, 0x99 payload format invalid, 0x83 implementation specific.
 */
public enum RejectReason {
    NOT_AUTHORIZED(0x87),
    RATE_LIMITED(0x97),
    PAYLOAD_TOO_LARGE(0x99),
    MALFORMED(0x99),
    UNSUPPORTED_SCHEMA_VERSION(0x99),
    MISSING_FIELD(0x99),
    DEVICE_MISMATCH(0x99),
    EMPTY_BATCH(0x99),
    TOO_MANY_READINGS(0x99),
    VALUE_OUT_OF_RANGE(0x99),
    SAMPLE_IN_FUTURE(0x99),
    SAMPLE_TOO_OLD(0x99),
    SEQUENCE_NOT_INCREASING(0x99),
    PATIENT_MISMATCH(0x99),
    WRONG_QOS(0x99),
    INTERNAL_ERROR(0x83);

    private final int mqttReasonCode;

    RejectReason(int mqttReasonCode) {
        this.mqttReasonCode = mqttReasonCode;
    }

    public int mqttReasonCode() {
        return mqttReasonCode;
    }

    /** The label used in metrics, logs and the dead-letter {@code reason} user property. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
