package dev.shmc.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * What authenticates one message: a random 128-bit nonce, the sender's clock (epoch
 * milliseconds) and the MAC. A request has a nonce of its own, which a member accepts once
 * within {@link ClusterConfig#REQUEST_WINDOW_MS} of its timestamp; an answer carries the nonce of
 * the request it answers, so that it cannot stand for the answer to another request.
 */
final class Seal {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** MACs are HMAC-SHA256 (32 bytes); a longer one is refused while it is read. */
    private static final int MAX_MAC_BYTES = 64;

    final long nonceHigh;
    final long nonceLow;
    final long millis;
    byte[] mac;

    Seal(long nonceHigh, long nonceLow, long millis) {
        this.nonceHigh = nonceHigh;
        this.nonceLow = nonceLow;
        this.millis = millis;
    }

    /** A new request's seal: a fresh nonce, now. */
    static Seal fresh() {
        return new Seal(RANDOM.nextLong(), RANDOM.nextLong(), System.currentTimeMillis());
    }

    /** The seal of an answer to {@code request}: its nonce, now. */
    static Seal answering(Seal request) {
        return new Seal(request.nonceHigh, request.nonceLow, System.currentTimeMillis());
    }

    boolean sameNonce(Seal other) {
        return other != null && nonceHigh == other.nonceHigh && nonceLow == other.nonceLow;
    }

    void feed(Canonical c) {
        c.putLong(nonceHigh).putLong(nonceLow).putLong(millis);
    }

    static void write(ObjectDataOutput out, Seal s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeLong(s.nonceHigh);
            out.writeLong(s.nonceLow);
            out.writeLong(s.millis);
            out.writeInt(s.mac == null ? -1 : s.mac.length);
            if (s.mac != null) {
                out.write(s.mac);
            }
        }
    }

    static Seal read(ObjectDataInput in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        Seal s = new Seal(in.readLong(), in.readLong(), in.readLong());
        int n = in.readInt();
        // read here, not with readByteArray: a forged length must not make the member allocate gigabytes
        if (n < -1 || n > MAX_MAC_BYTES) {
            throw new IOException("a MAC of " + n + " bytes");
        }
        if (n >= 0) {
            s.mac = new byte[n];
            in.readFully(s.mac);
        }
        return s;
    }

    @Override
    public String toString() {
        return String.format("%016x%016x@%d", nonceHigh, nonceLow, millis);
    }
}
