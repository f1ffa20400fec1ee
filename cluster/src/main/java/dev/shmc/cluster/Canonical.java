package dev.shmc.cluster;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;

/**
 * Feeds a message's fields into a MAC in one unambiguous encoding, independent of Hazelcast's
 * wire format: numbers as fixed-width big-endian bytes, strings (UTF-8) and arrays after their
 * length, null as length -1. No two different field sequences of one message type encode alike,
 * so a MAC binds every field. One per thread (it holds the thread's {@link Mac}).
 */
final class Canonical {
    private final Mac mac;
    private final byte[] scratch = new byte[Long.BYTES];

    Canonical(Mac mac) {
        this.mac = mac;
    }

    Canonical putInt(int v) {
        for (int i = 0; i < Integer.BYTES; i++) {
            scratch[i] = (byte) (v >>> (24 - 8 * i));
        }
        mac.update(scratch, 0, Integer.BYTES);
        return this;
    }

    Canonical putLong(long v) {
        for (int i = 0; i < Long.BYTES; i++) {
            scratch[i] = (byte) (v >>> (56 - 8 * i));
        }
        mac.update(scratch, 0, Long.BYTES);
        return this;
    }

    /** The exact bits, so that -0.0, NaNs and every double are told apart. */
    Canonical putDouble(double v) {
        return putLong(Double.doubleToRawLongBits(v));
    }

    Canonical putString(String s) {
        return putBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    Canonical putBytes(byte[] b) {
        if (b == null) {
            return putInt(-1);
        }
        putInt(b.length);
        mac.update(b);
        return this;
    }

    Canonical putLongs(long[] v) {
        if (v == null) {
            return putInt(-1);
        }
        putInt(v.length);
        for (long x : v) {
            putLong(x);
        }
        return this;
    }

    /** The MAC of everything put since the last call; the Mac is ready for the next message. */
    byte[] finish() {
        return mac.doFinal();
    }
}
