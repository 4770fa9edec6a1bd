package dev.calor.edgebridge.buffer;

/** The result of offering one reading to the buffer. */
public enum AppendOutcome {
    /** Durably stored (committed). Acknowledge it. */
    STORED(true),
    /** Already stored or already forwarded; not stored again. Acknowledge it. */
    DUPLICATE(true),
    /** The buffer was full and the policy is drop-newest: dropped, counted. Acknowledge it. */
    DROPPED_NEWEST(true),
    /** The buffer was full and the policy is refuse: not stored. Do NOT acknowledge it. */
    REFUSED(false);

    private final boolean acknowledge;

    AppendOutcome(boolean acknowledge) {
        this.acknowledge = acknowledge;
    }

    /** Whether the patch may free this reading. */
    public boolean acknowledge() {
        return acknowledge;
    }
}
