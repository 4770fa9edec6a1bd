package dev.calor.broker.forward;

import dev.calor.proto.v1.ReadingBatch;

/**
 * One Kafka record of an accepted batch: its key (the patient, or the device id when the device was not
 * assigned at the readings' sample time) and the readings that belong to it.
 */
public record KeyedBatch(String key, boolean assigned, ReadingBatch batch) {}
