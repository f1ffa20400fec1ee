package dev.shmc.cli;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.loader.KernelClassLoaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code shmc resume JOB}: runs a recorded job again, reusing the chunks it finished. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = {
        "Resume a recorded job (see 'shmc jobs'), whatever its kernel: its kernel, units, parameters, seed and chunk size are "
                + "taken from the registry, and the chunks it finished are taken from its checkpoints instead of being computed again.",
        "Prints the job's result words (by its kernel's layout: longs and doubles). The kernel's class must be on shmc's classpath: "
                + "a job of your own program's kernel resumes from your program (Engine.resume(jobId)). Jobs with results over 14 words "
                + "are not checkpointed and are computed again whole."})
public final class ResumeCommand extends ShmcCommand implements Callable<Integer> {
    /** Most result words the text output lists (--json has them all). */
    private static final int TEXT_WORDS = 32;

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id, as 'shmc jobs' lists it.")
    String jobId;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        job.validateLocal("resume runs on this host (a cluster job is not recorded locally)");
        JobStore store = Registry.open(jobId);
        JobStore.JobRecord record = store.find(jobId).orElseThrow();
        try {
            // from the job's own jars when it names them (JobSpec.Builder.classpath)
            Kernel.instantiate(record.kernel(), KernelClassLoaders.forClasspath(
                    JobSpec.resuming(record).build().params().getString(JobSpec.CLASSPATH_PARAM, null)));
        } catch (IllegalArgumentException e) {
            store.close();
            throw new BadInputException("cannot resume job " + jobId + " here: " + e.getMessage()
                    + " (a job of your own kernel resumes from your program: Engine.resume(\"" + jobId + "\"))");
        }
        JobSpec spec = JobSpec.resuming(record).build();
        try (JobRunner e = job.start(store)) {
            JobResult r = job.run(e, spec, spec.label());
            JobReport report = new JobReport(e, r);
            List<Object> words = new ArrayList<>();
            for (int i = 0; i < r.words().length; i++) {
                words.add(r.layout().isDouble(i) ? (Object) r.result().getDouble(i) : (Object) r.word(i));
            }
            if (job.json()) {
                out().println(report.json(j -> j.put("label", spec.label()).put("kernel", record.kernel()).put("layout", r.layout().encode())
                        .put("words", words)));
            } else {
                out().printf("job %s (%s): %s, %d of %d chunks from its checkpoints, %.3f s%n", r.jobId(), spec.label(),
                        r.status().name().toLowerCase(), r.chunksSkipped(), r.chunks(), r.seconds());
                out().println("result " + (words.size() <= TEXT_WORDS ? words
                        : words.subList(0, TEXT_WORDS) + " ... (" + words.size() + " words; --json lists them all)"));
                report.printText(out());
            }
            return report.exitCode();
        }
    }
}
