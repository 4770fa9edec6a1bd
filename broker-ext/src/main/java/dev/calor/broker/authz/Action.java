package dev.calor.broker.authz;

/** What a client may do with a topic; a retained publish or will needs {@link #RETAIN} besides. */
public enum Action {
    PUBLISH,
    SUBSCRIBE,
    WILL,
    RETAIN
}
