package dev.calor.worker.delivery;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.calor.proto.v1.Alert;
import dev.calor.worker.state.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs an alert as JSON (protobuf JSON mapping of {@code calor.v1.Alert}) with an
 * {@code Idempotency-Key} header per caregiver channel, an {@code X-Calor-Timestamp} (Unix seconds when
 * sent) and, when the channel has a secret, {@code X-Calor-Signature: sha256=<hex HMAC-SHA256 of
 * "{timestamp}.{body}">}. The signature covers the time stamp, so a receiver that refuses time stamps
 * older than its replay window (the README suggests 5 minutes) and remembers idempotency keys for that
 * long cannot be fooled by a replayed request. 2xx is success; 408, 425, 429 and 5xx are retried; any
 * other status is permanent.
 */
public final class WebhookSender {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String SIGNATURE = "X-Calor-Signature";
    public static final String TIMESTAMP = "X-Calor-Timestamp";

    private final HttpClient http;
    private final Duration timeout;
    private final java.time.Clock clock;

    public WebhookSender(Duration timeout, java.time.Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public void send(Delivery d, Alert alert) throws InterruptedException {
        String body = json(alert);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(d.target()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_KEY, d.idempotencyKey())
                .header("X-Calor-Alert-Id", alert.getAlertId())
                .header(TIMESTAMP, timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (!d.secret().isEmpty()) {
            r.header(SIGNATURE, "sha256=" + hmac(d.secret(), timestamp + "." + body));
        }
        HttpResponse<Void> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new DeliveryException("webhook " + d.target() + " unreachable: " + e, false, e);
        }
        int s = response.statusCode();
        if (s / 100 == 2) {
            return;
        }
        boolean transientStatus = s == 408 || s == 425 || s == 429 || s >= 500;
        throw new DeliveryException("webhook " + d.target() + " answered HTTP " + s, !transientStatus, null);
    }

    public static String json(Alert alert) {
        try {
            return JsonFormat.printer().omittingInsignificantWhitespace().print(alert);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
