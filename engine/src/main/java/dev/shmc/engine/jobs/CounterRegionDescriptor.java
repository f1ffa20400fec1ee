package dev.shmc.engine.jobs;

import dev.shmc.shm.sync.SharedCounter;
import dev.shmc.shm.sync.SharedLock;

/**
 * Layout of the payload of a counter region ({@code shmc counter}): one counter and one lock, each
 * in its own two cache lines so that the lock word and the counter do not share a line.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        Counter (long)                         |    0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                  padding to 2 cache lines                   ...    8
 *  +---------------------------------------------------------------+
 *  |            SharedLock (owner token, identity, takeovers)    ...  128
 *  +---------------------------------------------------------------+
 *  |                  padding to 2 cache lines                   ...
 *  +---------------------------------------------------------------+  256
 * </pre>
 *
 * The creator (the {@code counter} command) zero-fills it by creating the region; workers attach
 * by name. Which of the two words a run uses depends on its {@code --sync}.
 */
public final class CounterRegionDescriptor {
    private CounterRegionDescriptor() {
    }

    public static final int COUNTER_OFFSET = 0;
    public static final int LOCK_OFFSET = COUNTER_OFFSET + SharedCounter.SIZE;
    /** Payload bytes of a counter region. */
    public static final int LENGTH = LOCK_OFFSET + SharedLock.SIZE;
}
