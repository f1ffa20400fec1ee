package dev.shmc.supporttest.cycle.b;

import dev.shmc.supporttest.cycle.a.A;

/** Fixture of PackageCyclesTest: b uses a only in a signature. */
public final class B {
    public int value() {
        return 1;
    }

    public A back(A a) {
        return a;
    }
}
