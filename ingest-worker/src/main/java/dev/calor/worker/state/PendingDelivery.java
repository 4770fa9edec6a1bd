package dev.calor.worker.state;

import dev.calor.proto.v1.Alert;

/** A delivery not yet done, with its attempt history. */
public record PendingDelivery(long id, Delivery delivery, Alert alert, int attempts, long createdNs) {}
