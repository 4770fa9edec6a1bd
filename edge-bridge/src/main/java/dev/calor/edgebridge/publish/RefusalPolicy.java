package dev.calor.edgebridge.publish;

import java.util.Locale;
import java.util.Set;

/**
 * What to do with a batch the broker did not take (PUBACK reason code >= 0x80, or 0x10). Pure.
 *
 * <p>A refusal is either about the moment or about the readings:
 *
 * <ul>
 *   <li>{@link Decision#BACK_OFF} (transient, keep the batch): 0x10 no matching subscribers (no ingest
 *       worker yet), 0x97 quota exceeded (rate limit), 0x87 not authorized (an ACL or credentials reload on
 *       the broker, a device not registered yet), 0x91 packet identifier in use, 0x90 topic name invalid and
 *       every 0x99 whose reason names the batch as a whole rather than a reading ({@link #BATCH_LABELS}:
 *       a schema the broker does not speak yet, a device id the broker does not expect, a malformed payload):
 *       none of these improves by dropping readings, all of them by waiting for an operator or a fix. The
 *       batch stays buffered and is resent with backoff; the buffer's age bound is the only limit.
 *   <li>0x80 unspecified and 0x83 implementation specific error: transient at first; when the same readings
 *       are refused {@link #MAX_TRANSIENT_ATTEMPTS} times in a row, the batch is treated as the cause.
 *   <li>{@link Decision#ISOLATE} (the readings are refused): any other 0x99 (Calor's reason string names a
 *       reading: {@code value-out-of-range}, {@code sample-in-future}, {@code sample-too-old}, {@code
 *       missing-field}, {@code sequence-not-increasing}, or the batch's size: {@code payload-too-large},
 *       {@code too-many-readings}) and any other code. The publisher splits the batch in halves and resends
 *       them (bisection) until the refused readings stand alone; only those are quarantined, the good ones
 *       of the batch are delivered.
 * </ul>
 *
 * <p>The retained {@code DeviceStatus} is another matter: 0x10 there is expected and not a refusal. The broker
 * stored the retained message and answers 0x10 only because nobody subscribes to the status topic at that
 * moment; later subscribers still get it. See {@link #statusStored(int)}.
 *
 * <p>Calor's broker sends reason strings {@code "label: detail"} ({@code broker-ext} {@code Rejection}).
 */
public final class RefusalPolicy {

    public static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    public static final int UNSPECIFIED_ERROR = 0x80;
    public static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    public static final int NOT_AUTHORIZED = 0x87;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int PACKET_IDENTIFIER_IN_USE = 0x91;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;
    public static final int MAX_TRANSIENT_ATTEMPTS = 3;

    /** Calor reason labels (0x99) that refuse the batch as a whole; splitting it cannot help. */
    public static final Set<String> BATCH_LABELS =
            Set.of("malformed", "unsupported-schema-version", "device-mismatch", "empty-batch");

    public enum Decision {
        /** Keep the batch and resend it after a backoff. */
        BACK_OFF,
        /** Split the batch (or quarantine it when it is one reading): the readings are refused. */
        ISOLATE
    }

    private RefusalPolicy() {}

    /**
     * Whether the broker kept a retained status publish answered with {@code reasonCode}: success, or 0x10 no
     * matching subscribers (retained all the same, nobody listening yet).
     */
    public static boolean statusStored(int reasonCode) {
        return reasonCode < UNSPECIFIED_ERROR;
    }

    /**
     * @param reasonCode the PUBACK reason code
     * @param reason the PUBACK reason string ("" when none)
     * @param refusalsSoFar how often these same readings were already refused with 0x80/0x83
     */
    public static Decision decide(int reasonCode, String reason, int refusalsSoFar) {
        return switch (reasonCode) {
            case NO_MATCHING_SUBSCRIBERS,
                    QUOTA_EXCEEDED,
                    NOT_AUTHORIZED,
                    PACKET_IDENTIFIER_IN_USE,
                    TOPIC_NAME_INVALID -> Decision.BACK_OFF;
            case UNSPECIFIED_ERROR, IMPLEMENTATION_SPECIFIC_ERROR ->
                refusalsSoFar + 1 < MAX_TRANSIENT_ATTEMPTS ? Decision.BACK_OFF : Decision.ISOLATE;
            case PAYLOAD_FORMAT_INVALID -> BATCH_LABELS.contains(label(reason)) ? Decision.BACK_OFF : Decision.ISOLATE;
            default -> Decision.ISOLATE;
        };
    }

    /** Whether the code is flow control (the broker asks to slow down), not a fault: no circuit-breaker count. */
    public static boolean isFlowControl(int reasonCode) {
        return reasonCode == QUOTA_EXCEEDED || reasonCode == NO_MATCHING_SUBSCRIBERS;
    }

    /** The label of a Calor reason string ({@code "value-out-of-range: readings[3]..."}), lower case. */
    static String label(String reason) {
        if (reason == null) {
            return "";
        }
        int colon = reason.indexOf(':');
        return (colon < 0 ? reason : reason.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }
}
