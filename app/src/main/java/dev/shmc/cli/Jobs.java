package dev.shmc.cli;

import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Schedule;

/** Helpers shared by the commands that run jobs: submitting with a progress bar, and checking their option values. */
final class Jobs {
    private Jobs() {
    }

    /** Submits and waits, with a progress bar when it takes a while. */
    static JobResult run(JobRunner engine, JobSpec spec, String label, boolean json) {
        JobHandle handle = engine.submit(spec);
        Progress bar = Progress.start(handle, label, json);
        try {
            return handle.await();
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    static Schedule schedule(String name) {
        return switch (name.toLowerCase()) {
            case "dynamic" -> Schedule.DYNAMIC;
            case "static" -> Schedule.STATIC;
            case "randomized", "random" -> Schedule.RANDOMIZED;
            default -> throw new BadInputException("--schedule must be dynamic, static or randomized, got '" + name + "'");
        };
    }

    static long positive(String option, long value, long max) {
        if (value < 1) {
            throw new BadInputException(option + " must be at least 1, got " + value);
        }
        if (value > max) {
            throw new BadInputException(option + " " + value + " is too large (at most " + max + ")");
        }
        return value;
    }

    /** Rebuilds a spec with the scheduling options and an optional resume id. */
    static JobSpec withOptions(JobSpec spec, long chunkSize, Schedule schedule, String resume) {
        JobSpec.Builder b = JobSpec.builder(spec.kernelClass()).units(spec.from(), spec.to()).seed(spec.seed()).label(spec.label())
                .chunkSize(chunkSize == 0 ? spec.chunkSize() : chunkSize).schedule(schedule);
        b.params(spec.params());
        if (resume != null) {
            b.resume(resume);
        }
        return b.build();
    }
}
