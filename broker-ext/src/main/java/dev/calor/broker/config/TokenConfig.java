package dev.calor.broker.config;

import dev.calor.config.ConfigNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Caregiver tokens (block {@code caregiver-tokens:}): JWS compact, ES256, signed by the caregiver app.
 * Exactly one of {@code jwksFile} (RFC 7517 JWK set, reloaded on change) and {@code jwksUrl}.
 *
 * @param jwksFile the app's public keys, written atomically by the app
 * @param jwksUrl the same key set over HTTP(S), cached and refreshed ahead of expiry
 * @param issuer the required {@code iss}
 * @param audience a value {@code aud} must contain
 */
public record TokenConfig(Optional<Path> jwksFile, Optional<URI> jwksUrl, String issuer, String audience) {

    public static final String DEFAULT_ISSUER = "calor-care-app";
    public static final String DEFAULT_AUDIENCE = "calor-mqtt";

    public TokenConfig {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        if (jwksFile.isPresent() == jwksUrl.isPresent()) {
            throw new IllegalArgumentException("caregiver tokens need exactly one of jwks-file and jwks-url");
        }
    }

    public static TokenConfig ofFile(Path jwks) {
        return new TokenConfig(Optional.of(jwks), Optional.empty(), DEFAULT_ISSUER, DEFAULT_AUDIENCE);
    }

    static Optional<TokenConfig> read(ConfigNode n) {
        if (!n.has("jwks-file") && !n.has("jwks-url")) {
            n.string("issuer", null);
            n.string("audience", null);
            return Optional.empty();
        }
        Path file = n.optPath("jwks-file").orElse(null);
        String url = n.string("jwks-url", null);
        String issuer = n.string("issuer", DEFAULT_ISSUER);
        String audience = n.string("audience", DEFAULT_AUDIENCE);
        if (file != null && url != null) {
            n.problem("jwks-url", "give either jwks-file or jwks-url, not both");
            return Optional.empty();
        }
        URI uri = null;
        if (url != null) {
            try {
                uri = URI.create(url);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    n.problem("jwks-url", "must be an http(s) URL");
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                n.problem("jwks-url", "is not a URL: " + e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(new TokenConfig(Optional.ofNullable(file), Optional.ofNullable(uri), issuer, audience));
    }
}
