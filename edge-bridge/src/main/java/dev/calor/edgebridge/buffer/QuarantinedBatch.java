package dev.calor.edgebridge.buffer;

import java.time.Instant;

/**
 * A batch the broker refused, kept for an operator.
 *
 * @param id the buffer's id of the entry
 * @param deviceId the patch
 * @param batchId the publisher's batch id
 * @param reasonCode the MQTT 5 PUBACK reason code (>= 0x80)
 * @param reason the broker's reason string, empty when it sent none
 * @param readings how many readings the batch held
 * @param payload the refused {@code ReadingBatch} bytes, exactly as published
 * @param quarantinedAt when it was quarantined
 */
public record QuarantinedBatch(
        long id,
        String deviceId,
        long batchId,
        int reasonCode,
        String reason,
        int readings,
        byte[] payload,
        Instant quarantinedAt) {}
