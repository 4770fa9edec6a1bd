package dev.calor.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.calor.app.CareAppException;
import dev.calor.app.db.DatabaseException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Errors as RFC 9457 problem details ({@code application/problem+json}). */
final class Problems {

    static final String TYPE_BASE = "https://calor.dev/problems/";
    private static final String MEDIA = "application/problem+json";

    private Problems() {}

    /** An unexpected failure: the client learns nothing of the internals. */
    static final class Internal extends RuntimeException {}

    static void send(Context ctx, RuntimeException e) {
        int status;
        String type;
        String detail;
        Map<String, Object> body = new LinkedHashMap<>();
        if (e instanceof CareAppException a) {
            status = a.status();
            type = a.type();
            detail = a.getMessage();
            if (a.retryAfterSeconds() > 0) {
                ctx.header("Retry-After", String.valueOf(a.retryAfterSeconds()));
            }
            if (status == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            if (!a.errors().isEmpty()) {
                body.put("errors", a.errors());
            }
        } else {
            status = 500;
            type = "internal";
            detail = "the request failed on the server; it has been logged";
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPE_BASE + type);
        problem.put("title", io.javalin.http.HttpStatus.forStatus(status).getMessage());
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", ctx.path());
        problem.putAll(body);
        ctx.status(status).json(problem).contentType(MEDIA);
    }

    static CareAppException of(DatabaseException e) {
        if (e.isConflict()) {
            return CareAppException.conflict("conflicts with the current state: " + firstLine(e));
        }
        return CareAppException.unavailable("the database is not available right now");
    }

    static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(MEDIA);
    }

    static boolean isBadJson(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException) {
                return true;
            }
        }
        return false;
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
