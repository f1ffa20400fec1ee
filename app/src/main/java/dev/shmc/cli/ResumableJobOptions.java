package dev.shmc.cli;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Schedule;
import picocli.CommandLine.Option;

/**
 * The options of a job command whose job is cut into chunks that the user may order and resume:
 * those of {@link JobOptions}, and {@code --schedule} (the order the workers take the chunks in)
 * and {@code --resume JOB} (an interrupted job's finished chunks are taken from its checkpoints).
 * {@link #apply} puts them on the job's spec.
 */
public final class ResumableJobOptions extends JobOptions {
    @Option(names = "--schedule", paramLabel = "S", defaultValue = "dynamic", description = "dynamic (shared cursor, default), static or randomized.")
    String schedule;

    @Option(names = "--resume", paramLabel = "JOB", description = "Resume an interrupted job: chunks it finished are not computed again.")
    String resume;

    @Override
    String resume() {
        return resume;
    }

    /** The order of the chunks. */
    public Schedule schedule() {
        return Jobs.schedule(schedule);
    }

    @Override
    public void validate() {
        super.validate();
        schedule();
    }

    /** The spec with --schedule, --resume and {@code chunkSize} units per chunk (0: the kernel's default). */
    JobSpec apply(JobSpec spec, long chunkSize) {
        return Jobs.withOptions(spec, chunkSize, schedule(), resume);
    }
}
