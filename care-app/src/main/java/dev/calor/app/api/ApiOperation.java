package dev.calor.app.api;

import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation of the API: everything the router needs to serve it and everything the OpenAPI document
 * says about it, declared once in code. The document is generated from these, so an operation cannot be
 * served without being documented (and walked by the authorization test).
 */
public record ApiOperation(
        HandlerType method,
        String path,
        String operationId,
        String tag,
        String summary,
        boolean secured,
        List<Param> params,
        Class<?> requestBody,
        int status,
        Class<?> response,
        boolean responseIsList,
        String produces,
        ApiHandler handler) {

    /** A path or query parameter. */
    public record Param(String name, boolean inPath, String description, boolean required) {}

    public static Builder get(String path, String operationId) {
        return new Builder(HandlerType.GET, path, operationId);
    }

    public static Builder post(String path, String operationId) {
        return new Builder(HandlerType.POST, path, operationId);
    }

    public static Builder put(String path, String operationId) {
        return new Builder(HandlerType.PUT, path, operationId);
    }

    public static Builder patch(String path, String operationId) {
        return new Builder(HandlerType.PATCH, path, operationId);
    }

    public static Builder delete(String path, String operationId) {
        return new Builder(HandlerType.DELETE, path, operationId);
    }

    public static final class Builder {
        private final HandlerType method;
        private final String path;
        private final String operationId;
        private String tag = "";
        private String summary = "";
        private boolean secured = true;
        private final List<Param> params = new ArrayList<>();
        private Class<?> requestBody;
        private int status = 200;
        private Class<?> response;
        private boolean list;
        private String produces = "application/json";

        private Builder(HandlerType method, String path, String operationId) {
            this.method = method;
            this.path = path;
            this.operationId = operationId;
            for (String part : path.split("/")) {
                if (part.startsWith("{") && part.endsWith("}")) {
                    params.add(new Param(part.substring(1, part.length() - 1), true, "", true));
                }
            }
        }

        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        /** Callable without a token (declared {@code security: []}). */
        public Builder open() {
            this.secured = false;
            return this;
        }

        public Builder query(String name, String description) {
            params.add(new Param(name, false, description, false));
            return this;
        }

        public Builder body(Class<?> type) {
            this.requestBody = type;
            return this;
        }

        public Builder returns(int status, Class<?> type) {
            this.status = status;
            this.response = type;
            return this;
        }

        public Builder returnsList(Class<?> type) {
            this.response = type;
            this.list = true;
            return this;
        }

        public Builder noContent() {
            this.status = 204;
            this.response = null;
            return this;
        }

        public Builder produces(String mediaType) {
            this.produces = mediaType;
            return this;
        }

        public ApiOperation handle(ApiHandler handler) {
            return new ApiOperation(
                    method,
                    path,
                    operationId,
                    tag,
                    summary,
                    secured,
                    List.copyOf(params),
                    requestBody,
                    status,
                    response,
                    list,
                    produces,
                    handler);
        }
    }
}
