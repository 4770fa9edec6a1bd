package dev.calor.broker.auth;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import dev.calor.broker.config.ClientLimits;
import dev.calor.broker.metrics.BrokerMetrics;
import dev.calor.broker.metrics.BrokerMetrics.ConnectOutcome;
import dev.calor.broker.ratelimit.ConnectRateLimiter;
import dev.calor.proto.Topics;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Authenticates every CONNECT: a client certificate whose CN is a device id (when enabled), else user
 * name and password from the credentials file. Refusals: 0x86 bad user name or password, 0x87 not
 * authorized (anonymous), 0x9F connection rate exceeded. Passwords and hashes are never logged.
 */
public final class CalorAuthenticator implements SimpleAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(CalorAuthenticator.class);
    private static final Logger REFUSED = LoggerFactory.getLogger("calor.event.connect-refused");
    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);

    private final CredentialStore store;
    private final boolean clientCertificates;
    private final ClientLimits limits;
    private final ConnectRateLimiter connectLimiter;
    private final Executor hashExecutor;
    private final ClientIdRegistry clientIds;
    private final BrokerMetrics metrics;

    public CalorAuthenticator(
            CredentialStore store,
            boolean clientCertificates,
            ClientLimits limits,
            ConnectRateLimiter connectLimiter,
            Executor hashExecutor,
            ClientIdRegistry clientIds,
            BrokerMetrics metrics) {
        this.store = store;
        this.clientCertificates = clientCertificates;
        this.limits = limits;
        this.connectLimiter = connectLimiter;
        this.hashExecutor = hashExecutor;
        this.clientIds = clientIds;
        this.metrics = metrics;
    }

    /** Decides a CONNECT with the client id in the logging MDC (structured logs carry it). */
    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        try (MDC.MDCCloseable client =
                MDC.putCloseable("client_id", input.getClientInformation().getClientId())) {
            decide(input, output);
        }
    }

    private void decide(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        try {
            if (!connectLimiter.tryAcquire()) {
                refuse(
                        output,
                        clientId,
                        ConnackReasonCode.CONNECTION_RATE_EXCEEDED,
                        ConnectOutcome.RATE_LIMITED,
                        "too many connection attempts, retry later");
                return;
            }
            ConnectionInformation connection = input.getConnectionInformation();
            if (clientCertificates) {
                Optional<String> cn = certificateDeviceId(connection);
                if (cn.isPresent()) {
                    accept(output, connection, new ClientIdentity(cn.get(), Role.DEVICE), clientId);
                    return;
                }
            }
            Optional<String> username = input.getConnectPacket().getUserName();
            Optional<ByteBuffer> password = input.getConnectPacket().getPassword();
            if (username.isEmpty() || username.get().isEmpty()) {
                refuse(
                        output,
                        clientId,
                        ConnackReasonCode.NOT_AUTHORIZED,
                        ConnectOutcome.ANONYMOUS,
                        "anonymous connections are not allowed");
                return;
            }
            if (password.isEmpty()) {
                REFUSED.info("client '{}' user '{}' refused: no password", clientId, username.get());
                refuse(
                        output,
                        clientId,
                        ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                        ConnectOutcome.BAD_CREDENTIALS,
                        "bad user name or password");
                return;
            }
            byte[] pw = new byte[password.get().remaining()];
            password.get().duplicate().get(pw);
            verifyAsync(output, connection, username.get(), pw, clientId);
        } catch (RuntimeException e) {
            LOG.error("authentication of client '{}' failed unexpectedly", clientId, e);
            refuse(output, clientId, ConnackReasonCode.UNSPECIFIED_ERROR, ConnectOutcome.ERROR, "internal error");
        }
    }

    private void verifyAsync(
            SimpleAuthOutput output, ConnectionInformation connection, String username, byte[] pw, String clientId) {
        Async<SimpleAuthOutput> async =
                output.async(VERIFY_TIMEOUT, TimeoutFallback.FAILURE, ConnackReasonCode.SERVER_BUSY, "try again later");
        try {
            hashExecutor.execute(() -> {
                try {
                    AuthResult result = store.authenticate(username, pw);
                    if (result.isAccepted()) {
                        UserEntry user = result.user().orElseThrow();
                        accept(output, connection, new ClientIdentity(user.username(), user.role()), clientId);
                    } else {
                        REFUSED.info("client '{}' user '{}' refused: {}", clientId, username, result.outcome());
                        refuse(
                                output,
                                clientId,
                                ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD,
                                ConnectOutcome.BAD_CREDENTIALS,
                                "bad user name or password");
                    }
                } catch (RuntimeException e) {
                    LOG.error("authentication of client '{}' failed unexpectedly", clientId, e);
                    refuse(
                            output,
                            clientId,
                            ConnackReasonCode.UNSPECIFIED_ERROR,
                            ConnectOutcome.ERROR,
                            "internal error");
                } finally {
                    java.util.Arrays.fill(pw, (byte) 0);
                    async.resume();
                }
            });
        } catch (RejectedExecutionException e) {
            refuse(output, clientId, ConnackReasonCode.SERVER_BUSY, ConnectOutcome.ERROR, "try again later");
            async.resume();
        }
    }

    private void accept(
            SimpleAuthOutput output, ConnectionInformation connection, ClientIdentity identity, String clientId) {
        if (!clientIds.claim(clientId, identity.name())) {
            refuse(
                    output,
                    clientId,
                    ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    ConnectOutcome.CLIENT_ID_TAKEN,
                    "client id is in use by another user");
            return;
        }
        identity.storeIn(connection.getConnectionAttributeStore());
        var settings = output.getClientSettings();
        settings.setClientQueueSizeMaximum(
                identity.role() == Role.WORKER ? limits.workerQueueSize() : limits.defaultQueueSize());
        metrics.connect(ConnectOutcome.ACCEPTED);
        LOG.debug("client '{}' authenticated as {} '{}'", clientId, identity.role(), identity.name());
        output.authenticateSuccessfully();
    }

    private void refuse(
            SimpleAuthOutput output, String clientId, ConnackReasonCode code, ConnectOutcome outcome, String reason) {
        metrics.connect(outcome);
        if (outcome != ConnectOutcome.BAD_CREDENTIALS) {
            REFUSED.info("client '{}' refused: {}", clientId, reason);
        }
        output.failAuthentication(code, reason);
    }

    /** The CN of a presented client certificate, when it is a valid device id. */
    static Optional<String> certificateDeviceId(ConnectionInformation connection) {
        return connection
                .getClientTlsInformation()
                .flatMap(tls -> tls.getClientCertificate())
                .flatMap(CalorAuthenticator::commonName)
                .filter(Topics::isValidId);
    }

    static Optional<String> commonName(X509Certificate certificate) {
        try {
            LdapName name = new LdapName(certificate.getSubjectX500Principal().getName());
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            LOG.warn("client certificate subject cannot be parsed: {}", e.getMessage());
        }
        return Optional.empty();
    }
}
