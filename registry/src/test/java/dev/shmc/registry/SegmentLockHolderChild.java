package dev.shmc.registry;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;

/**
 * A process killed inside a registry write: takes the registry's lock shared, as every registry
 * call does, then the write lock of the segment of a checkpoint key through Chronicle's API,
 * prints {@code LOCKED} and waits to be SIGKILLed. Arguments: state directory, checkpoint key.
 */
public final class SegmentLockHolderChild {
    private SegmentLockHolderChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        RegistryLock lock = RegistryLock.open(dir);
        RegistryLock.Hold shared = lock.shared(TimeUnit.SECONDS.toNanos(30));
        if (shared == null) {
            throw new IllegalStateException("the registry lock stayed taken");
        }
        ChronicleMap<String, byte[]> map = ChronicleMap.of(String.class, byte[].class).entries(64).averageKey(args[1])
                .averageValueSize(24).skipCloseOnExitHook(true)
                .createPersistedTo(dir.resolve(ChronicleJobStore.CHECKPOINTS_FILE).toFile());
        ExternalMapQueryContext<String, byte[], ?> context = map.queryContext(args[1]);
        context.writeLock().lock();
        System.out.println("LOCKED " + context.segmentIndex());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
