package dev.shmc.engine.api;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed job parameters: exact round trips through the text a worker and the registry read, and errors that name the key. */
class ParamsTest {
    private static final double[] DOUBLES = {0.0, -0.0, 0.1, 0.1 + 0.2, 1.0 / 3, Math.PI, Double.MIN_VALUE, Double.MIN_NORMAL,
        Double.MAX_VALUE, -1e-300, 123456789.123456789, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    private static Params params(JobSpec.Builder b) {
        return Params.decode(b.units(1).build().params().encode()); // as a worker reads them
    }

    private static JobSpec.Builder builder() {
        return JobSpec.builder("some.Kernel");
    }

    @Test
    void shouldRoundTripEveryDoubleToTheSameBits() {
        JobSpec.Builder b = builder();
        for (int i = 0; i < DOUBLES.length; i++) {
            b.param("d" + i, DOUBLES[i]);
        }
        Params p = params(b.param("all", DOUBLES));
        for (int i = 0; i < DOUBLES.length; i++) {
            assertEquals(Double.doubleToRawLongBits(DOUBLES[i]), Double.doubleToRawLongBits(p.getDouble("d" + i)), "d" + i);
        }
        double[] all = p.getDoubles("all");
        assertEquals(DOUBLES.length, all.length);
        for (int i = 0; i < DOUBLES.length; i++) {
            assertEquals(Double.doubleToRawLongBits(DOUBLES[i]), Double.doubleToRawLongBits(all[i]), "all[" + i + "]");
        }
        assertTrue(Double.isNaN(params(builder().param("nan", Double.NaN)).getDouble("nan")));
    }

    @Test
    void shouldRoundTripLongsIntsBooleansEnumsStringsAndArrays() {
        long[] longs = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE};
        Params p = params(builder().param("l", Long.MIN_VALUE).param("i", Integer.MAX_VALUE).param("t", true).param("f", false)
                .param("s", Schedule.RANDOMIZED).param("text", "ünïcode, with = and \\").param("ls", longs).param("empty", new long[0])
                .param("none", new double[0]));
        assertEquals(Long.MIN_VALUE, p.getLong("l"));
        assertEquals(Integer.MAX_VALUE, p.getInt("i"));
        assertEquals(Integer.MAX_VALUE, p.getLong("i"));
        assertTrue(p.getBoolean("t"));
        assertFalse(p.getBoolean("f"));
        assertEquals(Schedule.RANDOMIZED, p.getEnum("s", Schedule.class));
        assertEquals("ünïcode, with = and \\", p.getString("text"));
        assertArrayEquals(longs, p.getLongs("ls"));
        assertArrayEquals(new long[0], p.getLongs("empty"));
        assertArrayEquals(new double[0], p.getDoubles("none"));
        assertEquals("-9223372036854775808,-1,0,1,9223372036854775807", p.getString("ls"), "compact text");
    }

    @Test
    void shouldSetTypedValuesGivenAsObjects() {
        Object longs = new long[] {1, 2};
        Object ints = new int[] {3, 4};
        Object doubles = new double[] {0.5};
        Object schedule = Schedule.STATIC;
        Params p = params(builder().param("ls", longs).param("is", ints).param("ds", doubles).param("e", schedule).param("n", (Object) 7L));
        assertArrayEquals(new long[] {1, 2}, p.getLongs("ls"));
        assertArrayEquals(new long[] {3, 4}, p.getLongs("is"));
        assertArrayEquals(new double[] {0.5}, p.getDoubles("ds"));
        assertEquals(Schedule.STATIC, p.getEnum("e", Schedule.class));
        assertEquals(7, p.getInt("n"));
    }

    @Test
    void shouldReadEnumsInAnyCaseAndFallBackWhenMissing() {
        Params p = params(builder().param("s", "randomized"));
        assertEquals(Schedule.RANDOMIZED, p.getEnum("s", Schedule.class));
        assertEquals(Schedule.STATIC, p.getEnum("missing", Schedule.STATIC));
        assertEquals(Schedule.RANDOMIZED, p.getEnum("s", Schedule.STATIC));
    }

    @Test
    void shouldFallBackOnlyWhenAKeyIsMissing() {
        Params p = params(builder().param("bins", "x"));
        assertEquals(5, p.getInt("other", 5));
        assertEquals(5L, p.getLong("other", 5L));
        assertEquals(0.5, p.getDouble("other", 0.5));
        assertTrue(p.getBoolean("other", true));
        assertArrayEquals(new long[] {9}, p.getLongs("other", new long[] {9}));
        assertArrayEquals(new double[] {9}, p.getDoubles("other", new double[] {9}));
        assertThrows(IllegalArgumentException.class, () -> p.getInt("bins", 5), "a bad value is not a missing one");
    }

    @Test
    void shouldNameTheKeyAndTheValueWhenAValueCannotBeRead() {
        Params p = params(builder().param("bins", "x").param("big", 3_000_000_000L).param("flag", "yes").param("ls", "1,two,3")
                .param("ds", "0.5,,1"));
        assertMessage("job parameter 'bins' is not an int: 'x'", () -> p.getInt("bins"));
        assertMessage("job parameter 'big' is not an int: '3000000000'", () -> p.getInt("big"));
        assertMessage("job parameter 'bins' is not a long: 'x'", () -> p.getLong("bins"));
        assertMessage("job parameter 'bins' is not a double: 'x'", () -> p.getDouble("bins"));
        assertMessage("job parameter 'flag' is not a boolean (true or false): 'yes'", () -> p.getBoolean("flag"));
        assertMessage("job parameter 'bins' is not a Schedule (one of DYNAMIC, STATIC, RANDOMIZED): 'x'", () -> p.getEnum("bins", Schedule.class));
        assertMessage("job parameter 'ls' is not a list of longs (element 1 is 'two'): '1,two,3'", () -> p.getLongs("ls"));
        assertMessage("job parameter 'ds' is not a list of doubles (element 1 is ''): '0.5,,1'", () -> p.getDoubles("ds"));
        assertMessage("missing job parameter 'nope'", () -> p.getInt("nope"));
    }

    @Test
    void shouldWriteTheTextOfMapToStringWhenNothingNeedsEscaping() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("samples", "1000000");
        m.put("kernel", "vector");
        m.put("ls", "1,2,3");
        m.put("path", "/tmp/x=y");
        assertEquals(m.toString(), Params.of(m).toString(), "the registry's entries of earlier jobs still match");
        assertEquals("{}", Params.empty().toString());
    }

    @Test
    void shouldParseItsTextBackExactly() {
        for (Map<String, String> m : List.<Map<String, String>>of(Map.of(), Map.of("a", ""), Map.of("a", "1"), ordered("a", "x, y", "b=c", "d\\", "e", "f,"),
                ordered("", "=", "k, ", ", ", "\\", "\\\\, "), ordered("x", "}", "{y", "{"))) {
            Params p = Params.of(m);
            assertEquals(m, Params.parse(p.toString()).asMap(), p.toString());
            assertEquals(p.toString(), Params.parse(p.toString()).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> Params.parse("a=1"));
        assertThrows(IllegalArgumentException.class, () -> Params.parse("{a}"));
    }

    @Test
    void shouldKeepTheEncodedRecordFormat() {
        // count, then modified-UTF-8 key/value pairs: what worker JVMs of an earlier build read
        byte[] encoded = Params.of(Map.of("n", "5")).encode();
        assertArrayEquals(new byte[] {0, 1, 0, 1, 'n', 0, 1, '5'}, encoded);
        assertEquals(Map.of("n", "5"), Params.decode(encoded).asMap());
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
