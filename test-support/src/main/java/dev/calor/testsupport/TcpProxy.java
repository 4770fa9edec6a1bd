package dev.calor.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay on a free 127.0.0.1 port that a test controls, to cut the network between two components:
 * {@link #cut()} drops every connection and refuses new ones (as a pulled cable, seen by both ends as a reset),
 * {@link #restore()} accepts again. {@link #holdReplies()} keeps the connections open but stops relaying what the
 * target sends back (a half-open link, or a server that stopped answering) until {@link #releaseReplies()}, which
 * delivers the held bytes in order. {@link #close()} stops it.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean closed;
    private final Object replies = new Object();
    private boolean repliesHeld;

    private TcpProxy(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    /** Listens on a free loopback port and relays every connection to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort, FreePorts.next());
        proxy.listen();
        return proxy;
    }

    public int port() {
        return port;
    }

    public synchronized boolean isCut() {
        return server == null;
    }

    /** Drops every relayed connection and stops listening: connecting is refused until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(server);
        server = null;
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0); // reset, not an orderly close
            } catch (IOException ignored) {
                // already closed
            }
            closeQuietly(socket);
        }
        open.clear();
        LOG.info("proxy {} -> {}:{} cut", port, targetHost, targetPort);
    }

    /** From now on, bytes from the target wait in the proxy (the connections stay open). */
    public void holdReplies() {
        synchronized (replies) {
            repliesHeld = true;
        }
        LOG.info("proxy {} -> {}:{} holds replies", port, targetHost, targetPort);
    }

    /** Relays the held bytes from the target, and everything after them, again. */
    public void releaseReplies() {
        synchronized (replies) {
            repliesHeld = false;
            replies.notifyAll();
        }
        LOG.info("proxy {} -> {}:{} relays replies again", port, targetHost, targetPort);
    }

    private void awaitReplies() throws InterruptedException {
        synchronized (replies) {
            while (repliesHeld && !closed) {
                replies.wait(100);
            }
        }
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (server == null && !closed) {
            listen();
            LOG.info("proxy {} -> {}:{} restored", port, targetHost, targetPort);
        }
    }

    private synchronized void listen() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket target;
                try {
                    target = new Socket(targetHost, targetPort);
                } catch (IOException refused) {
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                synchronized (this) {
                    if (server != listening) {
                        closeQuietly(client);
                        closeQuietly(target);
                        return;
                    }
                    open.add(client);
                    open.add(target);
                }
                pump(client, target, false);
                pump(target, client, true);
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    LOG.warn("proxy {} accept failed", port, e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean reply) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (reply) {
                                awaitReplies();
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException ended) {
                        // the other direction or cut() closed the sockets
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is all that is wanted
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        releaseReplies();
        cut();
    }
}
