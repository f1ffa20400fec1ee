package dev.shmc.registry;

import dev.shmc.engine.api.JobStore.JobRecord;
import java.nio.file.Path;

/**
 * Lists a registry from its own JVM, for the multi-process tests. Argument: state directory.
 * Prints its warnings as {@code STORE-WARNING ...}, then {@code LISTED} and the job ids.
 */
public final class RegistryReaderChild {
    private RegistryReaderChild() {
    }

    public static void main(String[] args) {
        try (ChronicleJobStore store = new ChronicleJobStore(Path.of(args[0]), w -> System.out.println("STORE-WARNING " + w))) {
            System.out.println("LISTED" + store.list().stream().map(JobRecord::id).map(id -> " " + id).reduce("", String::concat));
        }
    }
}
