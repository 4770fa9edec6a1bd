package dev.calor.broker.embedded;

import dev.calor.broker.config.BrokerConfig;
import dev.calor.broker.config.Persistence;
import dev.calor.broker.config.Restrictions;
import dev.calor.broker.config.TlsListener;
import java.util.Locale;

/** Renders HiveMQ's {@code config.xml} for a {@link BrokerConfig} whose ports are already resolved. */
final class HiveMqConfigXml {

    private HiveMqConfigXml() {}

    static String render(BrokerConfig c, int tcpPort, int tlsPort, int wsPort) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\"?>\n<hivemq>\n  <listeners>\n");
        x.append("    <tcp-listener><port>")
                .append(tcpPort)
                .append("</port><bind-address>")
                .append(esc(c.tcp().bindAddress()))
                .append("</bind-address><name>calor-tcp</name></tcp-listener>\n");
        c.tls().ifPresent(t -> x.append("    <tls-tcp-listener><port>")
                .append(tlsPort)
                .append("</port><bind-address>")
                .append(esc(t.bindAddress()))
                .append("</bind-address><name>calor-tls</name>")
                .append(tls(t))
                .append("</tls-tcp-listener>\n"));
        c.webSocket().ifPresent(w -> x.append("    <websocket-listener><port>")
                .append(wsPort)
                .append("</port><bind-address>")
                .append(esc(w.bindAddress()))
                .append("</bind-address><name>calor-websocket</name><path>")
                .append(esc(w.path()))
                .append("</path><subprotocols><subprotocol>mqttv3.1</subprotocol><subprotocol>mqtt</subprotocol>")
                .append("</subprotocols><allow-extensions>true</allow-extensions></websocket-listener>\n"));
        x.append("  </listeners>\n");
        x.append("  <mqtt>\n    <queued-messages><max-queue-size>")
                .append(c.maxQueueSize())
                .append("</max-queue-size><strategy>discard</strategy></queued-messages>\n")
                .append("    <receive-maximum><server-receive-maximum>")
                .append(c.serverReceiveMaximum())
                .append("</server-receive-maximum></receive-maximum>\n");
        Restrictions r = c.restrictions();
        x.append("    <packets><max-packet-size>")
                .append(r.maxPacketSize())
                .append("</max-packet-size></packets>\n")
                .append("    <session-expiry><max-interval>")
                .append(r.maxSessionExpiry().toSeconds())
                .append("</max-interval></session-expiry>\n")
                .append("    <keep-alive><max-keep-alive>")
                .append(r.maxKeepAlive())
                .append("</max-keep-alive><allow-unlimited>false</allow-unlimited></keep-alive>\n")
                .append("  </mqtt>\n");
        x.append("  <restrictions><max-connections>")
                .append(r.maxConnections())
                .append("</max-connections><max-client-id-length>")
                .append(r.maxClientIdLength())
                .append("</max-client-id-length><max-topic-length>")
                .append(r.maxTopicLength())
                .append("</max-topic-length><no-connect-idle-timeout>")
                .append(r.noConnectIdleTimeout().toMillis())
                .append("</no-connect-idle-timeout></restrictions>\n");
        // a client id is bound to its identity by rule: one the broker would make up binds to nobody
        x.append("  <security><allow-empty-client-id><enabled>false</enabled></allow-empty-client-id></security>\n");
        x.append("  <persistence><mode>")
                .append(c.persistence() == Persistence.FILE ? "file" : "in-memory")
                .append("</mode></persistence>\n");
        x.append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n");
        x.append("</hivemq>\n");
        return x.toString();
    }

    private static String tls(TlsListener t) {
        StringBuilder x = new StringBuilder("<tls><keystore><path>")
                .append(esc(t.keystore().toAbsolutePath().toString()))
                .append("</path><password>")
                .append(esc(t.keystorePassword()))
                .append("</password><private-key-password>")
                .append(esc(t.privateKeyPassword()))
                .append("</private-key-password></keystore>");
        t.truststore().ifPresent(ts -> x.append("<truststore><path>")
                .append(esc(ts.toAbsolutePath().toString()))
                .append("</path><password>")
                .append(esc(t.truststorePassword()))
                .append("</password></truststore>"));
        x.append("<client-authentication-mode>")
                .append(t.clientAuthentication().name().toUpperCase(Locale.ROOT))
                .append("</client-authentication-mode></tls>");
        return x.toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
