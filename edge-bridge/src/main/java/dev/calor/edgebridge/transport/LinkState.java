package dev.calor.edgebridge.transport;

/** The state of the link between the bridge and one patch. */
public enum LinkState {
    /** Not started yet, or trying to (re)connect. */
    CONNECTING,
    /** The bridge talks to the patch. */
    ONLINE,
    /** The link is up but the patch has said nothing for longer than its interval allows (bridge-judged). */
    STALE,
    /** The link is down (port vanished, radio out of range); the transport retries with backoff. */
    DISCONNECTED,
    /** The transport was closed. */
    CLOSED
}
