package dev.shmc.shm.sync;

import dev.shmc.shm.support.Await;
import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;

/**
 * Child JVM for flag visibility. {@code raise}: writes {@code value} plainly to long A, then
 * raises FLAG. {@code watch}: waits for FLAG, checks that A holds {@code value} (published before
 * the flag), then raises ACK with the value it read. Args: region raise|watch value.
 */
public final class FlagChild {
    private FlagChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        long value = Long.parseLong(args[2]);
        try (TestSync sync = TestSync.attach(args[0])) {
            switch (args[1]) {
                case "raise" -> {
                    sync.setA(value);
                    sync.flag().setRelease();
                }
                case "watch" -> {
                    TestSync.awaitFlag(sync.flag(), Await.LONG_ENOUGH);
                    long seen = sync.a();
                    sync.ack().setRelease(seen == 0 ? -1 : seen);
                    if (seen != value) {
                        ChildMain.fail("saw the flag but A = " + seen + ", expected " + value);
                    }
                }
                default -> throw new IllegalArgumentException("raise or watch: " + args[1]);
            }
        }
    }
}
