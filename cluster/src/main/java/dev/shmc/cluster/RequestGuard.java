package dev.shmc.cluster;

/**
 * A member's check of every request before it acts on it: the MAC under the cluster key, the
 * timestamp within {@link ClusterConfig#REQUEST_WINDOW_MS} of the member's clock, the nonce not
 * seen before. In that order: only a request that verifies can take a place among the nonces,
 * so forged ones cannot fill it. Thread-safe.
 */
final class RequestGuard {
    private final ClusterKey key;
    private final String cluster;
    private final long windowMillis;
    private final int noncesRemembered;
    private final NonceCache nonces;

    RequestGuard(ClusterKey key, String cluster, long windowMillis, int noncesRemembered) {
        this.key = key;
        this.cluster = cluster;
        this.windowMillis = windowMillis;
        this.noncesRemembered = noncesRemembered;
        this.nonces = new NonceCache(noncesRemembered, 2 * windowMillis);
    }

    RequestGuard(ClusterKey key, String cluster) {
        this(key, cluster, ClusterConfig.REQUEST_WINDOW_MS, ClusterConfig.NONCES_REMEMBERED);
    }

    /**
     * Null when {@code request} may be acted on (its nonce is remembered from now on), else why it
     * must be dropped, in a few words for the member's log.
     */
    String check(Sealed request, long nowMillis) {
        Seal s = request.seal();
        if (s == null || s.mac == null) {
            return "no MAC";
        }
        if (!key.verifies(cluster, request)) {
            return "bad MAC";
        }
        if (s.millis < nowMillis - windowMillis || s.millis > nowMillis + windowMillis) {
            long off = s.millis - nowMillis;
            return String.format("timestamp %.0f s %s this member's clock, allowed: %.0f s; are the hosts' clocks in step?",
                    Math.abs(off) / 1000.0, off < 0 ? "behind" : "ahead of", windowMillis / 1000.0);
        }
        return switch (nonces.admit(s.nonceHigh, s.nonceLow, nowMillis)) {
            case NEW -> null;
            case SEEN -> "replayed: its nonce was seen before";
            case FULL -> "over " + noncesRemembered + " requests within " + 2 * windowMillis / 1000
                    + " s; this member takes more when older ones expire";
        };
    }
}
