package dev.shmc.bench.suites;

import dev.shmc.bench.harness.BenchRun;
import dev.shmc.bench.harness.SuiteResult;
import java.util.List;

/** One macro comparison of {@code shmc bench}: whole processes, side by side, in one run. */
public interface Suite {
    /** Its name on the command line. */
    String name();

    /** Runs it; writes nothing itself (the harness writes tables and summary), except charts through {@code run.charts()}. */
    SuiteResult run(BenchRun run) throws Exception;

    /** Every suite, in the order {@code all} runs them. */
    static List<Suite> all() {
        return List.of(new DispatchSuite(), new IpcSuite(), new ModesSuite(), new ChunksSuite(), new FlagsSuite(), new QueueSuite(), new ResultsSuite(), new ClusterSuite());
    }
}
