package dev.shmc.bench.peers;

import dev.shmc.shm.ShmConfig;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.region.SharedRegion;
import dev.shmc.shm.sync.SharedCounter;
import dev.shmc.shm.sync.SharedFlag;

/**
 * Two counters and a stop flag in a small region, for a round trip between two JVMs through
 * shared memory: the caller release-stores a new value in PING; the {@link PingPongPeer} sees it
 * (acquire) and release-stores it in PONG; the caller sees it come back. Each word on its own
 * padded line.
 *
 * <pre>
 *   PING counter (128 B) | PONG counter (128 B) | STOP flag (128 B)
 * </pre>
 */
public final class PingPong implements AutoCloseable {
    public static final long PING_OFFSET = 0;
    public static final long PONG_OFFSET = PING_OFFSET + SharedCounter.SIZE;
    public static final long STOP_OFFSET = PONG_OFFSET + SharedCounter.SIZE;
    public static final long LENGTH = STOP_OFFSET + ShmConfig.PADDED_WORD;

    private final SharedRegion region;
    private final SharedCounter ping;
    private final SharedCounter pong;
    private final SharedFlag stop;
    private long seq;

    private PingPong(SharedRegion region) {
        this.region = region;
        this.ping = new SharedCounter(region.payload(), PING_OFFSET);
        this.pong = new SharedCounter(region.payload(), PONG_OFFSET);
        this.stop = new SharedFlag(region.payload(), STOP_OFFSET);
    }

    /** Creates the region {@code name} in the default region directory. */
    public static PingPong create(String name) {
        return new PingPong(SharedRegion.create(name, RegionDescriptor.KIND_SYNC, LENGTH));
    }

    public static PingPong attach(String name) {
        return new PingPong(SharedRegion.attach(name));
    }

    public String name() {
        return region.name();
    }

    /**
     * One round trip: publish the next value, spin until the peer echoes it. Gives up (returns
     * false) after {@code timeoutNanos}, so a dead peer cannot hang the caller.
     */
    public boolean roundTrip(long timeoutNanos) {
        long v = ++seq;
        ping.setRelease(v);
        long deadline = System.nanoTime() + timeoutNanos;
        int spins = 0;
        while (pong.getAcquire() != v) {
            Thread.onSpinWait();
            if ((++spins & 0xFFF) == 0 && System.nanoTime() - deadline >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The peer's side: echo PING into PONG until STOP is raised or {@code maxNanos} passed. */
    public void echoUntilStopped(long maxNanos) {
        long last = pong.getAcquire();
        long end = System.nanoTime() + maxNanos;
        int spins = 0;
        while (true) {
            long v = ping.getAcquire();
            if (v != last) {
                // release: the caller's acquire of PONG sees the value after everything before it
                pong.setRelease(v);
                last = v;
                continue;
            }
            Thread.onSpinWait();
            if ((++spins & 0x3FF) == 0 && (stop.isSet() || System.nanoTime() - end >= 0)) {
                return;
            }
        }
    }

    /** Tells the peer to stop. */
    public void stopPeer() {
        stop.setRelease();
    }

    @Override
    public void close() {
        region.close();
    }
}
