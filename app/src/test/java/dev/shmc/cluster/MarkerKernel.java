package dev.shmc.cluster;

import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;

/** A kernel that leaves a marker whenever it is instantiated in a member: a piece of it was acted on. Computes nothing. */
public final class MarkerKernel implements Kernel {
    public MarkerKernel() {
        Markers.touch("kernel");
    }

    @Override
    public int resultWords() {
        return 1;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, long[] out) {
        // nothing: being built is the point
    }
}
