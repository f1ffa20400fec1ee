package dev.shmc.cluster;

import java.util.ArrayDeque;
import java.util.HashSet;

/**
 * The nonces of the requests a member accepted recently, to drop a request seen before (a
 * replay). A nonce is kept for {@code keepMillis} after it arrived, which must be at least the
 * longest time a request stays acceptable (twice the timestamp window: a timestamp may be ahead
 * of the member's clock by up to one window, and is accepted until one window after it). Memory
 * is bounded: with {@code capacity} nonces kept, {@link #admit} refuses new ones until old ones
 * expire, rather than forgetting one early and letting its replay through. Thread-safe.
 */
final class NonceCache {
    /** What {@link #admit} says of a nonce. */
    enum Verdict {
        /** Not seen within the time: remembered now. */
        NEW,
        /** Seen before: a replay. */
        SEEN,
        /** Not seen, but the cache is full: refused, not remembered. */
        FULL
    }

    private record Nonce(long high, long low) {
    }

    private record Arrival(Nonce nonce, long millis) {
    }

    private final int capacity;
    private final long keepMillis;
    /** In order of arrival, so that expired ones are at the head. */
    private final ArrayDeque<Arrival> arrivals = new ArrayDeque<>();
    private final HashSet<Nonce> kept = new HashSet<>();

    NonceCache(int capacity, long keepMillis) {
        if (capacity < 1 || keepMillis < 0) {
            throw new IllegalArgumentException("capacity " + capacity + ", keep " + keepMillis + " ms");
        }
        this.capacity = capacity;
        this.keepMillis = keepMillis;
    }

    /** Admits the nonce {@code (high, low)} arriving at {@code nowMillis} (the member's clock) if it is new and there is room. */
    synchronized Verdict admit(long high, long low, long nowMillis) {
        while (!arrivals.isEmpty() && nowMillis - arrivals.peekFirst().millis() > keepMillis) {
            kept.remove(arrivals.pollFirst().nonce());
        }
        Nonce n = new Nonce(high, low);
        if (kept.contains(n)) {
            return Verdict.SEEN;
        }
        if (kept.size() >= capacity) {
            return Verdict.FULL;
        }
        kept.add(n);
        arrivals.addLast(new Arrival(n, nowMillis));
        return Verdict.NEW;
    }

    /** Nonces kept now. */
    synchronized int size() {
        return kept.size();
    }
}
