package dev.shmc.bench.workloads;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socket flag of the flag study: a loopback TCP server that relays a stop message from one
 * worker to every worker connected for the same job (and to those that connect after it). A
 * worker opens with its job's epoch (8 bytes), so that a stop message of an earlier job that
 * arrives late stops nobody in the next one.
 */
public final class FlagServer implements AutoCloseable {
    private final ServerSocket server;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final Set<Long> raised = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final AtomicLong epochs = new AtomicLong();
    private volatile boolean closed;

    private record Client(Socket socket, long epoch) {
    }

    public FlagServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("flag-server").start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A new epoch for the next job: its flag is down. */
    public long nextEpoch() {
        clients.removeIf(c -> c.socket().isClosed());
        return epochs.incrementAndGet();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("flag-server-client").start(() -> read(s));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("flag server: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void read(Socket s) {
        Client me = null;
        try (DataInputStream in = new DataInputStream(s.getInputStream())) {
            me = new Client(s, in.readLong());
            clients.add(me);
            if (raised.contains(me.epoch())) {
                send(s);
            }
            while (in.read() >= 0) {
                raised.add(me.epoch());
                for (Client other : clients) {
                    if (other != me && other.epoch() == me.epoch()) {
                        send(other.socket());
                    }
                }
            }
        } catch (SocketException | java.io.EOFException ignored) {
            // the worker closed its end
        } catch (IOException e) {
            System.err.println("flag server: " + e.getMessage());
        } finally {
            if (me != null) {
                clients.remove(me);
            }
        }
    }

    private static void send(Socket s) {
        try {
            s.getOutputStream().write(1);
            s.getOutputStream().flush();
        } catch (IOException ignored) {
            // that worker is done already
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Client c : clients) {
            c.socket().close();
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
