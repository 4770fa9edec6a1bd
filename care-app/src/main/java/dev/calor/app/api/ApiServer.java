package dev.calor.app.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.calor.app.CareAppException;
import dev.calor.app.db.DatabaseException;
import dev.calor.app.identity.AccessTokens;
import dev.calor.app.identity.Sessions;
import dev.calor.app.metrics.AppMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: every {@link ApiOperation} under {@code /api/v1}, the generated OpenAPI document and
 * its documentation page, the JWKS, and the web app's static files at {@code /}. Keeps nothing between
 * requests: who is calling is proven by the token and checked against PostgreSQL on every request.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final String BASE = "/api/v1";

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public static ApiServer start(
            String host,
            int port,
            List<ApiOperation> operations,
            AccessTokens tokens,
            Sessions sessions,
            AppMetrics metrics) {
        String openApi = OpenApiDocument.json(operations, BASE, "1");
        Authenticator auth = new Authenticator(tokens, sessions);
        Javalin app = Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(mapper(), false));
            config.router.ignoreTrailingSlashes = true;
            config.requestLogger.http((ctx, millis) -> {
                String route = route(ctx);
                metrics.requests
                        .labelValues(ctx.method().name(), route, Integer.toString(ctx.statusCode()))
                        .inc();
                metrics.requestSeconds.labelValues(ctx.method().name(), route).observe(millis / 1000.0);
            });
            config.staticFiles.enableWebjars();
            if (ApiServer.class.getResource("/web") != null) {
                config.staticFiles.add(sf -> {
                    sf.hostedPath = "/";
                    sf.directory = "/web";
                    sf.location = Location.CLASSPATH;
                });
            }
            for (ApiOperation op : operations) {
                config.routes.addHttpHandler(op.method(), BASE + op.path(), ctx -> {
                    Caller caller = op.secured() ? auth.authenticate(ctx) : null;
                    op.handler().handle(ctx, caller);
                    if (op.status() != 200 && ctx.status().getCode() == 200) {
                        ctx.status(op.status());
                    }
                });
            }
            config.routes.get(BASE + "/openapi.json", ctx -> ctx.contentType("application/json")
                    .result(openApi));
            config.routes.get(BASE + "/docs", ctx -> ctx.html(DocsPage.html(BASE + "/openapi.json")));
            config.routes.exception(CareAppException.class, (e, ctx) -> Problems.send(ctx, e));
            config.routes.exception(DatabaseException.class, (e, ctx) -> Problems.send(ctx, Problems.of(e)));
            config.routes.exception(
                    io.javalin.http.BadRequestResponse.class,
                    (e, ctx) -> Problems.send(ctx, CareAppException.badRequest(e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (Problems.isBadJson(e)) {
                    Problems.send(
                            ctx,
                            CareAppException.badRequest(
                                    "request body is not valid JSON for this operation: " + Problems.firstLine(e)));
                    return;
                }
                try {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    Problems.send(ctx, new Problems.Internal());
                } catch (RuntimeException gone) {
                    LOG.debug("request already finished when {} was raised", e.toString());
                }
            });
            config.routes.error(404, ctx -> {
                if (ctx.path().startsWith("/api/") && !Problems.isProblem(ctx)) {
                    Problems.send(
                            ctx, CareAppException.notFound("no such operation: " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.error(405, ctx -> {
                if (ctx.path().startsWith("/api/") && !Problems.isProblem(ctx)) {
                    Problems.send(
                            ctx, CareAppException.notFound("no such operation: " + ctx.method() + " " + ctx.path()));
                }
            });
        });
        app.start();
        LOG.info("care-app API listening on http://{}:{}{}", host, app.port(), BASE);
        return new ApiServer(app);
    }

    public int port() {
        return app.port();
    }

    /** The path template that served the request (bounded label values), else static or unmatched. */
    static String route(Context ctx) {
        io.javalin.router.Endpoint e = null;
        try {
            e = ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException none) {
            // nothing matched
        }
        if (e != null && e.path.startsWith(BASE)) {
            return e.path.substring(BASE.length());
        }
        return ctx.path().startsWith("/api/") ? "unmatched" : "static";
    }

    @Override
    public void close() {
        app.stop();
    }

    /** Verifies the bearer token and that its session is still open. */
    static final class Authenticator {
        private final AccessTokens tokens;
        private final Sessions sessions;

        Authenticator(AccessTokens tokens, Sessions sessions) {
            this.tokens = tokens;
            this.sessions = sessions;
        }

        Caller authenticate(Context ctx) {
            String header = ctx.header("Authorization");
            String token = null;
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = header.substring(7).trim();
            } else if (ctx.path().endsWith("/live")) {
                token = ctx.queryParam("access_token");
            }
            if (token == null || token.isEmpty()) {
                throw CareAppException.unauthorized("an access token is required (Authorization: Bearer …)");
            }
            AccessTokens.Verified v = tokens.verify(token);
            if (!sessions.isLive(v)) {
                throw CareAppException.unauthorized("the session of this token has ended; sign in again");
            }
            return new Caller(v.caregiverId(), v.sessionId());
        }
    }
}
