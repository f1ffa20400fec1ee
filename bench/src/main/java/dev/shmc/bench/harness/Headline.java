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
 */
public record Headline(String suite, String measure, double value, String unit, String better, double spread,
                       String anchor, double anchorValue, String anchorKey) {
    public static Headline of(String suite, String measure, double value, String unit, String better, double spread) {
        return new Headline(suite, measure, value, unit, better, spread, null, Double.NaN, null);
    }

    /** Against a reference the suite measured itself in this run. */
    public Headline against(String anchorName, double anchorFigure) {
        return new Headline(suite, measure, value, unit, better, spread, anchorName, anchorFigure, null);
    }

    /** Against figure {@code key} of the anchors script, if this run has it; unchanged otherwise. */
    public Headline againstAnchor(Anchors anchors, String key, String anchorName) {
        return anchors.get(key).isPresent()
                ? new Headline(suite, measure, value, unit, better, spread, anchorName, anchors.get(key).getAsDouble(), key)
                : this;
    }

    /** The same, with the anchor figure taken from {@code anchors} (e.g. the best of two anchor runs). */
    public Headline reanchored(Anchors anchors) {
        return anchorKey == null || anchors.get(anchorKey).isEmpty() ? this
                : new Headline(suite, measure, value, unit, better, spread, anchor, anchors.get(anchorKey).getAsDouble(), anchorKey);
    }

    /** Ours divided by the anchor's, NaN without an anchor. */
    public double ratio() {
        return anchor == null || !(anchorValue > 0) ? Double.NaN : value / anchorValue;
    }
}
