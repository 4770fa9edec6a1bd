package dev.calor.broker.config;

import dev.calor.broker.forward.ForwardingConfig;
import dev.calor.config.ConfigNode;
import dev.calor.proto.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the Calor extension needs, whether it runs embedded or installed into a standalone HiveMQ.
 *
 * @param credentialsFile the users, roles and password hashes (YAML, see {@code CredentialsFile})
 * @param careCircleFile the care-circle registry (protobuf JSON); without it no caregiver may subscribe
 * @param reloadInterval how often both files are checked for changes
 * @param clientCertificates whether a TLS client certificate authenticates a device (CN = an enabled device id)
 * @param crlFile revoked client certificates (PEM or DER X.509 CRL), reloaded on change
 * @param shardCount S in {@code shard = crc32(deviceId) mod S}; must match the workers
 * @param authentication how secrets are verified (refusal delay, slow-hash pool, client id length)
 * @param caregiverTokens signed caregiver tokens, when the caregiver app issues them
 * @param forwarding where accepted batches go: this broker's ingest topics (default) or Kafka
 */
public record ExtensionConfig(
        Path credentialsFile,
        Optional<Path> careCircleFile,
        Duration reloadInterval,
        boolean clientCertificates,
        Optional<Path> crlFile,
        int shardCount,
        ValidationPolicy validation,
        RateLimits rateLimits,
        DeadLetterConfig deadLetter,
        ClientLimits clientLimits,
        MetricsConfig metrics,
        AuthConfig authentication,
        Optional<TokenConfig> caregiverTokens,
        ForwardingConfig forwarding) {

    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(1);

    public ExtensionConfig {
        Objects.requireNonNull(credentialsFile, "credentialsFile");
        Objects.requireNonNull(careCircleFile, "careCircleFile");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(clientLimits, "clientLimits");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(crlFile, "crlFile");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(caregiverTokens, "caregiverTokens");
        Objects.requireNonNull(forwarding, "forwarding");
        if (shardCount < 1 || shardCount > Topics.MAX_SHARD_COUNT) {
            throw new IllegalArgumentException("shard count out of range: " + shardCount);
        }
    }

    public static Builder builder(Path credentialsFile) {
        return new Builder(credentialsFile);
    }

    public Builder toBuilder() {
        Builder b = new Builder(credentialsFile);
        b.careCircleFile = careCircleFile.orElse(null);
        b.reloadInterval = reloadInterval;
        b.clientCertificates = clientCertificates;
        b.crlFile = crlFile.orElse(null);
        b.authentication = authentication;
        b.caregiverTokens = caregiverTokens.orElse(null);
        b.shardCount = shardCount;
        b.validation = validation;
        b.rateLimits = rateLimits;
        b.deadLetter = deadLetter;
        b.clientLimits = clientLimits;
        b.metrics = metrics;
        b.forwarding = forwarding;
        return b;
    }

    /** Reads the extension's settings from a mapping; errors go to the node's shared list. */
    static ExtensionConfig read(ConfigNode n) {
        Path credentials = n.readableFile("credentials-file", true).orElse(null);
        Path careCircle = n.readableFile("care-circle-file", false).orElse(null);
        Builder b = new Builder(credentials == null ? Path.of("credentials.yaml") : credentials);
        b.careCircleFile = careCircle;
        b.reloadInterval =
                n.duration("reload-interval", DEFAULT_RELOAD_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1));
        b.clientCertificates = n.bool("client-certificates", false);
        b.crlFile = n.readableFile("crl-file", false).orElse(null);
        b.authentication = AuthConfig.read(n.section("authentication"));
        b.caregiverTokens = TokenConfig.read(n.section("caregiver-tokens")).orElse(null);
        b.shardCount = n.integer("shard-count", Topics.DEFAULT_SHARD_COUNT, 1, Topics.MAX_SHARD_COUNT);
        b.validation = ValidationPolicy.read(n.section("validation"));
        b.rateLimits = RateLimits.read(n.section("rate-limits"));
        b.deadLetter = DeadLetterConfig.read(n.section("dead-letter"));
        b.clientLimits = ClientLimits.read(n.section("client-limits"));
        b.metrics = MetricsConfig.read(n.section("metrics"));
        b.forwarding = ForwardingConfig.read(n.section("forwarding"));
        return b.build();
    }

    public static final class Builder {
        private Path credentialsFile;
        private Path careCircleFile;
        private Duration reloadInterval = DEFAULT_RELOAD_INTERVAL;
        private boolean clientCertificates;
        private Path crlFile;
        private AuthConfig authentication = AuthConfig.defaults();
        private TokenConfig caregiverTokens;
        private int shardCount = Topics.DEFAULT_SHARD_COUNT;
        private ValidationPolicy validation = ValidationPolicy.defaults();
        private RateLimits rateLimits = RateLimits.defaults();
        private DeadLetterConfig deadLetter = DeadLetterConfig.defaults();
        private ClientLimits clientLimits = ClientLimits.defaults();
        private MetricsConfig metrics = MetricsConfig.disabled();
        private ForwardingConfig forwarding = ForwardingConfig.mqtt();

        private Builder(Path credentialsFile) {
            this.credentialsFile = credentialsFile;
        }

        public Builder credentialsFile(Path file) {
            this.credentialsFile = file;
            return this;
        }

        public Builder careCircleFile(Path file) {
            this.careCircleFile = file;
            return this;
        }

        public Builder reloadInterval(Duration interval) {
            this.reloadInterval = interval;
            return this;
        }

        public Builder clientCertificates(boolean enabled) {
            this.clientCertificates = enabled;
            return this;
        }

        public Builder crlFile(Path file) {
            this.crlFile = file;
            return this;
        }

        public Builder authentication(AuthConfig config) {
            this.authentication = config;
            return this;
        }

        public Builder caregiverTokens(TokenConfig config) {
            this.caregiverTokens = config;
            return this;
        }

        public Builder shardCount(int shards) {
            this.shardCount = shards;
            return this;
        }

        public Builder validation(ValidationPolicy policy) {
            this.validation = policy;
            return this;
        }

        public Builder rateLimits(RateLimits limits) {
            this.rateLimits = limits;
            return this;
        }

        public Builder deadLetter(DeadLetterConfig config) {
            this.deadLetter = config;
            return this;
        }

        public Builder clientLimits(ClientLimits limits) {
            this.clientLimits = limits;
            return this;
        }

        public Builder metrics(MetricsConfig config) {
            this.metrics = config;
            return this;
        }

        public Builder forwarding(ForwardingConfig config) {
            this.forwarding = config;
            return this;
        }

        public ExtensionConfig build() {
            return new ExtensionConfig(
                    credentialsFile,
                    Optional.ofNullable(careCircleFile),
                    reloadInterval,
                    clientCertificates,
                    Optional.ofNullable(crlFile),
                    shardCount,
                    validation,
                    rateLimits,
                    deadLetter,
                    clientLimits,
                    metrics,
                    authentication,
                    Optional.ofNullable(caregiverTokens),
                    forwarding);
        }
    }
}
