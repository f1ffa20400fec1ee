package dev.shmc.shm.sync;

import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;

/** Child JVM: adds 1 to the shared counter {@code adds} times. Args: region adds. */
public final class CounterAdderChild {
    private CounterAdderChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        long adds = Long.parseLong(args[1]);
        try (TestSync sync = TestSync.attach(args[0])) {
            SharedCounter counter = sync.counter();
            sync.readyThenAwaitGo();
            for (long i = 0; i < adds; i++) {
                counter.getAndAdd(1);
            }
        }
    }
}
