package dev.shmc.bench.harness;

/** How big a run is: {@code TINY} for the smoke test, {@code QUICK} for {@code --quick}, {@code FULL} by default. */
public enum Size {
    /** Seconds for every suite together; only checks that everything runs and writes its files. */
    TINY,
    /** About a minute for {@code all}: trends, not figures to quote. */
    QUICK,
    /** A few minutes for {@code all} on a 2-core machine: the figures for the README. */
    FULL;

    /** {@code tiny}, {@code quick} or {@code full} value by this size. */
    public <T> T pick(T tiny, T quick, T full) {
        return switch (this) {
            case TINY -> tiny;
            case QUICK -> quick;
            case FULL -> full;
        };
    }

    public long pick(long tiny, long quick, long full) {
        return switch (this) {
            case TINY -> tiny;
            case QUICK -> quick;
            case FULL -> full;
        };
    }

    public int pick(int tiny, int quick, int full) {
        return switch (this) {
            case TINY -> tiny;
            case QUICK -> quick;
            case FULL -> full;
        };
    }
}
