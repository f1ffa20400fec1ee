package dev.shmc.cluster;

import dev.shmc.engine.api.ClusterProvider;
import dev.shmc.engine.api.JobRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The engine's {@link ClusterProvider}, found with ServiceLoader: jobs on a cluster of members through {@link ShmcCluster}. */
public final class HazelcastClusterProvider implements ClusterProvider {
    @Override
    public JobRunner connect(String clusterName, List<String> members, Path keyFile, Consumer<String> events) {
        ClusterKey key = ClusterKey.load(keyFile == null ? ClusterKey.defaultFile() : keyFile);
        return ShmcCluster.connect(clusterName, members, key, events);
    }
}
