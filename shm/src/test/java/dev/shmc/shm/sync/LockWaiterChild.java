package dev.shmc.shm.sync;

import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM: announces itself on READY, then waits up to {@code seconds} for the shared lock. Once
 * it has it, it records its PID in slot 0, releases the lock and exits 0; exits
 * {@link ChildMain#FAILED} if the wait timed out. Args: region seconds.
 */
public final class LockWaiterChild {
    private LockWaiterChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        long seconds = Long.parseLong(args[1]);
        try (TestSync sync = TestSync.attach(args[0])) {
            SharedLock lock = sync.lock();
            sync.ready().getAndAdd(1);
            if (!lock.tryLock(seconds, TimeUnit.SECONDS)) {
                ChildMain.fail("lock not acquired within " + seconds + " s; owner pid " + lock.ownerPid());
            }
            sync.slot(0).setVolatile(ProcessHandle.current().pid());
            System.out.println("ACQUIRED takeovers=" + lock.takeovers());
            lock.unlock();
        }
    }
}
