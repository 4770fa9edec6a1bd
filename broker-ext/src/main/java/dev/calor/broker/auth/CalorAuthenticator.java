package dev.calor.broker.auth;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import dev.calor.broker.audit.AuditLog;
import dev.calor.broker.config.AuthConfig;
import dev.calor.broker.config.ClientLimits;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.metrics.BrokerMetrics.ConnectOutcome;
import dev.calor.broker.ratelimit.ConnectRateLimiter;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Authenticates every CONNECT, in this order: the source address's and the broker's CONNECT buckets
 * (0x9F), a client certificate of an enabled device, a caregiver token, a user name and secret from the
 * credentials file; then the client id and the will ({@link ConnectChecks}).
 *
 * <p>Fast checks (keyed hashes, cached verifications, tokens) run on the calling thread and never wait
 * behind slow ones; memory-hard hashes run on {@code slowExecutor}; one whose CONNECT has already
 * timed out is skipped, and one that finishes after its CONNECT timed out has its result dropped. Every refused credential is answered {@code refusalDelay} after the CONNECT
 * arrived, whatever the cause, so timing does not tell unknown users from known ones.
 */
public final class CalorAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(CalorAuthenticator.class);
    private static final String BAD_CREDENTIALS = "bad user name or password";

    private final CredentialStore store;
    private final Optional<CertificateLogin> certificates;
    private final Optional<CaregiverTokens> tokens;
    private final ConnectChecks checks;
    private final AuthConfig config;
    private final ClientLimits limits;
    private final ConnectRateLimiter connectLimiter;
    private final Executor slowExecutor;
    private final ScheduledExecutorService scheduler;
    private final AuditLog audit;
    private final BrokerMetrics metrics;
    private final LongSupplier nanoClock;

    /** The parts of one CONNECT the checks need. */
    private record Attempt(
            SimpleAuthInput input, SimpleAuthOutput output, String clientId, Optional<InetAddress> from, long start) {}

    public CalorAuthenticator(
            CredentialStore store,
            Optional<CertificateLogin> certificates,
            Optional<CaregiverTokens> tokens,
            ConnectChecks checks,
            AuthConfig config,
            ClientLimits limits,
            ConnectRateLimiter connectLimiter,
            Executor slowExecutor,
            ScheduledExecutorService scheduler,
            AuditLog audit,
            BrokerMetrics metrics,
            LongSupplier nanoClock) {
        this.store = store;
        this.certificates = certificates;
        this.tokens = tokens;
        this.checks = checks;
        this.config = config;
        this.limits = limits;
        this.connectLimiter = connectLimiter;
        this.slowExecutor = slowExecutor;
        this.scheduler = scheduler;
        this.audit = audit;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        try (MDC.MDCCloseable client =
                MDC.putCloseable("client_id", input.getClientInformation().getClientId())) {
            decide(input, output);
        }
    }

    private void decide(SimpleAuthInput input, SimpleAuthOutput output) {
        Attempt a = new Attempt(
                input,
                output,
                input.getClientInformation().getClientId(),
                input.getConnectionInformation().getInetAddress(),
                nanoClock.getAsLong());
        String presented = input.getConnectPacket().getUserName().orElse("-");
        try {
            ConnectRateLimiter.Verdict admitted =
                    connectLimiter.tryAcquire(a.from().orElse(null));
            if (admitted != ConnectRateLimiter.Verdict.ALLOWED) {
                refuseNow(
                        a,
                        presented,
                        ConnackReasonCode.CONNECTION_RATE_EXCEEDED,
                        ConnectOutcome.RATE_LIMITED,
                        admitted == ConnectRateLimiter.Verdict.ADDRESS_LIMITED
                                ? "too many connection attempts from this address, retry later"
                                : "too many connection attempts, retry later");
                return;
            }
            if (certificates.isPresent()) {
                CertificateLogin.Outcome cert = certificates.get().check(input.getConnectionInformation());
                if (cert instanceof CertificateLogin.Outcome.Device d) {
                    admit(a, d.identity(), "certificate");
                    return;
                }
                if (cert instanceof CertificateLogin.Outcome.Refused r) {
                    refuseCredentials(a, r.cn(), r.reason());
                    return;
                }
            }
            Optional<String> username = input.getConnectPacket().getUserName().filter(u -> !u.isEmpty());
            Optional<ByteBuffer> password = input.getConnectPacket().getPassword();
            if (username.isEmpty()) {
                refuseNow(
                        a,
                        "-",
                        ConnackReasonCode.NOT_AUTHORIZED,
                        ConnectOutcome.ANONYMOUS,
                        "anonymous connections are not allowed");
                return;
            }
            if (password.isEmpty()) {
                refuseCredentials(a, username.get(), "no password");
                return;
            }
            byte[] secret = new byte[password.get().remaining()];
            password.get().duplicate().get(secret);
            if (tokens.isPresent() && CaregiverTokens.looksLikeToken(new String(secret, StandardCharsets.US_ASCII))) {
                tokenLogin(a, username.get(), new String(secret, StandardCharsets.US_ASCII));
                return;
            }
            passwordLogin(a, username.get(), secret);
        } catch (RuntimeException e) {
            LOG.error("authentication of client '{}' failed unexpectedly", a.clientId(), e);
            refuseNow(a, presented, ConnackReasonCode.UNSPECIFIED_ERROR, ConnectOutcome.ERROR, "internal error");
        }
    }

    private void tokenLogin(Attempt a, String username, String token) {
        metrics.verification("fast");
        Optional<String> problem = tokens.get().problem(username, token);
        if (problem.isEmpty() && ClientIdRule.reservedForWorkers(username)) {
            problem = Optional.of("a caregiver id may not start with " + ClientIdRule.WORKER_PREFIX);
        }
        if (problem.isEmpty()
                && store.credentials()
                        .find(username)
                        .filter(u -> u.role() != Role.CAREGIVER)
                        .isPresent()) {
            problem = Optional.of("the token subject is a user of another role");
        }
        if (problem.isPresent()) {
            refuseCredentials(a, username, problem.get());
        } else {
            admit(a, new ClientIdentity(username, Role.CAREGIVER, true), "token");
        }
    }

    private void passwordLogin(Attempt a, String username, byte[] secret) {
        Optional<AuthResult> fast = store.tryFast(username, secret);
        if (fast.isPresent()) {
            metrics.verification("fast");
            Arrays.fill(secret, (byte) 0);
            conclude(a, username, fast.get());
            return;
        }
        Async<SimpleAuthOutput> async = a.output()
                .async(
                        config.verifyTimeout(),
                        TimeoutFallback.FAILURE,
                        ConnackReasonCode.SERVER_BUSY,
                        "try again later");
        try {
            slowExecutor.execute(() -> {
                try {
                    if (async.getStatus() == Async.Status.CANCELED) {
                        timedOut(a, username, "cancelled", "timed out waiting for verification; not verified");
                        return;
                    }
                    metrics.verification("slow");
                    AuthResult result = store.verifySlow(username, secret);
                    if (async.getStatus() == Async.Status.CANCELED) {
                        timedOut(a, username, "dropped", "timed out during verification; result dropped");
                        return;
                    }
                    concludeAsync(a, username, result, async);
                } catch (RuntimeException e) {
                    LOG.error("authentication of client '{}' failed unexpectedly", a.clientId(), e);
                    refuse(a, username, ConnackReasonCode.UNSPECIFIED_ERROR, ConnectOutcome.ERROR, "internal error");
                    async.resume();
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            });
        } catch (RejectedExecutionException e) {
            refuse(a, username, ConnackReasonCode.SERVER_BUSY, ConnectOutcome.BUSY, "try again later");
            async.resume();
        }
    }

    /**
     * A CONNECT that HiveMQ already answered 0x89 (its verify-timeout passed): the verification is skipped
     * ({@code cancelled}) or its result thrown away ({@code dropped}), never applied to a connection.
     */
    private void timedOut(Attempt a, String username, String path, String reason) {
        metrics.verification(path);
        metrics.connect(ConnectOutcome.TIMED_OUT);
        audit.authenticationRefused(username, a.clientId(), a.from(), "SERVER_BUSY: " + reason);
    }

    private void conclude(Attempt a, String username, AuthResult result) {
        if (result.isAccepted()) {
            UserEntry u = result.user().orElseThrow();
            admit(a, new ClientIdentity(u.username(), u.role()), "password");
        } else {
            refuseCredentials(a, username, reasonOf(result));
        }
    }

    /** Like {@link #conclude} for a CONNECT already waiting in {@code async}. */
    private void concludeAsync(Attempt a, String username, AuthResult result, Async<SimpleAuthOutput> async) {
        if (result.isAccepted()) {
            UserEntry u = result.user().orElseThrow();
            admit(a, new ClientIdentity(u.username(), u.role()), "password");
            async.resume();
        } else {
            delayed(a, username, reasonOf(result), async);
        }
    }

    private static String reasonOf(AuthResult result) {
        return switch (result.outcome()) {
            case UNKNOWN_USER -> "unknown user";
            case WRONG_PASSWORD -> "wrong secret";
            case DISABLED -> "user disabled";
            case ACCEPTED -> "accepted";
        };
    }

    private void admit(Attempt a, ClientIdentity identity, String method) {
        Optional<ConnectChecks.Refusal> refusal =
                checks.check(identity, a.clientId(), a.input().getConnectPacket());
        if (refusal.isPresent()) {
            ConnectChecks.Refusal r = refusal.get();
            refuse(
                    a,
                    identity.name(),
                    r.code(),
                    r.code() == ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID
                            ? ConnectOutcome.CLIENT_ID_INVALID
                            : ConnectOutcome.WILL_REFUSED,
                    r.reason());
            return;
        }
        identity.storeIn(a.input().getConnectionInformation().getConnectionAttributeStore());
        a.output()
                .getClientSettings()
                .setClientQueueSizeMaximum(
                        identity.role() == Role.WORKER ? limits.workerQueueSize() : limits.defaultQueueSize());
        metrics.connect(ConnectOutcome.ACCEPTED);
        audit.authenticated(identity.name(), identity.role().name(), a.clientId(), a.from(), method);
        a.output().authenticateSuccessfully();
    }

    /** Refuses a credential after the refusal delay (measured from the CONNECT's arrival). */
    private void refuseCredentials(Attempt a, String presented, String reason) {
        Async<SimpleAuthOutput> async = a.output()
                .async(
                        config.verifyTimeout(),
                        TimeoutFallback.FAILURE,
                        ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                        BAD_CREDENTIALS);
        delayed(a, presented, reason, async);
    }

    private void delayed(Attempt a, String presented, String reason, Async<SimpleAuthOutput> async) {
        long remaining = config.refusalDelay().toNanos() - (nanoClock.getAsLong() - a.start());
        Runnable answer = () -> {
            refuse(
                    a,
                    presented,
                    ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                    ConnectOutcome.BAD_CREDENTIALS,
                    BAD_CREDENTIALS,
                    reason);
            async.resume();
        };
        try {
            scheduler.schedule(answer, Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            answer.run();
        }
    }

    private void refuseNow(Attempt a, String presented, ConnackReasonCode code, ConnectOutcome outcome, String reason) {
        refuse(a, presented, code, outcome, reason);
    }

    private void refuse(Attempt a, String presented, ConnackReasonCode code, ConnectOutcome outcome, String reason) {
        refuse(a, presented, code, outcome, reason, reason);
    }

    /** {@code told} goes to the client, {@code logged} (which may say more) to the audit log. */
    private void refuse(
            Attempt a, String presented, ConnackReasonCode code, ConnectOutcome outcome, String told, String logged) {
        metrics.connect(outcome);
        audit.authenticationRefused(presented, a.clientId(), a.from(), code.name() + ": " + logged);
        a.output().failAuthentication(code, told);
    }
}
