package dev.calor.app;

import java.util.List;

/**
 * A request the app refuses, carrying what the API answers with: the HTTP status, a problem type
 * (RFC 9457), a human detail and, for validation errors, the problems one by one.
 */
public final class CareAppException extends RuntimeException {

    private final int status;
    private final String type;
    private final List<String> errors;
    private final long retryAfterSeconds;

    private CareAppException(int status, String type, String detail, List<String> errors, long retryAfter) {
        super(detail);
        this.status = status;
        this.type = type;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfter;
    }

    public static CareAppException badRequest(String detail) {
        return new CareAppException(400, "bad-request", detail, List.of(), 0);
    }

    public static CareAppException invalid(String detail, List<String> errors) {
        return new CareAppException(422, "validation-failed", detail, errors, 0);
    }

    public static CareAppException unauthorized(String detail) {
        return new CareAppException(401, "unauthorized", detail, List.of(), 0);
    }

    public static CareAppException forbidden(String detail) {
        return new CareAppException(403, "forbidden", detail, List.of(), 0);
    }

    /** Also what a caregiver gets for a patient outside their circles, so ids cannot be probed. */
    public static CareAppException notFound(String detail) {
        return new CareAppException(404, "not-found", detail, List.of(), 0);
    }

    public static CareAppException conflict(String detail) {
        return new CareAppException(409, "conflict", detail, List.of(), 0);
    }

    public static CareAppException throttled(String detail, long retryAfterSeconds) {
        return new CareAppException(429, "too-many-requests", detail, List.of(), retryAfterSeconds);
    }

    public static CareAppException unavailable(String detail) {
        return new CareAppException(503, "unavailable", detail, List.of(), 5);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public List<String> errors() {
        return errors;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
