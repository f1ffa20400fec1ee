package dev.shmc.supporttest.cycle.rooted;

import dev.shmc.supporttest.cycle.rooted.inner.Inner;

/** Fixture of PackageCyclesTest: the root package uses inner, which uses the root (a config class in the root, as bench's once was). */
public final class Root {
    public static final int LIMIT = Integer.getInteger("fixture.limit", 3);

    public Inner inner() {
        return new Inner();
    }
}
