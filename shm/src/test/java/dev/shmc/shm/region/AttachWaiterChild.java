package dev.shmc.shm.region;

import dev.shmc.shm.support.Await;
import dev.shmc.shm.support.ChildMain;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child JVM: attaches to {@code path} in a second thread and, once that thread is parked waiting
 * for the header to be published, prints WAITING_FOR_HEADER; prints ATTACHED and the region's name
 * when the attach returns. Run it with a long {@code -Dshmc.attachDeadlineMs}. Args: path.
 */
public final class AttachWaiterChild {
    private AttachWaiterChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChildMain.startWatchdog();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread attacher = Thread.ofPlatform().start(() -> {
            try (SharedRegion region = SharedRegion.attach(Path.of(args[0]), false)) {
                result.set(region.name());
            } catch (RuntimeException e) {
                result.set(e);
            }
        });
        // the only place attach parks is the wait for the version
        Await.await("the attacher to wait for the header",
                () -> attacher.getState() == Thread.State.TIMED_WAITING || !attacher.isAlive());
        System.out.println("WAITING_FOR_HEADER");
        attacher.join();
        if (result.get() instanceof RuntimeException e) {
            e.printStackTrace();
            ChildMain.fail("attach failed: " + e);
        }
        System.out.println("ATTACHED " + result.get());
    }
}
