package dev.shmc.engine.cli;

import dev.shmc.engine.coordinator.BackgroundJobStore;
import dev.shmc.engine.coordinator.ChronicleJobStore;
import dev.shmc.engine.coordinator.JobStore;
import java.util.function.Consumer;

/**
 * Opens the job registry the CLI records jobs in: a {@link ChronicleJobStore} in the state
 * directory ({@link dev.shmc.engine.coordinator.StateDirectory}). Its warnings (a full registry)
 * go to stderr as {@code shmc: warning: ...} lines. A new job runs unrecorded, with a warning, when
 * the registry cannot be opened; a resumed one fails.
 */
final class Registry {
    private Registry() {
    }

    /**
     * The registry; {@code resume} (may be null) must name a job in it. Whether the resumed run
     * matches that job (kernel, range, parameters, seed, chunk size) is checked when the job is
     * submitted (the coordinator refuses a mismatch with an {@link IllegalArgumentException}).
     *
     * @throws BadInputException when {@code resume} names no recorded job
     */
    static JobStore open(String resume) {
        Consumer<String> warnings = warning -> System.err.println("shmc: warning: " + warning);
        if (resume == null) {
            // A new job: the registry opens (a second or so of class loading in a fresh JVM) while
            // the workers start and the job runs; its writes follow in order.
            return new BackgroundJobStore(() -> {
                try {
                    return ChronicleJobStore.open(warnings);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(e.getMessage() + "; this job is not recorded", e);
                }
            }, warnings);
        }
        ChronicleJobStore store = ChronicleJobStore.open(warnings); // nothing to resume from without it
        if (store.find(resume).isEmpty()) {
            store.close();
            throw new BadInputException("no job " + resume + " in the registry (see 'shmc jobs')");
        }
        return store;
    }
}
