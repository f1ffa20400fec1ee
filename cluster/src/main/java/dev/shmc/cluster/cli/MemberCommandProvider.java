package dev.shmc.cluster.cli;

import dev.shmc.engine.cli.CommandProvider;

/** Adds {@code shmc member} to the CLI through the engine's ServiceLoader hook. */
public final class MemberCommandProvider implements CommandProvider {
    @Override
    public String name() {
        return "member";
    }

    @Override
    public Object command() {
        return new MemberCommand();
    }
}
