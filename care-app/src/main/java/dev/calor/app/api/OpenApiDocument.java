package dev.calor.app.api;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3.0 document of the API, generated from the {@link ApiOperation}s the router serves, with
 * request and response schemas read from the Java records the handlers (de)serialise (swagger-core's
 * model converters). Operations without a token declare {@code security: []}; every other one the
 * bearer scheme.
 */
public final class OpenApiDocument {

    public static final String SCHEME = "bearerAuth";
    private static final String PROBLEM = "application/problem+json";

    private OpenApiDocument() {}

    public static String json(List<ApiOperation> operations, String basePath, String version) {
        try {
            return Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(build(operations, basePath, version));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static OpenAPI build(List<ApiOperation> operations, String basePath, String version) {
        Map<String, Schema> schemas = new TreeMap<>();
        schemas.put("Problem", problemSchema());
        Paths paths = new Paths();
        for (ApiOperation op : operations) {
            PathItem item = paths.computeIfAbsent(op.path(), k -> new PathItem());
            item.operation(PathItem.HttpMethod.valueOf(op.method().name()), operation(op, schemas));
        }
        return new OpenAPI()
                .info(new Info()
                        .title("Calor care-app API")
                        .version(version)
                        .description("Caregivers' API: patients of their care circles, live and historical"
                                + " temperature, alerts and acknowledgement, circle management. Errors are"
                                + " application/problem+json (RFC 9457)."))
                .servers(List.of(new Server().url(basePath)))
                .components(new Components()
                        .schemas(schemas)
                        .securitySchemes(Map.of(
                                SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT (ES256)"))))
                .paths(paths);
    }

    private static Operation operation(ApiOperation op, Map<String, Schema> schemas) {
        Operation o = new Operation()
                .operationId(op.operationId())
                .summary(op.summary())
                .tags(op.tag().isEmpty() ? null : List.of(op.tag()))
                .security(op.secured() ? List.of(new SecurityRequirement().addList(SCHEME)) : List.of());
        for (ApiOperation.Param p : op.params()) {
            o.addParametersItem(new Parameter()
                    .name(p.name())
                    .in(p.inPath() ? "path" : "query")
                    .required(p.inPath() || p.required())
                    .description(p.description().isEmpty() ? null : p.description())
                    .schema(new StringSchema()));
        }
        if (op.requestBody() != null) {
            o.requestBody(new RequestBody()
                    .required(true)
                    .content(new Content()
                            .addMediaType("application/json", new MediaType().schema(ref(op.requestBody(), schemas)))));
        }
        ApiResponses responses = new ApiResponses();
        ApiResponse ok = new ApiResponse().description(op.status() == 204 ? "no content" : "success");
        if (op.response() != null) {
            Schema<?> s = ref(op.response(), schemas);
            ok.content(new Content()
                    .addMediaType(
                            op.produces(),
                            new MediaType().schema(op.responseIsList() ? new ArraySchema().items(s) : s)));
        } else if (!"application/json".equals(op.produces())) {
            ok.content(new Content().addMediaType(op.produces(), new MediaType().schema(new StringSchema())));
        }
        responses.addApiResponse(String.valueOf(op.status()), ok);
        responses.addApiResponse(
                "default",
                new ApiResponse()
                        .description("error (RFC 9457 problem details)")
                        .content(new Content()
                                .addMediaType(
                                        PROBLEM,
                                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
        return o.responses(responses);
    }

    private static Schema<?> ref(Class<?> type, Map<String, Schema> schemas) {
        Map<String, Schema> read = ModelConverters.getInstance().readAll(type);
        if (!read.containsKey(type.getSimpleName())) {
            return new ObjectSchema(); // a free-form object (e.g. thresholds in the registry's JSON mapping)
        }
        schemas.putAll(read);
        return new Schema<>().$ref("#/components/schemas/" + type.getSimpleName());
    }

    private static Schema<?> problemSchema() {
        return new Schema<>()
                .type("object")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new Schema<>().type("integer"))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(new StringSchema()));
    }
}
