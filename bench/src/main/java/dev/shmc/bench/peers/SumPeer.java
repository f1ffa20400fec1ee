package dev.shmc.bench.peers;

import dev.shmc.bench.harness.PeerMain;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Peer JVM of the ipc suite's copy-based baselines: receives doubles and answers their sum, over
 * and over until its input ends. Args: {@code TRANSPORT ENCODING}:
 * <ul>
 *   <li>{@code pipe data}: stdin/stdout; a long count, then the doubles with {@code DataInputStream.readDouble};</li>
 *   <li>{@code tcp data}: the same over a loopback TCP connection;</li>
 *   <li>{@code tcp nio}: a SocketChannel and a direct buffer, doubles read in bulk through a DoubleBuffer view;</li>
 *   <li>{@code pipe serial}: an int count of arrays, then {@code double[]} objects with {@code ObjectInputStream}.</li>
 * </ul>
 * The answer is the sum as one big-endian double. A TCP peer prints its port first.
 */
public final class SumPeer {
    private static final int BUFFER = 1 << 16;
    private static final int NIO_BUFFER = 1 << 20;

    private SumPeer() {
    }

    public static void main(String[] args) throws Exception {
        PeerMain.startWatchdog();
        String transport = args[0];
        String encoding = args[1];
        if (transport.equals("pipe")) {
            serve(encoding, new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        } else if (encoding.equals("nio")) {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
                System.out.flush();
                try (SocketChannel ch = server.accept()) {
                    serveNio(ch);
                }
            }
        } else {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                System.out.println(server.getLocalPort());
                System.out.flush();
                try (Socket s = server.accept()) {
                    s.setTcpNoDelay(true);
                    serve(encoding, s.getInputStream(), s.getOutputStream());
                }
            }
        }
    }

    private static void serve(String encoding, InputStream rawIn, OutputStream rawOut) throws IOException, ClassNotFoundException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(rawOut, 64));
        InputStream in = new BufferedInputStream(rawIn, BUFFER);
        if (encoding.equals("serial")) {
            ObjectInputStream objects = new ObjectInputStream(in);
            while (true) {
                int arrays;
                try {
                    arrays = objects.readInt();
                } catch (EOFException e) {
                    return;
                }
                double sum = 0;
                for (int a = 0; a < arrays; a++) {
                    double[] values = (double[]) objects.readObject();
                    sum += sumOf(values);
                }
                out.writeDouble(sum);
                out.flush();
            }
        }
        DataInputStream data = new DataInputStream(in);
        while (true) {
            long count;
            try {
                count = data.readLong();
            } catch (EOFException e) {
                return;
            }
            double sum = 0;
            for (long i = 0; i < count; i++) {
                sum += data.readDouble();
            }
            out.writeDouble(sum);
            out.flush();
        }
    }

    private static double sumOf(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    private static void serveNio(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(NIO_BUFFER).order(ByteOrder.nativeOrder());
        ByteBuffer header = ByteBuffer.allocate(8);
        ByteBuffer answer = ByteBuffer.allocate(8);
        while (true) {
            header.clear();
            if (!readFully(ch, header)) {
                return;
            }
            long bytes = header.getLong(0) * 8;
            double sum = 0;
            buf.clear();
            while (bytes > 0) {
                if (buf.remaining() > bytes) {
                    buf.limit(buf.position() + (int) bytes);
                }
                int r = ch.read(buf);
                if (r < 0) {
                    throw new EOFException("sender closed mid-array");
                }
                bytes -= r;
                buf.flip();
                DoubleBuffer d = buf.asDoubleBuffer();
                int n = d.remaining();
                for (int i = 0; i < n; i++) {
                    sum += d.get(i);
                }
                buf.position(buf.position() + n * 8);
                buf.compact();
            }
            answer.clear();
            answer.putDouble(0, sum);
            while (answer.hasRemaining()) {
                ch.write(answer);
            }
        }
    }

    private static boolean readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                if (b.position() == 0) {
                    return false;
                }
                throw new EOFException("sender closed mid-header");
            }
        }
        return true;
    }
}
