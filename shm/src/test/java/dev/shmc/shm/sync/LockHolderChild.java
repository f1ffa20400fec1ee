package dev.shmc.shm.sync;

import dev.shmc.shm.region.Processes;
import dev.shmc.shm.support.ChildMain;
import dev.shmc.shm.support.TestSync;

/** Child JVM: takes the shared lock, raises FLAG with its PID and holds the lock until killed. Args: region. */
public final class LockHolderChild {
    private LockHolderChild() {
    }

    public static void main(String[] args) {
        ChildMain.startWatchdog();
        TestSync sync = TestSync.attach(args[0]);
        sync.lock().lock();
        sync.flag().setRelease(Processes.selfPid());
        System.out.println("HOLDING");
        ChildMain.parkForever();
    }
}
