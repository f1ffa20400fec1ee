package dev.shmc.engine.cli;

import java.math.BigDecimal;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses whole numbers the way people write big ones: {@code 1000000}, {@code 1_000_000},
 * {@code 1e9}, {@code 2.5e6}, {@code 10^12}. Anything that is not a whole number in the long range
 * is refused with a one-line message.
 */
public final class Numbers implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String text) {
        String s = text.strip().replace("_", "").replace(",", "");
        if (s.isEmpty()) {
            throw new TypeConversionException("'" + text + "' is not a number");
        }
        try {
            int caret = s.indexOf('^');
            if (caret > 0) {
                long base = Long.parseLong(s.substring(0, caret));
                int exp = Integer.parseInt(s.substring(caret + 1));
                return new BigDecimal(base).pow(exp).longValueExact();
            }
            return new BigDecimal(s).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number in range (examples: 1000000, 1_000_000, 1e9, 10^12)");
        }
    }
}
