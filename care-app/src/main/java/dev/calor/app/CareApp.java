package dev.calor.app;

import dev.calor.app.ack.AckPublisher;
import dev.calor.app.api.ApiOperation;
import dev.calor.app.api.ApiServer;
import dev.calor.app.api.AuthRoutes;
import dev.calor.app.api.CircleRoutes;
import dev.calor.app.api.PatientRoutes;
import dev.calor.app.config.AppConfig;
import dev.calor.app.db.Database;
import dev.calor.app.history.InfluxReader;
import dev.calor.app.history.Temperatures;
import dev.calor.app.identity.AccessTokens;
import dev.calor.app.identity.Caregivers;
import dev.calor.app.identity.Invitations;
import dev.calor.app.identity.JwksFile;
import dev.calor.app.identity.PasswordHasher;
import dev.calor.app.identity.PasswordResets;
import dev.calor.app.identity.RateLimiter;
import dev.calor.app.identity.Sessions;
import dev.calor.app.identity.SigningKeys;
import dev.calor.app.live.LiveHub;
import dev.calor.app.mail.InvitationMailer;
import dev.calor.app.metrics.AppMetrics;
import dev.calor.app.metrics.MetricsEndpoint;
import dev.calor.app.registry.Circles;
import dev.calor.app.registry.Devices;
import dev.calor.app.registry.Patients;
import dev.calor.app.registry.RegistryExporter;
import dev.calor.app.registry.RegistryFeed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One running care-app: the database, the registry feed, the key set file, the HTTP API. Wired here only. */
public final class CareApp implements AutoCloseable {

    private final Database db;
    private final RegistryFeed feed;
    private final JwksFile jwks;
    private final LiveHub live;
    private final ApiServer server;
    private final MetricsEndpoint metricsEndpoint;
    private final Invitations invitations;
    private final List<ApiOperation> operations;
    private final java.nio.file.Path registryFile;

    private CareApp(
            Database db,
            RegistryFeed feed,
            JwksFile jwks,
            LiveHub live,
            ApiServer server,
            MetricsEndpoint metricsEndpoint,
            Invitations invitations,
            List<ApiOperation> ops,
            java.nio.file.Path registryFile) {
        this.metricsEndpoint = metricsEndpoint;
        this.invitations = invitations;
        this.registryFile = registryFile;
        this.db = db;
        this.feed = feed;
        this.jwks = jwks;
        this.live = live;
        this.server = server;
        this.operations = ops;
    }

    public static CareApp start(AppConfig config, Clock clock) {
        Database db = Database.open(config.databaseUrl(), config.databasePoolSize());
        AppMetrics metrics = new AppMetrics();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            RegistryFeed feed = new RegistryFeed(
                            db,
                            new RegistryExporter(db, config.registryFile(), metrics),
                            config.registrySafetyInterval())
                    .start();
            started.add(feed);
            SigningKeys keys = new SigningKeys(db, clock, config.keyRotation(), config.accessTokenTtl());
            JwksFile jwks = new JwksFile(keys, config.jwksFile()).start();
            started.add(jwks);
            AccessTokens tokens = new AccessTokens(
                    keys, clock, config.tokenIssuer(), config.tokenAudience(), config.accessTokenTtl());
            PasswordHasher hasher = PasswordHasher.defaults();
            RateLimiter limiter = new RateLimiter(db, clock);
            Sessions sessions = new Sessions(db, hasher, tokens, limiter, clock, config.refreshTokenTtl(), metrics);
            Circles circles = new Circles(db);
            Caregivers caregivers = new Caregivers(db, hasher);
            Invitations invitations = new Invitations(
                    db,
                    circles,
                    caregivers,
                    clock,
                    config.publicUrl(),
                    new InvitationMailer(config.email()),
                    limiter,
                    metrics);
            PasswordResets resets = new PasswordResets(db, caregivers, sessions, clock, config.publicUrl());
            Temperatures temperatures = new Temperatures(
                    new InfluxReader(
                            config.influxUrl(),
                            config.influxDatabase(),
                            config.influxUsername(),
                            config.influxPassword()),
                    config.influxRawPolicy(),
                    config.influxRollupPolicy(),
                    clock);
            LiveHub live = new LiveHub(
                    temperatures,
                    clock,
                    config.livePollInterval(),
                    (watcher, patientId) ->
                            circles.roleOf(watcher.caregiverId(), patientId).isPresent()
                                    && sessions.isLive(watcher.caregiverId(), watcher.sessionId()));
            started.add(live);
            metrics.liveSubscribers(live::watcherCount);
            AckPublisher acks = new AckPublisher(config.mqttHost(), config.mqttPort(), tokens::issue, clock);
            List<ApiOperation> ops = new ArrayList<>();
            ops.addAll(new AuthRoutes(db, sessions, caregivers, invitations, resets, keys).operations());
            ops.addAll(new PatientRoutes(circles, new Patients(db, circles), temperatures, live, acks, clock)
                    .operations());
            ops.addAll(new CircleRoutes(circles, invitations, resets, new Devices(db, clock)).operations());
            ApiServer server = ApiServer.start(config.host(), config.port(), ops, tokens, sessions, metrics);
            started.add(server);
            AppConfig.Metrics m = config.metrics();
            MetricsEndpoint endpoint = m.enabled() ? MetricsEndpoint.start(m.bindAddress(), m.port(), metrics) : null;
            return new CareApp(
                    db, feed, jwks, live, server, endpoint, invitations, List.copyOf(ops), config.registryFile());
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            db.close();
            throw e;
        }
    }

    /** The port of {@code /metrics}; -1 when metrics are off. */
    public int metricsPort() {
        return metricsEndpoint == null ? -1 : metricsEndpoint.port();
    }

    public Invitations invitations() {
        return invitations;
    }

    /** Open live streams on this instance. */
    public int watchers() {
        return live.watcherCount();
    }

    public java.nio.file.Path registryFile() {
        return registryFile;
    }

    public int port() {
        return server.port();
    }

    public Database database() {
        return db;
    }

    public List<ApiOperation> operations() {
        return operations;
    }

    @Override
    public void close() {
        live.close(); // streams first: a stream closed after the server stopped has no request left
        server.close();
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        jwks.close();
        feed.close();
        db.close();
    }
}
