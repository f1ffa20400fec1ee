package dev.shmc.shm.sync;

import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Child JVM: one party of the shared barrier for {@code rounds} rounds. In round r it writes r to
 * its own slot, awaits the barrier, then checks that every party's slot is r or r + 1 (all have
 * arrived in round r; none can be two rounds ahead). Args: region party parties rounds.
 */
public final class BarrierPartyChild {
    private BarrierPartyChild() {
    }

    public static void main(String[] args) throws TimeoutException {
        ChildMain.startWatchdog();
        int party = Integer.parseInt(args[1]);
        int parties = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        try (TestSync sync = TestSync.attach(args[0])) {
            SharedBarrier barrier = sync.barrier(parties);
            SharedCounter mine = sync.slot(party);
            for (long round = 1; round <= rounds; round++) {
                mine.setRelease(round);
                barrier.await(60, TimeUnit.SECONDS);
                for (int other = 0; other < parties; other++) {
                    long seen = sync.slot(other).getAcquire();
                    if (seen < round || seen > round + 1) {
                        ChildMain.fail("party " + party + " passed round " + round + " but party " + other + " is at " + seen);
                    }
                }
            }
        }
    }
}
