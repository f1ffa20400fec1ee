package dev.shmc.supporttest.cycle.rooted.inner;

import dev.shmc.supporttest.cycle.rooted.Root;

/** Fixture of PackageCyclesTest. */
public final class Inner {
    public int limit() {
        return Root.LIMIT;
    }
}
