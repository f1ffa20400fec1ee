package dev.shmc.bench.peers;

import dev.shmc.bench.harness.PeerMain;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * Peer JVM of the socket dispatch baseline: a loopback TCP server that answers each request (a
 * {@link #REQUEST_BYTES}-byte job: sequence, kernel id, from, to) with a {@link #RESPONSE_BYTES}-byte
 * result (sequence, units), the same round trip as an empty job through the engine. Prints its
 * port, serves one connection until it closes.
 */
public final class EchoPeer {
    public static final int REQUEST_BYTES = 32;
    public static final int RESPONSE_BYTES = 16;

    private EchoPeer() {
    }

    public static void main(String[] args) throws IOException {
        PeerMain.startWatchdog();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println(server.getLocalPort());
            System.out.flush();
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                byte[] request = new byte[REQUEST_BYTES];
                ByteBuffer response = ByteBuffer.allocate(RESPONSE_BYTES);
                while (true) {
                    try {
                        in.readFully(request);
                    } catch (EOFException e) {
                        return;
                    }
                    ByteBuffer req = ByteBuffer.wrap(request);
                    long seq = req.getLong(0);
                    long from = req.getLong(16);
                    long to = req.getLong(24);
                    response.clear();
                    response.putLong(seq).putLong(to - from);
                    out.write(response.array());
                    out.flush();
                }
            }
        }
    }

    /** The client side: one connection, one request/response at a time. */
    public static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] request = new byte[REQUEST_BYTES];
        private final byte[] response = new byte[RESPONSE_BYTES];
        private long seq;

        public Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        /** Sends the next request (does not wait). */
        public void send() throws IOException {
            ByteBuffer b = ByteBuffer.wrap(request);
            b.putLong(0, ++seq).putLong(8, 1).putLong(16, 0).putLong(24, 1);
            out.write(request);
            out.flush();
        }

        /** Waits for the answer to the last request. */
        public void receive() throws IOException {
            int n = 0;
            while (n < RESPONSE_BYTES) {
                int r = in.read(response, n, RESPONSE_BYTES - n);
                if (r < 0) {
                    throw new EOFException("echo peer closed the connection");
                }
                n += r;
            }
            if (ByteBuffer.wrap(response).getLong(0) != seq) {
                throw new IOException("echo peer answered out of order");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
