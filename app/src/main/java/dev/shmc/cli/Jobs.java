package dev.shmc.cli;

import dev.shmc.engine.api.JobHandle;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Schedule;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Map;

/** Helpers shared by the commands that run jobs. */
final class Jobs {
    private Jobs() {
    }

    /**
     * Where a job command runs its job: the cluster when --cluster is given (the registry is then
     * not used: cluster jobs are not recorded locally), else a local engine recording in {@code store}.
     */
    static JobRunner start(EngineOptions engine, ClusterOptions cluster, JobStore store) {
        if (cluster.enabled()) {
            store.close();
            return cluster.connect(e -> System.err.println("shmc: " + e));
        }
        return engine.start(store);
    }

    /** Opens the job registry for a local job (resuming {@code resume}, may be null); a cluster job records nothing. */
    static JobStore registry(ClusterOptions cluster, String resume) {
        return cluster.enabled() ? JobStore.NONE : Registry.open(resume);
    }

    /** Adds the runner's report of the job (cluster, members, lost members) to a --json object. */
    static Json withReport(Json json, JobRunner runner, JobResult r) {
        runner.report(r.jobId()).forEach(json::put);
        return json;
    }

    /** Prints the runner's report of the job, if any, as one text line: the cluster, its members and pieces, who was lost. */
    static void printReport(PrintWriter out, JobRunner runner, JobResult r) {
        Map<String, Object> rep = runner.report(r.jobId());
        if (rep.isEmpty()) {
            return;
        }
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
        spec.params().asMap().forEach(b::param);
        if (resume != null) {
            b.resume(resume);
        }
        return b.build();
    }
}
