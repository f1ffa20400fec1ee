package dev.shmc.cli;

import dev.shmc.engine.Engine;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.Mode;
import picocli.CommandLine.Option;

/**
 * Options of every command that runs jobs on a local worker pool: --workers, --mode, --json. Part
 * of {@link JobOptions} for the job commands that may also run on a cluster; used alone by the
 * commands that run only here (array, counter) and by {@code shmc member}.
 */
public final class EngineOptions {
    @Option(names = "--workers", paramLabel = "W", description = "Workers (default: number of cores, ${sys:shmc.cores}).")
    Integer workers;

    @Option(names = "--mode", paramLabel = "MODE", description = "processes (worker JVMs, default) or threads.")
    String mode;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of text.")
    boolean json;

    public int workers() {
        int w = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (w < 1 || w > 256) {
            throw new BadInputException("--workers must be between 1 and 256, got " + w);
        }
        return w;
    }

    public Mode mode() {
        return switch (mode == null ? "processes" : mode.toLowerCase()) {
            case "processes", "process", "p" -> Mode.PROCESSES;
            case "threads", "thread", "t" -> Mode.THREADS;
            default -> throw new BadInputException("--mode must be processes or threads, got '" + mode + "'");
        };
    }

    public boolean json() {
        return json;
    }

    /** Starts an engine as these options say. */
    public Engine start(JobStore store) {
        try {
            return Engine.builder().workers(workers()).mode(mode()).jobStore(store)
                    .onEvent(e -> System.err.println("shmc: " + e)).build();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Checks --workers and --mode before anything is opened. */
    public void validate() {
        workers();
        mode();
    }
}
