package dev.shmc.bench.harness;

import java.nio.file.Path;

/**
 * The context of one {@code shmc bench} run, handed to every suite: where to write, how big,
 * how many workers, the machine, the charts (captioned with machine and date) and progress lines.
 *
 * @param out      the results directory
 * @param size     how big the run is
 * @param workers  workers of the engine and of the copy-based baselines (W)
 * @param reps     repetitions of each key measurement (the median is reported, with the spread)
 * @param machine  where it runs
 * @param charts   PNG writer
 * @param progress stderr lines
 * @param anchors  the outside references of this run (empty without --anchors)
 */
public record BenchRun(Path out, Size size, int workers, int reps, Machine machine, Charts charts, Progress progress,
                       Anchors anchors) {
    public void progress(String suite, String text) {
        progress.line(suite, text);
    }
}
