package dev.shmc.supporttest.oneway.top;

import dev.shmc.supporttest.oneway.bottom.Bottom;

/** Fixture of PackageCyclesTest: top uses bottom, bottom uses nothing. */
public final class Top {
    public int value() {
        return new Bottom().value();
    }
}
