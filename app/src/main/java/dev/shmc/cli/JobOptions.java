package dev.shmc.cli;

import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStore;
import picocli.CommandLine.Mixin;

/**
 * The options of every command that runs a job on the local workers or on a cluster, as one
 * picocli mixin: {@code --workers}, {@code --mode}, {@code --json} ({@link EngineOptions}) and
 * {@code --cluster}, {@code --members}, {@code --key} ({@link ClusterOptions}). A job command
 * declares {@code @Mixin JobOptions job;} ({@link ResumableJobOptions} for a job that can be
 * resumed), calls {@link #validate} before opening anything, runs its job with {@link #start} and
 * {@link #run}, and reports it with {@link JobReport}. The command keeps only its own options:
 * its inputs and its {@code --chunk-size}, whose unit and bound are the job's.
 */
public class JobOptions {
    @Mixin
    EngineOptions engine;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    ServiceOptions service;

    /** Whether --json was given. */
    public boolean json() {
        return engine.json();
    }

    /** The job to resume, or null: a job that cannot be resumed has none. */
    String resume() {
        return null;
    }

    /**
     * Checks the options together (workers and mode, the cluster's, what a cluster job cannot do).
     *
     * @throws BadInputException otherwise
     */
    public void validate() {
        engine.validate();
        service.validate();
        cluster.validateForJob(engine, resume());
    }

    /**
     * Checks the options for work the command does on this host without a job: workers and mode
     * as for a job; a cluster is refused with {@code whyNotOnACluster}.
     */
    void validateLocal(String whyNotOnACluster) {
        engine.validate();
        if (cluster.enabled()) {
            throw new BadInputException(whyNotOnACluster);
        }
    }

    /** The job registry the job is recorded in: a local job's (resuming {@link #resume}, if any); nothing for a cluster job. */
    JobStore registry() {
        return cluster.enabled() || onService() ? JobStore.NONE : Registry.open(resume());
    }

    /** Opens the registry and starts the runner, as {@link #start(JobStore)}. */
    JobRunner start() {
        return start(registry());
    }

    /**
     * Where the job runs: the cluster when --cluster is given (the registry is then closed: cluster
     * jobs are not recorded locally), else a local engine recording in {@code store}.
     */
    JobRunner start(JobStore store) {
        if (cluster.enabled()) {
            store.close();
            return cluster.connect(e -> System.err.println("shmc: " + e));
        }
        return service.start(engine, store, whyOwnWorkers());
    }

    /** Whether the job runs on the resident service (decided once: see {@link ServiceOptions}). */
    boolean onService() {
        return !cluster.enabled() && (ServiceOptions.IN_SERVICE.get() != null || service.connection(engine, whyOwnWorkers()) != null);
    }

    /** Why this job cannot run on the service, or null. */
    private String whyOwnWorkers() {
        return resume() != null ? "--resume runs on workers of its own (the job's checkpoints are read by the command)" : null;
    }

    /** Submits the job and waits for it, with a progress bar (labelled {@code label}) unless --json. */
    JobResult run(JobRunner runner, JobSpec spec, String label) {
        return Jobs.run(runner, spec, label, json());
    }
}
