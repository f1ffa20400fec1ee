package dev.shmc.cli;

import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.service.ServiceConnection;
import dev.shmc.shm.region.Regions;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --service auto|require|off}, of every command that runs jobs on this host: whether its
 * jobs run on the resident service ({@code shmc service start}) or on worker JVMs of its own. With
 * {@code auto} (the default) a command uses the service when one runs and fits (no --workers or
 * --mode that differ from the service's, no --resume, no --cluster), else starts its own workers;
 * {@code require} fails when it cannot use the service; {@code off} never uses it. Output and
 * results are the same either way.
 */
public final class ServiceOptions {
    @Option(names = "--service", paramLabel = "WHEN", defaultValue = "${sys:shmc.service:-auto}", description = {
            "auto (default): run on the shmc service when one runs (see 'shmc service'), else on workers of its own;",
            "require: on the service, or fail; off: on workers of its own. Default: system property shmc.service, else auto."})
    String service = "auto";

    /** The service's engine, for a command the service runs for a thin client ({@link Main#executeInService}). */
    static final ThreadLocal<JobRunner> IN_SERVICE = new ThreadLocal<>();

    private boolean decided;
    private ServiceConnection connection;

    private String when() {
        String w = service.toLowerCase(Locale.ROOT);
        if (!w.equals("auto") && !w.equals("require") && !w.equals("off")) {
            throw new BadInputException("--service must be auto, require or off, got '" + service + "'");
        }
        return w;
    }

    /** Checks --service before anything is opened. */
    void validate() {
        when();
    }

    /**
     * The service connection the job runs on, or null for workers of its own; decided once.
     * {@code whyOwn}: why this run cannot use the service (null when it can).
     *
     * @throws BadInputException     with {@code require}, when the options do not fit the service
     * @throws IllegalStateException with {@code require}, when no service runs
     */
    ServiceConnection connection(EngineOptions engine, String whyOwn) {
        if (IN_SERVICE.get() != null) {
            return null; // the service itself: its engine, directly
        }
        if (decided) {
            return connection;
        }
        decided = true;
        String w = when();
        if (w.equals("off")) {
            return null;
        }
        if (whyOwn != null) {
            if (w.equals("require")) {
                throw new BadInputException("--service require: " + whyOwn);
            }
            return null;
        }
        ServiceConnection c = ServiceConnection.find(Regions.directory()).orElse(null);
        if (c == null) {
            if (w.equals("require")) {
                throw new IllegalStateException("--service require: no shmc service runs for this user in " + Regions.directory()
                        + " (start one with 'shmc service start')");
            }
            return null;
        }
        String misfit = engine.workers != null && engine.workers() != c.workers()
                ? "the service has " + c.workers() + " worker(s), not --workers " + engine.workers()
                : engine.mode != null && engine.mode() != c.mode()
                ? "the service runs " + c.mode().name().toLowerCase(Locale.ROOT) + ", not --mode " + engine.mode
                : null;
        if (misfit != null) {
            c.close();
            if (w.equals("require")) {
                throw new BadInputException("--service require: " + misfit);
            }
            return null;
        }
        connection = c;
        return c;
    }

    /** Where the job runs: the service when {@link #connection} says so ({@code store} is then closed: the service records), else a local engine. */
    JobRunner start(EngineOptions engine, JobStore store, String whyOwn) {
        JobRunner inService = IN_SERVICE.get();
        if (inService != null) {
            store.close();
            return inService;
        }
        ServiceConnection c = connection(engine, whyOwn);
        if (c != null) {
            store.close();
            return c;
        }
        return engine.start(store);
    }
}
