package example;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A long job watched and cancelled: a Monte Carlo estimate of pi over many units, its progress
 * printed as it runs, cancelled when it is half done (or by Ctrl-C). The cancelled job's result
 * holds the chunks that finished, so the partial estimate is still usable.
 */
public final class LongJob {
    private static final int SAMPLES_PER_UNIT = 4096;

    private LongJob() {
    }

    /** Points inside the quarter circle (word 0) out of the samples drawn (word 1), over units [from, to). */
    public static void quarterCircle(KernelContext ctx, long from, long to, Result out) {
        for (long u = from; u < to; u++) {
            if (ctx.stopRequested()) {
                return; // cancelled: every worker stops at its next poll
            }
            RandomGenerator rng = ctx.random(u);
            long inside = 0;
            for (int i = 0; i < SAMPLES_PER_UNIT; i++) {
                double x = rng.nextDouble();
                double y = rng.nextDouble();
                inside += x * x + y * y <= 1 ? 1 : 0;
            }
            out.addLong(0, inside);
            out.addLong(1, SAMPLES_PER_UNIT);
        }
    }

    public static void main(String[] args) throws Exception {
        long units = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        try (Engine engine = Engine.builder().workers(2).build()) {
            JobHandle job = engine.submit(JobSpec.builder(ResultLayout.longs(2), LongJob::quarterCircle).units(units).seed(1).build());
            Thread cancelOnCtrlC = new Thread(job::cancel);
            Runtime.getRuntime().addShutdownHook(cancelOnCtrlC);
            while (!job.future().isDone()) {
                double done = job.progress();
                System.out.printf("progress %3.0f%%%n", 100 * done);
                if (done >= 0.5) {
                    job.cancel(); // workers stop at their next poll; the finished chunks stay in the result
                    break;
                }
                Thread.sleep(100);
            }
            JobResult r = job.await(Duration.ofMinutes(5));
            Runtime.getRuntime().removeShutdownHook(cancelOnCtrlC);
            System.out.printf("%s after %d of %d chunks: pi ~ %.6f from %,d samples%n", r.status(), r.chunksDone(), r.chunks(),
                    4.0 * r.word(0) / r.word(1), r.word(1));
            if (r.status() != JobStatus.CANCELLED || r.chunksDone() >= r.chunks() || Math.abs(4.0 * r.word(0) / r.word(1) - Math.PI) > 0.01) {
                System.err.println("wrong: expected a cancelled job with a partial, plausible estimate");
                System.exit(1);
            }
        }
    }
}
