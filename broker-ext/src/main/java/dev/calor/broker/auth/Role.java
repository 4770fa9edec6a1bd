package dev.calor.broker.auth;

/** What an authenticated MQTT identity may do. */
public enum Role {
    /** A patch (through its bridge): publishes under its own device topics only. */
    DEVICE,
    /** An ingest worker: reads ingest topics, publishes alerts. */
    WORKER,
    /** A family member: reads alerts of the patients in their care circle. */
    CAREGIVER,
    /** Operations: reads dead letters, device status and alerts; never readings. */
    OPERATOR
}
