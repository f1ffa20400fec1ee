package dev.shmc.engine.api;

import java.util.Arrays;

/**
 * A result's words, read and written by index as longs or doubles: a chunk's partial result that
 * a kernel fills in {@link Kernel#compute(KernelContext, long, long, Result)}, an accumulator in
 * {@link Kernel#combine(Result, Result)}, and a job's combined result ({@link JobResult#result()}).
 *
 * <p>A double is kept as its raw bits in a long word ({@link #raw()}), so the typed accessors cost
 * nothing over the raw array. Which words are doubles is the {@link #layout()}'s business; the
 * accessors do not check it (a kernel may reinterpret its own words), but {@link #addAll} and
 * {@link JobResult#doubles()} follow it.
 *
 * <p>Not thread-safe: one per worker, reused for every chunk of a job.
 */
public final class Result {
    private final ResultLayout layout;
    private final long[] words;

    /** A result of {@code layout} over {@code words} (not copied; its length must be the layout's). */
    public Result(ResultLayout layout, long[] words) {
        if (words.length != layout.words()) {
            throw new IllegalArgumentException("a " + layout + " result has " + layout.words() + " words, not " + words.length);
        }
        this.layout = layout;
        this.words = words;
    }

    /** A zeroed result of {@code layout}. */
    public static Result of(ResultLayout layout) {
        return new Result(layout, new long[layout.words()]);
    }

    public ResultLayout layout() {
        return layout;
    }

    /** Number of words. */
    public int size() {
        return words.length;
    }

    /** The words themselves (doubles as raw bits): the lowest layer, shared with this view. */
    public long[] raw() {
        return words;
    }

    public long getLong(int i) {
        return words[i];
    }

    public void setLong(int i, long value) {
        words[i] = value;
    }

    public void addLong(int i, long delta) {
        words[i] += delta;
    }

    public double getDouble(int i) {
        return Double.longBitsToDouble(words[i]);
    }

    public void setDouble(int i, double value) {
        words[i] = Double.doubleToRawLongBits(value);
    }

    public void addDouble(int i, double delta) {
        words[i] = Double.doubleToRawLongBits(Double.longBitsToDouble(words[i]) + delta);
    }

    /** Sets every word to zero (0L, and 0.0 for doubles). */
    public void clear() {
        Arrays.fill(words, 0L);
    }

    /** Sets this result's words to {@code other}'s. */
    public void copyFrom(Result other) {
        System.arraycopy(other.words, 0, words, 0, words.length);
    }

    /** Adds {@code part} word by word into this result: longs as longs, doubles as doubles (the default combine). */
    public void addAll(Result part) {
        long[] p = part.words;
        if (layout.allLongs()) {
            for (int i = 0; i < words.length; i++) {
                words[i] += p[i];
            }
        } else if (layout.allDoubles()) {
            for (int i = 0; i < words.length; i++) {
                words[i] = Double.doubleToRawLongBits(Double.longBitsToDouble(words[i]) + Double.longBitsToDouble(p[i]));
            }
        } else {
            for (int i = 0; i < words.length; i++) {
                words[i] = layout.isDouble(i)
                        ? Double.doubleToRawLongBits(Double.longBitsToDouble(words[i]) + Double.longBitsToDouble(p[i]))
                        : words[i] + p[i];
            }
        }
    }

    /** All words as longs (a copy). */
    public long[] longs() {
        return words.clone();
    }

    /** All words read as doubles (a copy), whatever the layout says. */
    public double[] doubles() {
        double[] d = new double[words.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Double.longBitsToDouble(words[i]);
        }
        return d;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        int shown = Math.min(words.length, 16);
        for (int i = 0; i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(layout.isDouble(i) ? String.valueOf(getDouble(i)) : String.valueOf(words[i]));
        }
        return text.append(words.length > shown ? ", ... (" + words.length + " words)]" : "]").toString();
    }
}
