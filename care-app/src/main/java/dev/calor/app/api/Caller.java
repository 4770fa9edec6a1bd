package dev.calor.app.api;

import java.util.UUID;

/** The caregiver a verified access token speaks for, and the session it belongs to. */
public record Caller(String caregiverId, UUID sessionId) {}
