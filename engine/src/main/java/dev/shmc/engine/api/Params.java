package dev.shmc.engine.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A job's parameters: an ordered set of named values, set with the typed
 * {@link JobSpec.Builder#param(String, long) JobSpec.Builder.param} overloads and read back with
 * the typed getters below, the same way in the coordinator and in every worker.
 *
 * <p>Every value is kept as text, so the record a worker reads and the job registry's entry are
 * the same whatever the type: a long or an int in decimal, a double as {@link Double#toString}
 * (which reads back to the same bits for every double but a NaN's payload), a boolean as
 * {@code true} or {@code false}, an enum constant by its name, and a {@code long[]} or
 * {@code double[]} as its elements joined by commas ({@code "1,2,3"}, {@code ""} when empty). A
 * getter that cannot read a value throws {@link IllegalArgumentException} naming the key and the
 * value, for example {@code job parameter 'bins' is not an int: 'x'}.
 *
 * <p>Workers read the parameters from the control region as a compact record (a count, then UTF
 * key and value pairs; {@link #encode}), never through Java serialization; a job's parameters take
 * at most 16 KiB encoded, so arrays must be small (a few hundred elements; large inputs belong in
 * a shared array, {@link KernelContext#doubleArray}). Keys that start with {@value #RESERVED_PREFIX}
 * are the engine's (a kernel given as a method reference keeps its targets there).
 *
 * <p>Immutable and thread-safe.
 */
public final class Params {
    /** Keys starting with this belong to the engine; {@link JobSpec.Builder#param(String, String)} refuses them. */
    public static final String RESERVED_PREFIX = "shmc.";

    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Parameters with {@code values}, in their iteration order. */
    public static Params of(Map<String, String> values) {
        return new Params(new LinkedHashMap<>(values));
    }

    /** No parameters. */
    public static Params empty() {
        return new Params(new LinkedHashMap<>());
    }

    /** Whether {@code key} has a value. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The text of {@code key}.
     *
     * @throws IllegalArgumentException when it has no value
     */
    public String getString(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing job parameter '" + key + "'");
        }
        return v;
    }

    /** The text of {@code key}, or {@code fallback} when it has no value. */
    public String getString(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /**
     * {@code key} as a long (decimal).
     *
     * @throws IllegalArgumentException when it has no value or is not a long
     */
    public long getLong(String key) {
        return parseLong(key, getString(key));
    }

    /** {@code key} as a long, or {@code fallback} when it has no value; throws when it has one that is not a long. */
    public long getLong(String key, long fallback) {
        return has(key) ? getLong(key) : fallback;
    }

    /**
     * {@code key} as an int (decimal, within the int range).
     *
     * @throws IllegalArgumentException when it has no value or is not an int
     */
    public int getInt(String key) {
        return parseInt(key, getString(key));
    }

    /** {@code key} as an int, or {@code fallback} when it has no value; throws when it has one that is not an int. */
    public int getInt(String key, int fallback) {
        return has(key) ? getInt(key) : fallback;
    }

    /**
     * {@code key} as a double ({@link Double#parseDouble}: the same bits that were set).
     *
     * @throws IllegalArgumentException when it has no value or is not a number
     */
    public double getDouble(String key) {
        return parseDouble(key, getString(key));
    }

    /** {@code key} as a double, or {@code fallback} when it has no value; throws when it has one that is not a number. */
    public double getDouble(String key, double fallback) {
        return has(key) ? getDouble(key) : fallback;
    }

    /**
     * {@code key} as a boolean: {@code true} or {@code false}, in any case.
     *
     * @throws IllegalArgumentException when it has no value or is neither
     */
    public boolean getBoolean(String key) {
        return parseBoolean(key, getString(key));
    }

    /** {@code key} as a boolean, or {@code fallback} when it has no value; throws when it has one that is neither true nor false. */
    public boolean getBoolean(String key, boolean fallback) {
        return has(key) ? getBoolean(key) : fallback;
    }

    /**
     * {@code key} as a constant of {@code type}: by its name, or by its name in another case when
     * only one constant matches so ({@code "sum"} for {@code SUM}).
     *
     * @throws IllegalArgumentException when it has no value or names no constant
     */
    public <E extends Enum<E>> E getEnum(String key, Class<E> type) {
        return parseEnum(key, getString(key), type);
    }

    /** {@code key} as a constant of {@code fallback}'s type, or {@code fallback} when it has no value. */
    public <E extends Enum<E>> E getEnum(String key, E fallback) {
        return has(key) ? getEnum(key, fallback.getDeclaringClass()) : fallback;
    }

    /**
     * {@code key} as longs joined by commas (a new array).
     *
     * @throws IllegalArgumentException when it has no value or an element is not a long
     */
    public long[] getLongs(String key) {
        return parseLongs(key, getString(key));
    }

    /** {@code key} as longs, or {@code fallback} (not copied) when it has no value. */
    public long[] getLongs(String key, long[] fallback) {
        return has(key) ? getLongs(key) : fallback;
    }

    /**
     * {@code key} as doubles joined by commas (a new array; the same bits that were set).
     *
     * @throws IllegalArgumentException when it has no value or an element is not a number
     */
    public double[] getDoubles(String key) {
        return parseDoubles(key, getString(key));
    }

    /** {@code key} as doubles, or {@code fallback} (not copied) when it has no value. */
    public double[] getDoubles(String key, double[] fallback) {
        return has(key) ? getDoubles(key) : fallback;
    }

    /** All keys and their texts, in order (unmodifiable). */
    public Map<String, String> asMap() {
        return values;
    }

    // ------------------------------------------------------------------ text of typed values

    /** The text of a {@code long[]} parameter: decimal elements joined by commas. */
    static String text(long[] values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    /** The text of a {@code double[]} parameter: {@link Double#toString} of each element, joined by commas. */
    static String text(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    private static IllegalArgumentException notA(String key, String what, String value) {
        return new IllegalArgumentException("job parameter '" + key + "' is not " + what + ": '" + value + "'");
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw notA(key, "a long", v);
        }
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw notA(key, "an int", v);
        }
    }

    private static double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw notA(key, "a double", v);
        }
    }

    private static boolean parseBoolean(String key, String v) {
        String s = v.strip();
        if (s.equalsIgnoreCase("true")) {
            return true;
        }
        if (s.equalsIgnoreCase("false")) {
            return false;
        }
        throw notA(key, "a boolean (true or false)", v);
    }

    private static <E extends Enum<E>> E parseEnum(String key, String v, Class<E> type) {
        E[] constants = type.getEnumConstants();
        String s = v.strip();
        E match = null;
        int matches = 0;
        for (E c : constants) {
            if (c.name().equals(s)) {
                return c;
            }
            if (c.name().equalsIgnoreCase(s)) {
                match = c;
                matches++;
            }
        }
        if (matches == 1) {
            return match;
        }
        String names = Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
        throw notA(key, "a " + type.getSimpleName() + " (one of " + names + ")", v);
    }

    private static long[] parseLongs(String key, String v) {
        if (v.isBlank()) {
            return new long[0];
        }
        String[] parts = v.split(",", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                throw notA(key, "a list of longs (element " + i + " is '" + parts[i] + "')", v);
            }
        }
        return out;
    }

    private static double[] parseDoubles(String key, String v) {
        if (v.isBlank()) {
            return new double[0];
        }
        String[] parts = v.split(",", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw notA(key, "a list of doubles (element " + i + " is '" + parts[i] + "')", v);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ encodings

    /** The compact record workers read: a count (unsigned short), then each key and value as modified UTF-8. */
    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(values.size());
            for (Map.Entry<String, String> e : values.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The parameters {@link #encode} wrote.
     *
     * @throws IllegalArgumentException when {@code encoded} is not such a record
     */
    public static Params decode(byte[] encoded) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
            int n = in.readUnsignedShort();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                values.put(in.readUTF(), in.readUTF());
            }
            return new Params(values);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt job parameters", e);
        }
    }

    /**
     * The parameters as text, as the job registry records them: {@code {key=value, key=value}},
     * the form of {@link Map#toString()}, with a backslash before a backslash, before a comma
     * followed by a space, and before an {@code =} in a key, so that {@link #parse} reads it back
     * exactly. Parameters without those characters read as with {@code Map.toString()}.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (text.length() > 1) {
                text.append(", ");
            }
            escape(text, e.getKey(), true);
            text.append('=');
            escape(text, e.getValue(), false);
        }
        return text.append('}').toString();
    }

    private static void escape(StringBuilder text, String s, boolean key) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || (c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ' ') || (key && c == '=')) {
                text.append('\\');
            }
            text.append(c);
        }
    }

    /**
     * The parameters {@link #toString} wrote (a job registry entry's {@code params}).
     *
     * @throws IllegalArgumentException when {@code text} is not such a list
     */
    static Params parse(String text) {
        if (text.length() < 2 || text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
            throw new IllegalArgumentException("not a job parameter list: '" + text + "'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        String body = text.substring(1, text.length() - 1);
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inKey = true;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                (inKey ? key : value).append(body.charAt(++i));
            } else if (inKey && c == '=') {
                inKey = false;
            } else if (!inKey && c == ',' && i + 1 < body.length() && body.charAt(i + 1) == ' ') {
                values.put(key.toString(), value.toString());
                key.setLength(0);
                value.setLength(0);
                inKey = true;
                i++;
            } else {
                (inKey ? key : value).append(c);
            }
        }
        if (!body.isEmpty()) {
            if (inKey) {
                throw new IllegalArgumentException("not a job parameter list (no '=' after key '" + key + "'): '" + text + "'");
            }
            values.put(key.toString(), value.toString());
        }
        return new Params(values);
    }

    /** Whether {@code key} is one of the engine's ({@value #RESERVED_PREFIX}...). */
    static boolean isReserved(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX);
    }
}
