package dev.shmc.supporttest.cycle.a;

import dev.shmc.supporttest.cycle.b.B;

/** Fixture of PackageCyclesTest: a uses b, which uses a. */
public final class A {
    public int viaB() {
        return new B().value();
    }
}
