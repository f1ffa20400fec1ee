package dev.shmc.cli;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.jobs.PiJobKernel;
import dev.shmc.kernels.montecarlo.PiKernels;
import dev.shmc.kernels.montecarlo.PiStream;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code shmc pi}: Monte Carlo estimate of pi over the worker pool. */
@Command(name = "pi", mixinStandardHelpOptions = true, description = {
        "Estimate pi by throwing darts at the unit square: count the points (x, y) in [0,1)^2 with x^2 + y^2 <= 1.",
        "The count depends only on (seed, samples): never on workers, chunks or mode (kernels scalar and vector agree exactly)."})
public final class PiCommand extends ShmcCommand implements Callable<Integer> {
    /** Largest sample count accepted (about a day of work on 2 cores). */
    static final long MAX_SAMPLES = 100_000_000_000_000L;

    @Option(names = "--samples", paramLabel = "N", description = "Darts to throw (default ${DEFAULT-VALUE}).", defaultValue = "100000000")
    long samples;

    @Option(names = "--seed", paramLabel = "S", description = "Seed; without it a fresh one is drawn and printed.")
    Long seed;

    @Option(names = "--kernel", paramLabel = "K", description = "scalar, vector or nd4j (default: the fastest, vector).")
    String kernel;

    @Option(names = "--chunk-size", paramLabel = "SAMPLES", description = "Samples per chunk, at least 1 (rounded up to whole stream blocks); default: about 16 chunks per worker.")
    Long chunkSamples;

    @Mixin
    ResumableJobOptions job;

    @Override
    public Integer call() {
        Jobs.positive("--samples", samples, MAX_SAMPLES);
        if (chunkSamples != null) {
            Jobs.positive("--chunk-size", chunkSamples, MAX_SAMPLES);
        }
        String k = kernel == null ? PiKernels.fastest().name() : kernel;
        if (!PiKernels.names().contains(k)) {
            throw new BadInputException("--kernel must be one of " + String.join(", ", PiKernels.names()) + ", got '" + k + "'");
        }
        job.validate();
        JobStore store = job.registry();
        // A resumed job keeps its seed unless one is given (a different one is refused).
        long s = seed != null ? seed
                : job.resume() != null ? store.find(job.resume()).map(JobStore.JobRecord::seed).orElseThrow()
                : new SecureRandom().nextLong() >>> 1;
        long chunkBlocks = chunkSamples == null ? 0 : (chunkSamples + PiStream.BLOCK_SAMPLES - 1) / PiStream.BLOCK_SAMPLES;
        JobSpec spec = job.apply(PiJobKernel.spec(samples, s, k), chunkBlocks);
        try (JobRunner e = job.start(store)) {
            JobResult r = job.run(e, spec, "pi");
            JobReport report = new JobReport(e, r);
            long inside = r.word(0);
            double estimate = 4.0 * inside / samples;
            double p = Math.PI / 4;
            double sigma = 4 * Math.sqrt(p * (1 - p) / samples);
            if (job.json()) {
                out().println(report.json(j -> j.put("samples", samples).put("inside", inside).put("estimate", estimate)
                        .put("error", estimate - Math.PI).put("sigma", sigma).put("seed", s).put("kernel", k)
                        .put("samplesPerSecond", samples / r.seconds())));
            } else {
                out().printf("pi ~ %.10f  (error %+.2e, %.1f sigma)%n", estimate, estimate - Math.PI, Math.abs(estimate - Math.PI) / sigma);
                out().printf("%,d samples, %,d inside, seed %d, job %s%n", samples, inside, s, r.jobId());
                double rate = samples / r.seconds();
                out().printf("%d worker(s) (%s), kernel %s: %.3f s (%s samples/s); workers started in %.2f s%n",
                        e.workers(), report.mode(), k, r.seconds(),
                        rate >= 1e9 ? String.format("%.2f G", rate / 1e9) : String.format("%.1f M", rate / 1e6), e.startupSeconds());
                report.printText(out());
            }
            return report.exitCode();
        }
    }
}
