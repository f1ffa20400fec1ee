package dev.shmc.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses whole numbers the way people write big ones, for every number option of the CLI (the
 * converter of {@code long}/{@code Long}; {@link #parseInt} of {@code int}/{@code Integer},
 * {@link #parseDouble} of {@code double}/{@code Double}) and for {@code is-prime}'s N
 * ({@link #parseBig}):
 * <ul>
 *   <li>digits {@code 0-9} (ASCII only: other scripts' digits, which Java's own parsers accept,
 *       are refused), optionally grouped by single {@code _} or {@code ,} between digits, one
 *       kind per number: {@code 1000000}, {@code 1_000_000}, {@code 1,000,000};</li>
 *   <li>a power of ten: {@code 1e9}, {@code 2.5e6} (the value must be whole), {@code 1E+9};</li>
 *   <li>a power: {@code 10^12}, {@code 2^64};</li>
 *   <li>one of these plus or minus another, as Mersenne and Fermat numbers are written:
 *       {@code 2^127-1}, {@code 2^32+1}, {@code 1e18+3};</li>
 *   <li>a leading {@code -} or {@code +} (the option decides whether a negative value makes
 *       sense).</li>
 * </ul>
 * Anything else ({@code _1000}, {@code 1000_}, {@code 1__000}, {@code 1e_9}, {@code 10^_3},
 * {@code 0x10}, {@code 1.5}) is refused with a one-line message.
 */
public final class Numbers implements ITypeConverter<Long> {
    /** Digits, grouped by single underscores or by single commas. */
    private static final String DIGITS = "(?:[0-9]+(?:_[0-9]+)*|[0-9]+(?:,[0-9]+)*)";
    /** One term: a decimal with an optional power-of-ten exponent, or base^exponent. */
    private static final String TERM = "(?:" + DIGITS + "(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|" + DIGITS + "\\^[0-9]+)";
    private static final Pattern NUMBER = Pattern.compile("([+-]?)(" + TERM + ")(?:([+-])(" + TERM + "))?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?" + DIGITS + "(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    /** Digits the long and int options parse before their range check (which says what the range is). */
    private static final int OPTION_DIGITS = 40;
    private static final String EXAMPLES = "1000000, 1_000_000, 1e9, 10^12";

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /** A whole number in the range of a long. */
    public static long parse(String text) {
        BigInteger v = parseBig(text, OPTION_DIGITS);
        if (v.bitLength() > 63) {
            throw new TypeConversionException(quote(text) + " is out of range (at most 9223372036854775807 in magnitude)");
        }
        return v.longValue();
    }

    /** A whole number in the range of an int. */
    public static int parseInt(String text) {
        BigInteger v = parseBig(text, OPTION_DIGITS);
        if (v.bitLength() > 31) {
            throw new TypeConversionException(quote(text) + " is out of range (at most 2147483647 in magnitude)");
        }
        return v.intValue();
    }

    /**
     * A whole number of at most {@code maxDigits} decimal digits, written as the class says.
     *
     * @throws TypeConversionException with a one-line message otherwise
     */
    public static BigInteger parseBig(String text, int maxDigits) {
        String s = text.strip();
        // a generous bound before any regular expression runs: the digits, separators and an operator
        if (s.length() > 2 * maxDigits + 16) {
            throw new TypeConversionException(quote(text) + " has more than " + maxDigits + " digits");
        }
        Matcher m = NUMBER.matcher(s);
        if (!m.matches()) {
            throw notANumber(text);
        }
        BigInteger v = term(m.group(2), text, maxDigits);
        if (m.group(1).equals("-")) {
            v = v.negate();
        }
        if (m.group(3) != null) {
            BigInteger w = term(m.group(4), text, maxDigits);
            v = m.group(3).equals("+") ? v.add(w) : v.subtract(w);
        }
        if (digits(v) > maxDigits) {
            throw tooLarge(text, maxDigits);
        }
        return v;
    }

    /**
     * A finite decimal number: digits as for whole numbers, an optional fraction and exponent
     * ({@code 2}, {@code -0.5}, {@code 1e-3}, {@code 1_000.25}).
     */
    public static double parseDouble(String text) {
        String s = text.strip();
        if (s.length() > 64 || !DECIMAL.matcher(s).matches()) {
            throw new TypeConversionException(quote(text) + " is not a decimal number (examples: 2, -0.5, 1e-3; digits 0-9 only)");
        }
        double v = Double.parseDouble(s.replace("_", "").replace(",", ""));
        if (!Double.isFinite(v)) {
            throw new TypeConversionException(quote(text) + " is out of range");
        }
        return v;
    }

    private static BigInteger term(String t, String text, int maxDigits) {
        String plain = t.replace("_", "").replace(",", "");
        int caret = plain.indexOf('^');
        if (caret > 0) {
            BigInteger base = new BigInteger(plain.substring(0, caret));
            BigInteger exponent = new BigInteger(plain.substring(caret + 1));
            if (base.compareTo(BigInteger.ONE) <= 0) {
                return base.signum() == 0 && exponent.signum() != 0 ? BigInteger.ZERO : BigInteger.ONE;
            }
            // base^e has at least e * (bits(base) - 1) * log10(2) digits: refuse before computing a huge power
            if (exponent.bitLength() > 31 || (double) exponent.intValue() * (base.bitLength() - 1) * 0.30103 > maxDigits + 1) {
                throw tooLarge(text, maxDigits);
            }
            return base.pow(exponent.intValue());
        }
        BigDecimal d;
        try {
            d = new BigDecimal(plain);
        } catch (NumberFormatException e) {
            throw tooLarge(text, maxDigits); // only an exponent beyond the int range gets here
        }
        if (d.signum() == 0) {
            return BigInteger.ZERO;
        }
        d = d.stripTrailingZeros();
        if (d.scale() > 0) {
            throw new TypeConversionException(quote(text) + " is not a whole number");
        }
        // digits: precision - scale; refuse before multiplying out a huge exponent
        if ((long) d.precision() - d.scale() > maxDigits + 1) {
            throw tooLarge(text, maxDigits);
        }
        return d.toBigInteger();
    }

    /** Decimal digits of |v| (0 has 1). */
    private static int digits(BigInteger v) {
        int estimate = (int) (v.bitLength() * 0.30102999566398120) + 1; // log10(2): exact or one too many
        return estimate > 1 && v.abs().compareTo(BigInteger.TEN.pow(estimate - 1)) < 0 ? estimate - 1 : estimate;
    }

    private static TypeConversionException notANumber(String text) {
        return new TypeConversionException(quote(text) + " is not a whole number (examples: " + EXAMPLES
                + "; digits 0-9 only, grouped by single _ or , between digits)");
    }

    private static TypeConversionException tooLarge(String text, int maxDigits) {
        return new TypeConversionException(quote(text) + " is too large (more than " + maxDigits + " digits)");
    }

    /**
     * The text in quotes as it can be shown on one line: characters outside printable ASCII as
     * {@code \}{@code uXXXX} (so that a digit of another script shows why it was refused), and
     * cut after 40 characters.
     */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (++shown > 40) {
                b.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.append('\'').toString();
    }
}
