package dev.shmc.registry;

import dev.shmc.engine.api.JobStatus;
import java.nio.file.Path;

/**
 * Writes jobs and checkpoints into a registry from its own JVM, for the multi-process test.
 * Arguments: state directory, job id prefix, job count, chunks per job. Prints {@code DONE}.
 */
public final class RegistryWriterChild {
    private RegistryWriterChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        int chunks = Integer.parseInt(args[3]);
        try (ChronicleJobStore store = new ChronicleJobStore(dir, w -> System.out.println("STORE-WARNING " + w))) {
            for (int i = 0; i < count; i++) {
                String id = prefix + "-" + i;
                store.started(ChronicleJobStoreTest.record(id, chunks, System.currentTimeMillis()));
                for (int c = 0; c < chunks; c++) {
                    store.chunkDone(id, c, new long[] {i, c});
                }
                store.finished(id, JobStatus.CANCELLED, chunks, "[" + i + "]", System.currentTimeMillis());
            }
        }
        System.out.println("DONE");
    }
}
