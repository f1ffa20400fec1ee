package dev.shmc.engine.cli;

import dev.shmc.engine.coordinator.JobStore;

/** Opens the job registry the CLI records jobs in. */
final class Registry {
    private Registry() {
    }

    /** The registry; {@code resume} (may be null) must name a known job. */
    static JobStore open(String resume) {
        if (resume != null) {
            throw new BadInputException("--resume needs the job registry, which is not available yet");
        }
        return JobStore.NONE;
    }
}
