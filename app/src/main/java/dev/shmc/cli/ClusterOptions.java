package dev.shmc.cli;

import dev.shmc.engine.api.ClusterProvider;
import dev.shmc.engine.api.JobRunner;
import dev.shmc.engine.config.StateDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * Options of the job commands that send the job to a cluster instead of a local worker pool:
 * {@code --cluster NAME --members host:port,... [--key FILE]}. The first two both or neither; the
 * key file (the cluster's shared secret) defaults to {@value #KEY_FILE_NAME} in the state
 * directory. The cluster support (the cluster module) is found through {@link ClusterProvider}.
 * Also used by {@code shmc member} and {@code shmc cluster}, which need the first two.
 */
public final class ClusterOptions {
    /** Name of the key file in the state directory (where the cluster module's {@code ClusterKey.defaultFile()} and keygen look too). */
    public static final String KEY_FILE_NAME = dev.shmc.cluster.ClusterKey.DEFAULT_FILE_NAME;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster name: a job command runs on the members of cluster NAME (see 'shmc member') instead of local workers.")
    String cluster;

    @Option(names = "--members", paramLabel = "HOST:PORT,...", split = ",", description = "Cluster members, HOST:PORT,... (a job or status needs one reachable; a member joins through them).")
    List<String> members;

    @Option(names = "--key", paramLabel = "FILE", description = {
            "The cluster's secret key (made by 'shmc cluster keygen', the same file on every host; mode 0600).",
            "Default: " + KEY_FILE_NAME + " in the shmc state directory (~/.local/state/shmc, or $XDG_STATE_HOME/shmc)."})
    Path key;

    /** Whether --cluster or --members was given (then both must be; see {@link #validate}). */
    public boolean enabled() {
        return cluster != null || members != null;
    }

    /** The cluster name. */
    public String name() {
        return cluster;
    }

    /** The key file: --key, else {@value #KEY_FILE_NAME} in the state directory. */
    public Path keyFile() {
        return key != null ? key : StateDirectory.resolve().resolve(KEY_FILE_NAME);
    }

    /** The member addresses, normalized to {@code host:port} ({@code [v6]:port} for IPv6). */
    public List<String> members() {
        List<String> out = new ArrayList<>();
        for (String m : members) {
            out.add(HostPort.parse("--members", m).toString());
        }
        return out;
    }

    /**
     * Checks that --cluster and --members come together, that the name is sensible and every
     * member is a {@code host:port}.
     *
     * @throws BadInputException otherwise
     */
    public void validate() {
        if (cluster == null && members == null) {
            throw new BadInputException("--cluster NAME and --members HOST:PORT,... are required");
        }
        if (cluster == null) {
            throw new BadInputException("--members needs --cluster NAME (the name the members were started with)");
        }
        if (members == null || members.isEmpty()) {
            throw new BadInputException("--cluster needs --members HOST:PORT,... (at least one member to connect to)");
        }
        if (!cluster.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new BadInputException("--cluster must be 1 to 64 letters, digits, '.', '_' or '-', got '" + cluster + "'");
        }
        members();
    }

    /**
     * For a job command: checks these options together with the engine options and the job's own
     * (a cluster job is not recorded locally, so it cannot be resumed; the members' worker counts
     * are set when they start).
     */
    void validateForJob(EngineOptions engine, String resume) {
        if (!enabled()) {
            if (key != null) {
                throw new BadInputException("--key needs --cluster NAME --members HOST:PORT,... (it is the key of a cluster)");
            }
            return;
        }
        validate();
        if (resume != null) {
            throw new BadInputException("--resume is not supported with --cluster (cluster jobs are not recorded in the local registry)");
        }
        if (engine.workers != null) {
            throw new BadInputException("--workers does not apply with --cluster: each member's workers are set by 'shmc member --workers'");
        }
    }

    /**
     * Connects to the cluster with the key file.
     *
     * @throws BadInputException        when no cluster support is on the classpath
     * @throws IllegalArgumentException when the key file is missing or unfit (one line)
     */
    JobRunner connect(Consumer<String> events) {
        ClusterProvider provider = ClusterProvider.find().orElseThrow(() -> new BadInputException(
                "--cluster needs the cluster module (shmc-cluster) on the classpath; this installation has none"));
        return provider.connect(cluster, members(), keyFile(), events);
    }
}
