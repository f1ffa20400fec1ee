package dev.shmc.cli;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobStatus;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every job command reports about its job, around its own results. In {@code --json}, one
 * object: {@code job} (its id) and {@code status} first, then the command's fields, then
 * {@code workers}, {@code mode}, {@code seconds} (the job's wall time, submit to result),
 * {@code startupSeconds} (starting the workers, or connecting to the cluster), {@code chunks},
 * {@code chunksSkipped} (taken from checkpoints on --resume) and, for a cluster job, the runner's
 * report: {@code cluster}, {@code members}, {@code pieces}, {@code requeuedPieces},
 * {@code lostMembers}. In text, after the command's lines: the cluster's line and the status of a
 * job that did not succeed. {@link #exitCode}: 0 when it succeeded, else 1.
 */
final class JobReport {
    private final JobRunner runner;
    private final JobResult result;

    JobReport(JobRunner runner, JobResult result) {
        this.runner = runner;
        this.result = result;
    }

    /** Whether the job succeeded: it completed, or it stopped early because it found its answer. */
    boolean succeeded() {
        return result.status() == JobStatus.COMPLETED || result.status() == JobStatus.FOUND;
    }

    int exitCode() {
        return succeeded() ? Main.OK : Main.FAILURE;
    }

    /** The runner's mode in lower case, as the text and the JSON name it. */
    String mode() {
        return runner.mode().name().toLowerCase(Locale.ROOT);
    }

    /** The --json object: the shared fields around those {@code fields} adds. */
    Json json(Consumer<Json> fields) {
        Json j = new Json().put("job", result.jobId()).put("status", result.status().name().toLowerCase(Locale.ROOT));
        fields.accept(j);
        j.put("workers", runner.workers()).put("mode", mode()).put("seconds", result.seconds())
                .put("startupSeconds", runner.startupSeconds()).put("chunks", result.chunks()).put("chunksSkipped", result.chunksSkipped());
        runner.report(result.jobId()).forEach(j::put);
        return j;
    }

    /**
     * Prints the text after the command's own lines: the runner's report as one line, if any (the
     * cluster, its members and pieces, who was lost), and the status of a job that did not succeed.
     */
    void printText(PrintWriter out) {
        Map<String, Object> rep = runner.report(result.jobId());
        if (!rep.isEmpty()) {
            StringBuilder line = new StringBuilder("cluster " + rep.get("cluster") + ": " + rep.get("members") + " member(s), "
                    + rep.get("pieces") + " pieces");
            if (rep.get("requeuedPieces") instanceof Number n && n.longValue() > 0) {
                line.append(", ").append(n).append(" re-run");
            }
            if (rep.get("lostMembers") instanceof Collection<?> lost && !lost.isEmpty()) {
                line.append("; lost member(s): ").append(String.join(", ", lost.stream().map(String::valueOf).toList()));
            }
            out.println(line);
        }
        if (!succeeded()) {
            out.println("status: " + result.status().name().toLowerCase(Locale.ROOT) + " (" + result.chunksDone() + " of "
                    + result.chunks() + " chunks)");
        }
    }
}
