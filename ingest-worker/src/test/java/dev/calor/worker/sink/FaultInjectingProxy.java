package dev.calor.worker.sink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of a real influxd that answers the first writes with 429 + Retry-After and
 * refuses bodies above a size with 413, the way a loaded or size-limited InfluxDB does, and can hold
 * writes until released, the way a slow one does.
 */
final class FaultInjectingProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    final AtomicInteger tooManyLeft = new AtomicInteger();
    volatile int maxBodyBytes = Integer.MAX_VALUE;
    final List<Integer> statuses = new CopyOnWriteArrayList<>();
    /** Write requests received (held or not). */
    final AtomicInteger writes = new AtomicInteger();

    private volatile CountDownLatch held = new CountDownLatch(0);

    FaultInjectingProxy(String target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Writes from now on wait (up to 30 s) until {@link #release}. */
    void holdWrites() {
        held = new CountDownLatch(1);
    }

    void release() {
        held.countDown();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        boolean write = ex.getRequestURI().getPath().endsWith("/write");
        if (write) {
            writes.incrementAndGet();
            try {
                held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (write && tooManyLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().add("Retry-After", "1");
            respond(ex, 429, "{\"error\":\"too many requests\"}".getBytes());
            return;
        }
        if (write && body.length > maxBodyBytes) {
            respond(ex, 413, "{\"error\":\"Request Entity Too Large\"}".getBytes());
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String h : List.of("Content-Type", "Content-Encoding", "Authorization", "Accept")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                forward.header(h, v);
            }
        }
        try {
            HttpResponse<byte[]> r = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders()
                    .add("Content-Type", v));
            respond(ex, r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(ex, 502, new byte[0]);
        }
    }

    private void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        statuses.add(status);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
