package dev.shmc.engine.api;

import java.util.Arrays;

/**
 * The shape of a kernel's result: how many 64-bit words it has and which of them hold doubles.
 * The words themselves always travel as longs (a double as its raw bits); the layout lets
 * {@link Result} and {@link JobResult} read and write them typed, and lets the default
 * {@link Kernel#combine(Result, Result)} add longs as longs and doubles as doubles.
 *
 * <pre>{@code
 * ResultLayout.longs(32)                       // a 32-bin histogram
 * ResultLayout.doubles(3)                      // count, mean, M2 (Welford)
 * ResultLayout.doubles(2).thenLongs(1)         // sum, sum of squares, then a count
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class ResultLayout {
    /** Most words a result may have (16 Mi words, 128 MiB); see {@link Kernel#resultWords(Params)} for what large results cost. */
    public static final int MAX_WORDS = 1 << 24;

    private final boolean[] doubles;
    private final boolean allLongs;
    private final boolean allDoubles;

    private ResultLayout(boolean[] doubles) {
        if (doubles.length < 1 || doubles.length > MAX_WORDS) {
            throw new IllegalArgumentException("a result has 1 to " + MAX_WORDS + " words, not " + doubles.length);
        }
        this.doubles = doubles;
        boolean anyDouble = false;
        boolean anyLong = false;
        for (boolean d : doubles) {
            anyDouble |= d;
            anyLong |= !d;
        }
        this.allLongs = !anyDouble;
        this.allDoubles = !anyLong;
    }

    /** {@code words} longs. */
    public static ResultLayout longs(int words) {
        return new ResultLayout(new boolean[checked(words)]);
    }

    /** {@code words} doubles. */
    public static ResultLayout doubles(int words) {
        boolean[] d = new boolean[checked(words)];
        Arrays.fill(d, true);
        return new ResultLayout(d);
    }

    /** This layout followed by {@code words} longs. */
    public ResultLayout thenLongs(int words) {
        return new ResultLayout(Arrays.copyOf(doubles, doubles.length + checked(words)));
    }

    /** This layout followed by {@code words} doubles. */
    public ResultLayout thenDoubles(int words) {
        boolean[] d = Arrays.copyOf(doubles, doubles.length + checked(words));
        Arrays.fill(d, doubles.length, d.length, true);
        return new ResultLayout(d);
    }

    private static int checked(int words) {
        if (words < 0 || words > MAX_WORDS) {
            throw new IllegalArgumentException("a result has 1 to " + MAX_WORDS + " words, not " + words);
        }
        return words;
    }

    /** Number of words. */
    public int words() {
        return doubles.length;
    }

    /** Whether word {@code i} holds a double. */
    public boolean isDouble(int i) {
        return doubles[i];
    }

    /** Whether every word is a long (the layout of kernels that declare only {@link Kernel#resultWords()}). */
    public boolean allLongs() {
        return allLongs;
    }

    /** Whether every word is a double. */
    public boolean allDoubles() {
        return allDoubles;
    }

    /** A compact text form, for example {@code "D2L1"} (two doubles, then one long); see {@link #parse}. */
    public String encode() {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < doubles.length) {
            int j = i;
            while (j < doubles.length && doubles[j] == doubles[i]) {
                j++;
            }
            text.append(doubles[i] ? 'D' : 'L').append(j - i);
            i = j;
        }
        return text.toString();
    }

    /** The layout {@link #encode} wrote. */
    public static ResultLayout parse(String text) {
        ResultLayout layout = null;
        int i = 0;
        try {
            while (i < text.length()) {
                char kind = text.charAt(i++);
                int j = i;
                while (j < text.length() && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                int n = Integer.parseInt(text.substring(i, j));
                i = j;
                layout = switch (kind) {
                    case 'L' -> layout == null ? longs(n) : layout.thenLongs(n);
                    case 'D' -> layout == null ? doubles(n) : layout.thenDoubles(n);
                    default -> throw new IllegalArgumentException();
                };
            }
        } catch (RuntimeException e) {
            layout = null;
        }
        if (layout == null) {
            throw new IllegalArgumentException("not a result layout: '" + text + "'");
        }
        return layout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultLayout other && Arrays.equals(doubles, other.doubles);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(doubles);
    }

    @Override
    public String toString() {
        return encode();
    }
}
