package dev.shmc.bench.harness;

/**
 * One figure of the summary table: ours, and when an anchor from the same run measures the same
 * thing, its figure and the ratio ours / anchor.
 *
 * @param suite       suite that measured it
 * @param measure     what was measured
 * @param value       our figure
 * @param unit        its unit
 * @param better      "higher" or "lower"
 * @param spread      (max - min) / median over the repetitions, NaN if measured once
 * @param anchor      the anchor's name, null if none
 * @param anchorValue the anchor's figure in the same unit, NaN if none
 * @param anchorKey   the key of an {@link Anchors} figure, null for a reference measured by the suite itself
 * @param goal        the project's goal for this figure (the summary says whether this run met it), or null
 */
public record Headline(String suite, String measure, double value, String unit, String better, double spread,
                       String anchor, double anchorValue, String anchorKey, Goal goal) {
    /**
     * A goal: the ratio to the anchor (or, with {@code onRatio} false, the figure itself) at most or
     * at least {@code limit}.
     *
     * @param text     what it is, for the summary ("the sieve within 1.3x primesieve")
     * @param whenLeft where the gap lies, from the same run, for the verdict when the goal is not
     *                 met ("by tier against primesieve: ..."), or null
     */
    public record Goal(String text, double limit, boolean atMost, boolean onRatio, String whenLeft) {
        public Goal(String text, double limit, boolean atMost, boolean onRatio) {
            this(text, limit, atMost, onRatio, null);
        }

        /** The same goal, with where its gap lies in this run. */
        public Goal left(String where) {
            return new Goal(text, limit, atMost, onRatio, where);
        }

        /** Whether {@code h} meets it; false when its figure is missing (no anchor in this run). */
        public boolean metBy(Headline h) {
            double x = onRatio ? h.ratio() : h.value();
            return !Double.isNaN(x) && (atMost ? x <= limit : x >= limit);
        }

        /** The figure the goal is about, NaN when missing. */
        public double figure(Headline h) {
            return onRatio ? h.ratio() : h.value();
        }
    }

    public static Headline of(String suite, String measure, double value, String unit, String better, double spread) {
        return new Headline(suite, measure, value, unit, better, spread, null, Double.NaN, null, null);
    }

    /** Against a reference the suite measured itself in this run. */
    public Headline against(String anchorName, double anchorFigure) {
        return new Headline(suite, measure, value, unit, better, spread, anchorName, anchorFigure, null, goal);
    }

    /** Against figure {@code key} of the anchors script, if this run has it; unchanged otherwise. */
    public Headline againstAnchor(Anchors anchors, String key, String anchorName) {
        return anchors.get(key).isPresent()
                ? new Headline(suite, measure, value, unit, better, spread, anchorName, anchors.get(key).getAsDouble(), key, goal)
                : this;
    }

    /** The same, with the anchor figure taken from {@code anchors} (e.g. the best of two anchor runs). */
    public Headline reanchored(Anchors anchors) {
        return anchorKey == null || anchors.get(anchorKey).isEmpty() ? this
                : new Headline(suite, measure, value, unit, better, spread, anchor, anchors.get(anchorKey).getAsDouble(), anchorKey, goal);
    }

    /** The same with {@code goal}, which the summary checks. */
    public Headline withGoal(Goal g) {
        return new Headline(suite, measure, value, unit, better, spread, anchor, anchorValue, anchorKey, g);
    }

    /** Ours divided by the anchor's, NaN without an anchor. */
    public double ratio() {
        return anchor == null || !(anchorValue > 0) ? Double.NaN : value / anchorValue;
    }
}
