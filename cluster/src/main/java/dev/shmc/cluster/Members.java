package dev.shmc.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import dev.shmc.engine.api.Mode;

/** Small helpers about members: their address as text, their engine from their attributes, a one-line error text. */
final class Members {
    private Members() {
    }

    /** {@code host:port} of a member (its address in the cluster). */
    static String address(Member m) {
        Address a = m.getAddress();
        String host = a.getHost();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Workers of a member's engine (0 if it did not say: not an shmc member). */
    static int workers(Member m) {
        try {
            return Integer.parseInt(m.getAttribute(HazelcastConfigs.ATTR_WORKERS));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Mode of a member's engine (PROCESSES if it did not say). */
    static Mode mode(Member m) {
        String mode = m.getAttribute(HazelcastConfigs.ATTR_MODE);
        return mode == null ? Mode.PROCESSES : Mode.valueOf(mode.toUpperCase());
    }

    /** The first line of an exception's message, with its class when it has none. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
