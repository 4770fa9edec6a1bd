package dev.calor.edgebridge.publish;

/**
 * What to do with a batch the broker did not take (PUBACK reason code >= 0x80, or 0x10). Pure.
 *
 * <ul>
 *   <li>0x10 no matching subscribers: the broker accepted the batch but no ingest worker has ever subscribed
 *       to this device's shard, so nobody would get it. Keep it and resend later, with backoff, for as long
 *       as it takes a worker to appear.
 *   <li>0x97 quota exceeded: the broker's rate limit; not the batch's fault. Resend later, with backoff.
 *   <li>0x80 unspecified error, 0x83 implementation specific error: possibly a passing broker fault. Resend
 *       later, at most {@link #MAX_TRANSIENT_ATTEMPTS} times, then quarantine (never retried forever).
 *   <li>Anything else (0x87 not authorized, 0x99 payload format invalid, ...): the batch itself is refused.
 *       Quarantine at once.
 * </ul>
 *
 * <p>The retained {@code DeviceStatus} is another matter: 0x10 there is expected and not a refusal. The broker
 * stored the retained message and answers 0x10 only because nobody subscribes to the status topic at that
 * moment; later subscribers still get it. See {@link #statusStored(int)}.
 */
public final class RefusalPolicy {

    public static final int NO_MATCHING_SUBSCRIBERS = 0x10;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int UNSPECIFIED_ERROR = 0x80;
    public static final int IMPLEMENTATION_SPECIFIC_ERROR = 0x83;
    public static final int MAX_TRANSIENT_ATTEMPTS = 3;

    public enum Decision {
        RETRY_LATER,
        QUARANTINE
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
     * @param refusalsSoFar how often this batch was already refused with a transient code
     */
    public static Decision decide(int reasonCode, int refusalsSoFar) {
        if (reasonCode == QUOTA_EXCEEDED || reasonCode == NO_MATCHING_SUBSCRIBERS) {
            return Decision.RETRY_LATER;
        }
        if (reasonCode == UNSPECIFIED_ERROR || reasonCode == IMPLEMENTATION_SPECIFIC_ERROR) {
            return refusalsSoFar + 1 < MAX_TRANSIENT_ATTEMPTS ? Decision.RETRY_LATER : Decision.QUARANTINE;
        }
        return Decision.QUARANTINE;
    }
}
