package dev.calor.broker.validation;

import dev.calor.proto.v1.ReadingBatch;
import java.util.Optional;

/**
 * The outcome of validating a batch: either the parsed batch or why it was refused.
 *
 * @param batch the parsed batch when accepted
 * @param rejection why it was refused
 */
public record ValidationResult(Optional<ReadingBatch> batch, Optional<Rejection> rejection) {

    public static ValidationResult accepted(ReadingBatch batch) {
        return new ValidationResult(Optional.of(batch), Optional.empty());
    }

    public static ValidationResult rejected(RejectReason reason, String detail) {
        return new ValidationResult(Optional.empty(), Optional.of(new Rejection(reason, detail)));
    }

    public boolean isAccepted() {
        return rejection.isEmpty();
    }
}
