package dev.shmc.bench.peers;

import dev.shmc.bench.harness.BenchConfig;
import dev.shmc.bench.harness.PeerMain;
import dev.shmc.kernels.primes.MillerRabin;
import dev.shmc.shm.queue.SharedQueue;
import dev.shmc.shm.sync.IdleStrategy;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A worker of the book's queue of work: takes candidate numbers, tests them (deterministic
 * Miller-Rabin), puts the primes out; on a {@link #POISON_PILL} it puts {@link #DONE} out and
 * waits for the next round; {@link #SHUTDOWN} (or the end of its input) ends it. Args:
 * <ul>
 *   <li>{@code shm IN OUT}: two {@link SharedQueue} regions; a line on stdin starts each round, its end ends the worker;</li>
 *   <li>{@code pipe serial} / {@code tcp serial}: each number as a serialized {@code Long}, one flush per message;</li>
 *   <li>{@code pipe data}: longs with DataOutputStream, flushed only at the end of a round (batched streaming).</li>
 * </ul>
 */
public final class QueuePeer {
    public static final long POISON_PILL = -1;
    public static final long DONE = -2;
    public static final long SHUTDOWN = -3;
    private static final long EMPTY = Long.MIN_VALUE;

    private QueuePeer() {
    }

    public static void main(String[] args) throws Exception {
        PeerMain.startWatchdog();
        switch (args[0]) {
            case "shm" -> shm(args[1], args[2]);
            case "pipe" -> streams(args[1], new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
            case "tcp" -> {
                try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    System.out.println(server.getLocalPort());
                    System.out.flush();
                    try (Socket s = server.accept()) {
                        s.setTcpNoDelay(true);
                        streams(args[1], s.getInputStream(), s.getOutputStream());
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown transport " + args[0]);
        }
    }

    /**
     * A round starts when a line arrives on stdin (control only, never data): after its poison
     * pill a worker takes nothing more until the next round, so that it cannot swallow the pill
     * of another worker that is still busy.
     */
    private static void shm(String inName, String outName) throws IOException {
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (SharedQueue in = SharedQueue.attach(inName); SharedQueue out = SharedQueue.attach(outName)) {
            System.out.println("ready");
            System.out.flush();
            IdleStrategy idle = BenchConfig.queueIdle();
            while (control.readLine() != null) {
                while (true) {
                    long v = in.poll(EMPTY);
                    if (v == EMPTY) {
                        idle.idle();
                        continue;
                    }
                    idle.reset();
                    if (v == POISON_PILL) {
                        put(out, DONE);
                        break;
                    }
                    if (MillerRabin.isPrime(v)) {
                        put(out, v);
                    }
                }
            }
        }
    }

    /** Offers, backing off while the queue is full. */
    public static void put(SharedQueue q, long v) {
        if (q.offer(v)) {
            return;
        }
        IdleStrategy idle = BenchConfig.queueIdle();
        while (!q.offer(v)) {
            idle.idle();
        }
    }

    private static void streams(String encoding, InputStream rawIn, OutputStream rawOut) throws IOException, ClassNotFoundException {
        if (encoding.equals("serial")) {
            ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(rawOut, 1 << 12));
            out.flush();
            ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(rawIn, 1 << 12));
            while (true) {
                long v;
                try {
                    v = (Long) in.readObject();
                } catch (EOFException e) {
                    return;
                }
                if (v == SHUTDOWN) {
                    return;
                }
                if (v == POISON_PILL || MillerRabin.isPrime(v)) {
                    out.writeObject(v == POISON_PILL ? DONE : v);
                    out.reset();
                    out.flush();
                }
            }
        }
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(rawOut, 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn, 1 << 16));
        while (true) {
            long v;
            try {
                v = in.readLong();
            } catch (EOFException e) {
                return;
            }
            if (v == SHUTDOWN) {
                return;
            }
            if (v == POISON_PILL) {
                out.writeLong(DONE);
                out.flush();
            } else if (MillerRabin.isPrime(v)) {
                out.writeLong(v);
            }
        }
    }
}
