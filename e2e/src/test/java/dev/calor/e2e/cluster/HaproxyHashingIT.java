package dev.calor.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.calor.e2e.bench.MosquittoServer;
import dev.calor.testsupport.HaproxyServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HAProxy's {@code balance hash} on the MQTT CONNECT client identifier, under a burst of concurrent
 * connects: every client lands on one node, the same node again when it reconnects, and on the other
 * node once its own is gone. Each node's own subscriber records which client ids published to it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HaproxyHashingIT {

    private static final int CLIENTS = 400;

    private static MosquittoServer node1;
    private static MosquittoServer node2;
    private static HaproxyServer haproxy;
    private static final Map<String, String> seen = new ConcurrentHashMap<>();
    private static final List<Mqtt5AsyncClient> watchers = new ArrayList<>();

    @BeforeAll
    static void start() {
        node1 = MosquittoServer.start();
        node2 = MosquittoServer.start();
        haproxy = HaproxyServer.start(List.of(node1.port(), node2.port()));
        watch("node1", node1.port());
        watch("node2", node2.port());
    }

    @AfterAll
    static void stop() {
        watchers.forEach(w -> w.disconnect());
        for (AutoCloseable c : new AutoCloseable[] {haproxy, node1, node2}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the next one is closed regardless
            }
        }
    }

    @Test
    void spreadsClientsAndKeepsEachOnItsNodeUntilTheNodeDies() {
        Map<String, String> first = round("r1");
        assertThat(first).hasSize(CLIENTS);
        long onNode1 = first.values().stream().filter("node1"::equals).count();
        assertThat(onNode1).as("clients on node1 of %d", CLIENTS).isBetween(CLIENTS / 4L, 3L * CLIENTS / 4);

        Map<String, String> second = round("r2");
        assertThat(moved(first, second))
                .as("clients that reached another node on reconnect")
                .isEmpty();

        node1.close();
        Map<String, String> third = round("r3");
        assertThat(third).hasSize(CLIENTS);
        assertThat(third.values()).containsOnly("node2");
    }

    private static List<String> moved(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream()
                .filter(id -> !before.get(id).equals(after.get(id)))
                .sorted()
                .toList();
    }

    /** Every client connects through HAProxy at once, publishes its id, disconnects: id → node. */
    private static Map<String, String> round(String tag) {
        List<CompletableFuture<?>> done = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String id = "device-" + i;
            done.add(publishOnce(id, tag));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .orTimeout(90, TimeUnit.SECONDS)
                .join();
        Map<String, String> nodes = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < CLIENTS; i++) {
                String node = seen.get(tag + "/device-" + i);
                if (node != null) {
                    nodes.put("device-" + i, node);
                }
            }
            return nodes.size() == CLIENTS;
        });
        return Map.copyOf(nodes);
    }

    /** Connects, publishes {@code who/{tag}/{id}} QoS 1, disconnects; retried while a dead node is noticed. */
    private static CompletableFuture<?> publishOnce(String id, String tag) {
        Mqtt5AsyncClient client = MqttClient.builder()
                .useMqttVersion5()
                .identifier(id)
                .serverHost("127.0.0.1")
                .serverPort(haproxy.port())
                .automaticReconnect()
                .initialDelay(200, TimeUnit.MILLISECONDS)
                .maxDelay(1, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .buildAsync();
        return client.connectWith()
                .cleanStart(true)
                .send()
                .thenCompose(ack -> client.publishWith()
                        .topic("who/" + tag + "/" + id)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send())
                .thenCompose(result -> client.disconnect());
    }

    private static void watch(String node, int port) {
        Mqtt5AsyncClient watcher = MqttClient.builder()
                .useMqttVersion5()
                .identifier("watcher-" + node)
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        watcher.publishes(MqttGlobalPublishFilter.ALL, p -> {
            String[] parts = p.getTopic().toString().split("/");
            seen.put(parts[1] + "/" + parts[2], node);
        });
        watcher.connect().join();
        watcher.subscribeWith()
                .topicFilter("who/#")
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .join();
        watchers.add(watcher);
    }
}
