package dev.calor.e2e.fault;

/** Watches the validated readings on their way to the worker and counts batches delivered more than once. */
interface DeliveryTap {

    /** Whether the tap is connected now (else it could not see duplicates). */
    boolean connected();

    /** Deliveries of the device's batches beyond the first. */
    long duplicates(String deviceId);
}
