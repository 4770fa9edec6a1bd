package dev.calor.broker.extension;

import com.hivemq.extension.sdk.api.client.parameter.ClientInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.services.ManagedExtensionExecutorService;
import com.hivemq.extension.sdk.api.services.Services;
import dev.calor.broker.audit.AuditLog;
import dev.calor.broker.auth.CalorAuthenticator;
import dev.calor.broker.auth.CaregiverTokens;
import dev.calor.broker.auth.CertificateLogin;
import dev.calor.broker.auth.ClientIdRule;
import dev.calor.broker.auth.ClientIdentity;
import dev.calor.broker.auth.ConnectChecks;
import dev.calor.broker.auth.CredentialStore;
import dev.calor.broker.auth.Credentials;
import dev.calor.broker.auth.CredentialsFile;
import dev.calor.broker.authz.CalorAuthorizer;
import dev.calor.broker.authz.CareCircleIndex;
import dev.calor.broker.authz.TopicPolicy;
import dev.calor.broker.config.ExtensionConfig;
import dev.calor.broker.deadletter.DeadLetterStore;
import dev.calor.broker.deadletter.Reinjector;
import dev.calor.broker.forward.Forwarder;
import dev.calor.broker.forward.Forwarding;
import dev.calor.broker.forward.PatientAssignments;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.pipeline.DeadLetterPublisher;
import dev.calor.broker.pipeline.DeliveryGuard;
import dev.calor.broker.pipeline.ReadingsInterceptor;
import dev.calor.broker.ratelimit.ConnectRateLimiter;
import dev.calor.broker.ratelimit.DeviceRateLimiter;
import dev.calor.broker.validation.BatchValidator;
import dev.calor.proto.CareCircleFiles;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running extension: loads the credentials and care-circle files, wires authenticator, authorizer
 * and publish interceptor into HiveMQ, reloads the files on change, serves metrics.
 */
public final class CalorExtension {

    private static final Logger LOG = LoggerFactory.getLogger(CalorExtension.class);
    private static final Logger REVOKED = LoggerFactory.getLogger("calor.event.credentials-revoked");
    /** How often dead letters are pruned and re-injected (the pace of the former 5 s file check). */
    static final Duration MAINTENANCE_INTERVAL = Duration.ofSeconds(5);

    private final ExtensionConfig config;
    private final BrokerMetrics metrics = new BrokerMetrics();
    private final AtomicReference<CareCircleIndex> careCircle = new AtomicReference<>(CareCircleIndex.empty());
    private final AtomicReference<PatientAssignments> assignments = new AtomicReference<>(PatientAssignments.empty());
    private final List<ReloadingFile<?>> watched = new ArrayList<>();
    private final ThreadPoolExecutor hashExecutor;
    private final ScheduledExecutorService refusalScheduler;
    private final LiveSessions sessions = new LiveSessions();
    private final AuditLog audit = new AuditLog(System::nanoTime);
    private volatile boolean registered;
    private CredentialStore credentials;
    private CertificateLogin certificateLogin;
    private CaregiverTokens caregiverTokens;
    private Optional<DeadLetterStore> deadLetterStore = Optional.empty();
    private Reinjector reinjector;
    private HTTPServer metricsServer;
    private Forwarder forwarder;

    public CalorExtension(ExtensionConfig config) {
        this.config = config;
        int threads = config.authentication().slowVerifyThreads();
        this.hashExecutor = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.authentication().slowVerifyQueue()),
                r -> {
                    Thread t = new Thread(r, "calor-password-verify");
                    t.setDaemon(true);
                    return t;
                });
        this.refusalScheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "calor-connect-refusal");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the files; a missing or invalid file throws (the extension must not start without them). */
    public void load() {
        ReloadingFile<?> creds = new ReloadingFile<>(
                "credentials",
                config.credentialsFile(),
                CredentialsFile::read,
                c -> {
                    if (credentials == null) {
                        credentials = new CredentialStore(c);
                    } else {
                        Credentials previous = credentials.credentials();
                        credentials.replace(c);
                        disconnectRevoked(previous.revokedIn(c));
                    }
                },
                metrics::reload);
        creds.loadNow();
        watched.add(creds);
        if (config.clientCertificates()) {
            certificateLogin = new CertificateLogin(credentials);
            config.crlFile()
                    .ifPresent(file -> watch(new ReloadingFile<>(
                            "crl", file, CertificateLogin::readCrl, certificateLogin::replaceCrl, metrics::reload)));
        }
        deadLetterStore = config.deadLetter()
                .storeDir()
                .map(dir -> new DeadLetterStore(
                        dir,
                        config.deadLetter().storeMaxBytes(),
                        config.deadLetter().storeMaxAge(),
                        Clock.systemUTC()));
        config.caregiverTokens().ifPresent(tokens -> {
            caregiverTokens = new CaregiverTokens(tokens, Clock.systemUTC());
            tokens.jwksFile()
                    .ifPresent(file -> watch(new ReloadingFile<>(
                            "jwks", file, CaregiverTokens::readKeys, caregiverTokens::replaceKeys, metrics::reload)));
        });
        config.careCircleFile().ifPresent(file -> {
            ReloadingFile<?> circle = new ReloadingFile<>(
                    "care-circle",
                    file,
                    CareCircleFiles::read,
                    registry -> {
                        careCircle.set(CareCircleIndex.of(registry));
                        assignments.set(PatientAssignments.of(registry));
                    },
                    metrics::reload);
            circle.loadNow();
            watched.add(circle);
        });
        LOG.info(
                "Calor extension loaded {} users{}, {} shards",
                credentials.credentials().size(),
                config.careCircleFile()
                        .map(f -> " and the care circle from " + f)
                        .orElse(""),
                config.shardCount());
    }

    private void watch(ReloadingFile<?> file) {
        file.loadNow();
        watched.add(file);
    }

    /** Registers with HiveMQ's services; call from {@code extensionStart}. */
    public void register() {
        Clock clock = Clock.systemUTC();
        TopicPolicy policy = new TopicPolicy(config.shardCount(), careCircle::get);
        BatchValidator validator = new BatchValidator(config.validation());
        deadLetterStore.ifPresent(store ->
                reinjector = new Reinjector(store, validator, policy, Services.publishService(), metrics, clock));
        CalorAuthenticator authenticator = new CalorAuthenticator(
                credentials,
                Optional.ofNullable(certificateLogin),
                Optional.ofNullable(caregiverTokens),
                new ConnectChecks(new ClientIdRule(config.authentication().maxClientIdLength()), policy, validator),
                config.authentication(),
                config.clientLimits(),
                new ConnectRateLimiter(config.rateLimits(), System::nanoTime),
                hashExecutor,
                refusalScheduler,
                audit,
                metrics,
                System::nanoTime);
        CalorAuthorizer authorizer = new CalorAuthorizer(policy, audit, metrics);
        forwarder = Forwarding.start(config.forwarding(), policy, metrics, assignments::get, Services.publishService());
        ReadingsInterceptor interceptor = new ReadingsInterceptor(
                policy,
                careCircle::get,
                validator,
                new DeviceRateLimiter(config.rateLimits(), System::nanoTime),
                new DeadLetterPublisher(
                        config.deadLetter(), Services.publishService(), deadLetterStore, metrics, System::nanoTime),
                audit,
                metrics,
                clock,
                forwarder);
        Services.securityRegistry().setAuthenticatorProvider(input -> authenticator);
        Services.securityRegistry()
                .setAuthorizerProvider(input -> authorizer.forConnection(
                        identityOf(input.getConnectionInformation(), input.getClientInformation())));
        DeliveryGuard deliveryGuard = new DeliveryGuard(policy, metrics);
        Services.initializerRegistry().setClientInitializer((input, context) -> {
            // the identity was stored by the authenticator; it stays the connection's until it closes
            Optional<ClientIdentity> who = identityOf(input.getConnectionInformation(), input.getClientInformation());
            context.addPublishInboundInterceptor(interceptor.forConnection(who));
            if (DeliveryGuard.neededFor(who, input.getClientInformation().getClientId())) {
                context.addPublishOutboundInterceptor(deliveryGuard.forConnection(who));
            }
        });
        Services.eventRegistry().setClientLifecycleEventListener(input -> new ConnectionCounter(metrics, sessions));
        ManagedExtensionExecutorService executor = Services.extensionExecutorService();
        long period = config.reloadInterval().toMillis();
        executor.scheduleWithFixedDelay(this::checkFiles, period, period, TimeUnit.MILLISECONDS);
        // dead-letter upkeep keeps its own pace, whatever the file check rate
        long upkeep = Math.max(period, MAINTENANCE_INTERVAL.toMillis());
        executor.scheduleWithFixedDelay(this::maintainDeadLetters, upkeep, upkeep, TimeUnit.MILLISECONDS);
        startMetricsServer();
        registered = true;
    }

    /** The identity the authenticator stored; empty (every publish refused, every delivery checked) if unreadable. */
    private static Optional<ClientIdentity> identityOf(ConnectionInformation connection, ClientInformation client) {
        try {
            return ClientIdentity.from(connection.getConnectionAttributeStore());
        } catch (RuntimeException e) {
            LOG.error("identity of client '{}' unreadable; treated as unauthenticated", client.getClientId(), e);
            return Optional.empty();
        }
    }

    /**
     * Disconnects the clients of users that were removed or disabled or whose role or secret changed: a
     * revoked credential takes effect at the reload, not at the client's next reconnect.
     */
    private void disconnectRevoked(Set<String> users) {
        if (users.isEmpty() || !registered) {
            return;
        }
        for (String clientId : sessions.clientIdsOf(users)) {
            Services.clientService().disconnectClient(clientId).whenComplete((done, error) -> {
                if (error == null && Boolean.TRUE.equals(done)) {
                    REVOKED.info("client '{}' disconnected: its credentials were revoked", clientId);
                }
            });
        }
    }

    private void checkFiles() {
        for (ReloadingFile<?> f : watched) {
            f.checkForChange();
        }
    }

    private void maintainDeadLetters() {
        if (reinjector != null) {
            reinjector.run();
        }
        deadLetterStore.ifPresent(store -> {
            try {
                store.prune();
            } catch (RuntimeException e) {
                LOG.warn("pruning the dead-letter store failed: {}", e.toString());
            }
        });
    }

    private void startMetricsServer() {
        if (!config.metrics().enabled()) {
            return;
        }
        try {
            metricsServer = HTTPServer.builder()
                    .hostname(config.metrics().bindAddress())
                    .port(config.metrics().port())
                    .registry(metrics.registry())
                    .buildAndStart();
            LOG.info("Calor metrics on http://{}:{}/metrics", config.metrics().bindAddress(), metricsServer.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on port " + config.metrics().port(), e);
        }
    }

    public void stop() {
        if (forwarder != null) {
            forwarder.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        hashExecutor.shutdownNow();
        refusalScheduler.shutdownNow();
    }

    public BrokerMetrics metrics() {
        return metrics;
    }

    public Optional<Integer> metricsPort() {
        return Optional.ofNullable(metricsServer).map(HTTPServer::getPort);
    }

    public CredentialStore credentialStore() {
        return credentials;
    }
}
