package dev.calor.contract.serial;

/**
 * Serial protocol versions this codec speaks. A HELLO announces the range a patch speaks; the bridge
 * answers in the highest version both speak (see CONTRACT.md, "Version negotiation").
 */
public final class ProtocolVersion {

    public static final int V1 = 1;
    public static final int CURRENT = V1;
    public static final int OLDEST_SUPPORTED = V1;

    private ProtocolVersion() {}

    public static boolean isSupported(int version) {
        return version >= OLDEST_SUPPORTED && version <= CURRENT;
    }

    /**
     * The version to talk to a peer that speaks {@code [peerMin, peerMax]}, or -1 when there is none.
     */
    public static int negotiate(int peerMin, int peerMax) {
        int chosen = Math.min(peerMax, CURRENT);
        return chosen >= Math.max(peerMin, OLDEST_SUPPORTED) ? chosen : -1;
    }
}
