package dev.shmc.cli;

import dev.shmc.engine.api.JobStore;
import dev.shmc.registry.BackgroundJobStore;
import dev.shmc.registry.ChronicleJobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Opens the job registry the CLI records jobs in: a {@link ChronicleJobStore} in the state
 * directory ({@link dev.shmc.engine.config.StateDirectory}). Its warnings (a full registry,
 * a damaged one moved aside, a lock of a dead process released) go to stderr as
 * {@code shmc: warning: ...} lines. A new job runs unrecorded, with a warning, when the registry
 * cannot be opened; a resumed one fails.
 */
final class Registry {
    private Registry() {
    }

    /**
     * The registry; {@code resume} (may be null) must name a job in it. Whether the resumed run
     * matches that job (kernel, range, parameters, seed, chunk size) is checked when the job is
     * submitted (the coordinator refuses a mismatch with an {@link IllegalArgumentException}).
     *
     * @throws BadInputException when {@code resume} names no recorded job (one line; when the
     *                           registry was found damaged and replaced, that line says so)
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
        // Nothing to resume from without it. The open's warnings wait for the job's lookup: a job
        // missing from a registry that was just replaced is one line that says both.
        Deferred deferred = new Deferred(warnings);
        ChronicleJobStore store = ChronicleJobStore.open(deferred);
        if (store.find(resume).isEmpty()) {
            store.close();
            String damaged = store.movedAside().orElse(null);
            deferred.flushExcept(damaged);
            throw new BadInputException("no job " + resume + " in the registry"
                    + (damaged != null ? ": " + damaged : " (see 'shmc jobs')"));
        }
        deferred.flushExcept(null);
        return store;
    }

    /** Holds warnings back until {@link #flushExcept}, then passes them on. */
    private static final class Deferred implements Consumer<String> {
        private final Consumer<String> target;
        private List<String> held = new ArrayList<>();

        Deferred(Consumer<String> target) {
            this.target = target;
        }

        @Override
        public void accept(String warning) {
            synchronized (this) {
                if (held != null) {
                    held.add(warning);
                    return;
                }
            }
            target.accept(warning);
        }

        /** Passes on the held warnings but {@code skip}; later ones go straight through. */
        void flushExcept(String skip) {
            List<String> flushed;
            synchronized (this) {
                flushed = held;
                held = null;
            }
            for (String w : flushed) {
                if (!w.equals(skip)) {
                    target.accept(w);
                }
            }
        }
    }
}
