package dev.shmc.bench.peers;

import dev.shmc.bench.harness.PeerMain;

/** Peer JVM of the shared-memory round trip: attaches to the {@link PingPong} region {@code args[0]} and echoes until told to stop. */
public final class PingPongPeer {
    private PingPongPeer() {
    }

    public static void main(String[] args) {
        PeerMain.startWatchdog();
        try (PingPong pp = PingPong.attach(args[0])) {
            System.out.println("ready");
            System.out.flush();
            pp.echoUntilStopped(20L * 60 * 1_000_000_000L);
        }
    }
}
