package dev.shmc.supporttest.oneway.bottom;

/** Fixture of PackageCyclesTest. */
public final class Bottom {
    public int value() {
        return 2;
    }
}
