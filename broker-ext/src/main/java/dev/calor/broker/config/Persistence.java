package dev.calor.broker.config;

/** Where HiveMQ keeps sessions, queued messages and retained messages. */
public enum Persistence {
    /** On disk in the data folder: queued messages survive a broker restart. */
    FILE,
    /** In memory: fast, lost on restart (tests). */
    IN_MEMORY
}
