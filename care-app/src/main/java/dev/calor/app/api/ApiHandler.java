package dev.calor.app.api;

import io.javalin.http.Context;

/** Serves one operation; {@code caller} is null for operations without a token. */
@FunctionalInterface
public interface ApiHandler {
    void handle(Context ctx, Caller caller) throws Exception;
}
