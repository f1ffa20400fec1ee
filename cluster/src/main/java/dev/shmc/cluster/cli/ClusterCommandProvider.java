package dev.shmc.cluster.cli;

import dev.shmc.engine.cli.CommandProvider;

/** Adds {@code shmc cluster} to the CLI through the engine's ServiceLoader hook. */
public final class ClusterCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public Object command() {
        return new ClusterCommand();
    }
}
