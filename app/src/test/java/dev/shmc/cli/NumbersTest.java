package dev.shmc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class NumbersTest {
    @Test
    void shouldParseNumbersAsPeopleWriteThem() {
        assertEquals(1_000_000L, Numbers.parse("1000000"));
        assertEquals(1_000_000L, Numbers.parse("1_000_000"));
        assertEquals(1_000_000L, Numbers.parse("1,000,000"));
        assertEquals(100_000L, Numbers.parse("1,00,000"), "grouping in twos is a person's too");
        assertEquals(1_000_000_000L, Numbers.parse("1e9"));
        assertEquals(1_000_000_000L, Numbers.parse("1E+9"));
        assertEquals(2_500_000L, Numbers.parse("2.5e6"));
        assertEquals(1L, Numbers.parse("1000e-3"));
        assertEquals(1_000_000_000_000L, Numbers.parse("10^12"));
        assertEquals(-5L, Numbers.parse("-5"));
        assertEquals(5L, Numbers.parse("+5"));
        assertEquals(0L, Numbers.parse("0"));
        assertEquals(Long.MAX_VALUE, Numbers.parse("9223372036854775807"));
        assertEquals(Long.MAX_VALUE, Numbers.parse("2^63-1"));
        assertEquals(Long.MIN_VALUE + 1, Numbers.parse("-9_223_372_036_854_775_807"));
        assertEquals(1_000_000_000_000_000_003L, Numbers.parse("1e18+3"));
        assertEquals(4_294_967_297L, Numbers.parse("2^32+1"));
        assertEquals(1L, Numbers.parse("1^99999999999"));
        assertEquals(0L, Numbers.parse("0^7"));
        assertEquals(42L, Numbers.parse(" 42 "));
    }

    @Test
    void shouldParseIntsAndDecimalsTheSameWay() {
        assertEquals(8, Numbers.parseInt("8"));
        assertEquals(1000, Numbers.parseInt("1e3"));
        assertEquals(1000, Numbers.parseInt("1_000"));
        assertEquals(Integer.MAX_VALUE, Numbers.parseInt("2^31-1"));
        assertThrows(TypeConversionException.class, () -> Numbers.parseInt("2^31"));
        assertEquals(2.0, Numbers.parseDouble("2"));
        assertEquals(-0.5, Numbers.parseDouble("-0.5"));
        assertEquals(1e-3, Numbers.parseDouble("1e-3"));
        assertEquals(1000.25, Numbers.parseDouble("1_000.25"));
        assertThrows(TypeConversionException.class, () -> Numbers.parseDouble("1e999"));
    }

    @Test
    void shouldParseBigNumbersUpToTheirDigitBound() {
        assertEquals(BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE), Numbers.parseBig("2^127-1", 100));
        assertEquals(new BigInteger("18446744073709551557"), Numbers.parseBig("2^64-59", 100));
        assertEquals(new BigInteger("18446744073709551615"), Numbers.parseBig("18_446_744_073_709_551_615", 100));
        assertEquals(BigInteger.TEN.pow(99), Numbers.parseBig("1e99", 100), "100 digits");
        assertThrows(TypeConversionException.class, () -> Numbers.parseBig("1e100", 100), "101 digits");
        assertEquals(BigInteger.TEN.pow(100).subtract(BigInteger.ONE), Numbers.parseBig("10^100-1", 100), "100 nines");
        assertThrows(TypeConversionException.class, () -> Numbers.parseBig("10^100", 100));
        assertThrows(TypeConversionException.class, () -> Numbers.parseBig("2^2147483648", 100), "an exponent beyond an int");
        assertThrows(TypeConversionException.class, () -> Numbers.parseBig("9".repeat(101), 100));
        assertThrows(TypeConversionException.class, () -> Numbers.parseBig("1".repeat(100_000), 100), "refused before any parsing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "12x", "1.5", "0x10", "1_000__000", "_1000", "1000_", "1__000", "1e_9", "10^_3", "1,,000",
            ",1000", "1000,", "1_000,000", "1e", "e9", "1e9.5", "2^", "^3", "2^-1", "2^3^4", "1+2+3", "2^64--1", "--5", "1 000", "1.", ".5",
            "1e1_0", "NaN", "Infinity", "\u0663", "\u0661\u0660", "\u0967", "\uFF15", "1\u0660", "5\u200B"})
    void shouldRefuseWhatIsNotAWholeNumberWrittenWithAsciiDigits(String text) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> Numbers.parseBig(text, 1000), "'" + text + "'");
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "printable ASCII: " + e.getMessage());
    }

    @Test
    void shouldQuoteInputOnOneLineOfPrintableAscii() {
        assertEquals("'\\u0663'", Numbers.quote("\u0663"));
        assertEquals("'a\\u000Ab'", Numbers.quote("a\nb"));
        assertEquals("'" + "9".repeat(40) + "...'", Numbers.quote("9".repeat(100)));
    }
}
