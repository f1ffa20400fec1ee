package dev.shmc.bench;

import dev.shmc.cli.CommandProvider;

/** Adds {@code shmc bench} to the CLI through the engine's ServiceLoader hook. */
public final class BenchCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public Object command() {
        return new BenchCommand();
    }
}
