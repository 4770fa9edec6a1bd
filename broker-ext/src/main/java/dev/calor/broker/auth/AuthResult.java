package dev.calor.broker.auth;

import java.util.Optional;

/** The outcome of checking a user name and secret. */
public record AuthResult(Outcome outcome, Optional<UserEntry> user) {

    public enum Outcome {
        ACCEPTED,
        UNKNOWN_USER,
        WRONG_PASSWORD,
        DISABLED
    }

    static AuthResult accepted(UserEntry user) {
        return new AuthResult(Outcome.ACCEPTED, Optional.of(user));
    }

    static AuthResult refused(Outcome outcome) {
        return new AuthResult(outcome, Optional.empty());
    }

    public boolean isAccepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
