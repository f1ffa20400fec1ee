package dev.shmc.engine.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Runs jobs on a cluster of hosts, each running its share on its own worker pool over shared
 * memory. The engine knows only this interface; an implementation (the cluster module's, on
 * Hazelcast) is found on the classpath with {@link ServiceLoader}, so the engine reaches nothing
 * above it.
 */
public interface ClusterProvider {
    /**
     * Connects to the cluster {@code clusterName} through the members at {@code members}
     * ({@code host:port} each; one reachable member is enough).
     *
     * @param keyFile the file of the cluster's shared secret key, or null for the provider's default
     * @param events  receives one line for each thing worth telling a user while jobs run (a
     *                member lost and its pieces re-queued); called from the runner's threads
     * @throws IllegalArgumentException when the key file is missing or unfit (one line: which file, what is wrong)
     * @throws IllegalStateException    when no member can be reached within the provider's
     *                                  connect timeout (the message says so in one line)
     */
    JobRunner connect(String clusterName, List<String> members, Path keyFile, Consumer<String> events);

    /** The provider on the classpath, if any. */
    static Optional<ClusterProvider> find() {
        return ServiceLoader.load(ClusterProvider.class).findFirst();
    }
}
