package dev.shmc.engine.cli;

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
        // Opened before the engine starts: Chronicle's start-up (a second or so of class loading in
        // a fresh JVM) then counts neither in the workers' start-up time nor in the job's.
        Consumer<String> warnings = warning -> System.err.println("shmc: warning: " + warning);
        ChronicleJobStore store;
        try {
            store = ChronicleJobStore.open(warnings);
        } catch (IllegalStateException e) {
            if (resume != null) {
                throw e; // nothing to resume from
            }
            warnings.accept(e.getMessage() + "; this job is not recorded");
            return JobStore.NONE;
        }
        if (resume != null && store.find(resume).isEmpty()) {
            store.close();
            throw new BadInputException("no job " + resume + " in the registry (see 'shmc jobs')");
        }
        return store;
    }
}
