package dev.shmc.cli;

import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.engine.config.StateDirectory;
import dev.shmc.registry.ChronicleJobStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code shmc jobs}: the job registry (list, show one, clear finished ones). */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = {
        "List the jobs shmc commands ran, newest first, from the job registry in the state directory "
                + "($XDG_STATE_HOME/shmc or ~/.local/state/shmc; -Dshmc.stateDir overrides it).",
        "",
        "An interrupted, cancelled or failed job keeps its finished chunks: 'shmc resume JOB' (or its command with --resume JOB) "
                + "computes only the other chunks."},
        subcommands = {JobsCommand.Show.class, JobsCommand.Clear.class})
public final class JobsCommand extends ShmcCommand implements Callable<Integer> {
    /** Most jobs one listing shows. */
    static final long MAX_LIMIT = ChronicleJobStore.DEFAULT_MAX_JOBS;

    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int RESULT_WIDTH = 40;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N jobs (default ${DEFAULT-VALUE}).")
    long limit;

    @Option(names = "--id", paramLabel = "JOB", description = "Show one job in detail (as 'shmc jobs show JOB').")
    String id;

    @Option(names = "--json", description = "Print one JSON object on stdout: {\"jobs\":[...]} (or the job, with --id).")
    boolean json;

    @Override
    public Integer call() {
        if (id != null) {
            return show(this, id, json);
        }
        Jobs.positive("--limit", limit, MAX_LIMIT);
        Path dir = StateDirectory.resolve();
        int[] total = {0};
        List<Map<String, Object>> shown = withRegistry(this, List.of(), store -> {
            List<JobRecord> all = store.list();
            total[0] = all.size();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JobRecord job : all.subList(0, (int) Math.min(limit, all.size()))) {
                rows.add(fields(store, job));
            }
            return rows;
        });
        if (json) {
            out().println(new Json().put("jobs", shown).put("total", total[0]).put("stateDirectory", dir.toString()));
            return Main.OK;
        }
        if (shown.isEmpty()) {
            out().println("no jobs in the registry (" + dir + ")");
            return Main.OK;
        }
        int labelWidth = 5;
        for (Map<String, Object> row : shown) {
            labelWidth = Math.max(labelWidth, Math.min(16, String.valueOf(row.get("label")).length()));
        }
        String format = "%-21s  %-" + labelWidth + "s  %-11s  %-19s  %9s  %13s  %s%n";
        out().printf(format, "JOB", "LABEL", "STATUS", "STARTED", "SECONDS", "CHUNKS", "RESULT");
        for (Map<String, Object> row : shown) {
            out().printf(format, row.get("id"), clip(String.valueOf(row.get("label")), labelWidth), row.get("status"),
                    textTime((Long) row.get("startedAtMillis")), seconds(row.get("seconds")), row.get("chunksDone") + "/" + row.get("chunks"),
                    clip(String.valueOf(row.get("result")), RESULT_WIDTH));
        }
        if (shown.size() < total[0]) {
            out().println("(" + shown.size() + " of " + total[0] + " jobs; --limit N shows more)");
        }
        return Main.OK;
    }

    /** {@code shmc jobs show JOB}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job in detail.")
    public static final class Show extends ShmcCommand implements Callable<Integer> {
        @Parameters(paramLabel = "JOB", description = "The job id (see 'shmc jobs').")
        String id;

        @Option(names = "--json", description = "Print the job as one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            return show(this, id, json);
        }
    }

    /** {@code shmc jobs clear}. */
    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Remove the jobs that ended (completed, found, "
            + "cancelled, failed) and their checkpoints. Interrupted jobs stay resumable unless --all is given; running jobs are never touched.")
    public static final class Clear extends ShmcCommand implements Callable<Integer> {
        @Option(names = "--all", description = "Also remove interrupted jobs (their checkpoints are lost).")
        boolean all;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            ChronicleJobStore.Cleared cleared = withRegistry(this, new ChronicleJobStore.Cleared(0, 0, 0), store -> store.clear(all));
            int kept = cleared.kept();
            if (json) {
                out().println(new Json().put("removedJobs", cleared.jobs()).put("removedCheckpoints", cleared.checkpoints())
                        .put("keptJobs", kept));
            } else {
                out().println("removed " + cleared.jobs() + " job(s) and " + cleared.checkpoints() + " chunk checkpoint(s); "
                        + kept + " job(s) kept" + (kept > 0 && !all ? " (running or interrupted; --all removes interrupted ones)" : ""));
            }
            return Main.OK;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static int show(ShmcCommand command, String jobId, boolean json) {
        Map<String, Object> job = withRegistry(command, null, store -> store.find(jobId).map(r -> fields(store, r)).orElse(null));
        if (job == null) {
            throw new BadInputException("no job " + jobId + " in the registry (see 'shmc jobs')");
        }
        if (json) {
            Json j = new Json();
            job.forEach(j::put);
            command.out().println(j);
            return Main.OK;
        }
        String status = (String) job.get("status");
        boolean resumable = status.equals("interrupted") || status.equals("cancelled") || status.equals("failed");
        String[][] lines = {
                {"job", jobId},
                {"label", String.valueOf(job.get("label"))},
                {"status", status + (resumable ? " (resumable: " + job.get("checkpoints") + " of " + job.get("chunks")
                        + " chunks checkpointed; shmc resume " + jobId + ")" : "")},
                {"kernel", String.valueOf(job.get("kernel"))},
                {"params", String.valueOf(job.get("params"))},
                {"seed", String.valueOf(job.get("seed"))},
                {"units", "[" + job.get("from") + ", " + job.get("to") + ")"},
                {"chunks", job.get("chunksDone") + " of " + job.get("chunks") + " done (" + job.get("chunkSize") + " units each)"},
                {"workers", job.get("workers") + " (" + job.get("mode") + ")"},
                {"started", textTime((Long) job.get("startedAtMillis"))},
                {"finished", (Long) job.get("finishedAtMillis") > 0 ? textTime((Long) job.get("finishedAtMillis")) : "-"},
                {"seconds", seconds(job.get("seconds")).strip()},
                {"result", String.valueOf(job.get("result"))},
        };
        for (String[] line : lines) {
            command.out().printf("%-9s %s%n", line[0], line[1]);
        }
        return Main.OK;
    }

    /** Runs {@code body} on the registry, or returns {@code none} when there is no registry yet (nothing is created). */
    private static <T> T withRegistry(ShmcCommand command, T none, Function<ChronicleJobStore, T> body) {
        Path dir = StateDirectory.resolve();
        if (!ChronicleJobStore.exists(dir)) {
            return none;
        }
        try (ChronicleJobStore store = new ChronicleJobStore(dir, w -> command.err().println("shmc: warning: " + w))) {
            return body.apply(store);
        }
    }

    /** A job as JSON-ready fields (status lower case; running and interrupted jobs count their checkpoints as done). */
    private static Map<String, Object> fields(ChronicleJobStore store, JobRecord job) {
        String status = job.status().toLowerCase();
        boolean live = status.equals("running") || status.equals("interrupted");
        boolean mayHaveCheckpoints = live || status.equals("cancelled") || status.equals("failed");
        int checkpoints = mayHaveCheckpoints ? store.checkpointCount(job.id()) : 0;
        Double seconds = job.finishedAtMillis() > 0 ? Double.valueOf((job.finishedAtMillis() - job.startedAtMillis()) / 1000.0)
                : status.equals("running") ? Double.valueOf((System.currentTimeMillis() - job.startedAtMillis()) / 1000.0) : null;
        Json j = new Json().put("id", job.id()).put("label", job.label()).put("status", status).put("kernel", job.kernel())
                .put("params", job.params()).put("seed", job.seed()).put("from", job.from()).put("to", job.to())
                .put("chunkSize", job.chunkSize()).put("chunks", job.chunks())
                .put("chunksDone", live ? checkpoints : job.chunksDone()).put("checkpoints", checkpoints)
                .put("workers", job.workers()).put("mode", job.mode()).put("started", isoTime(job.startedAtMillis()))
                .put("startedAtMillis", job.startedAtMillis()).put("finishedAtMillis", job.finishedAtMillis())
                .put("seconds", seconds).put("result", job.result());
        return j.fields();
    }

    private static String isoTime(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.systemDefault()).toOffsetDateTime().toString();
    }

    private static String textTime(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()).format(TEXT_TIME);
    }

    private static String seconds(Object seconds) {
        return seconds == null ? "-" : String.format("%9.3f", (Double) seconds);
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 3) + "...";
    }
}
