package dev.shmc.engine.jobs;

import java.util.Arrays;
import java.util.Locale;

/** Parsing of the kernels' enum parameters (fill, map, reduction, sync), with one error wording. */
final class KernelEnums {
    private KernelEnums() {
    }

    /**
     * The constant of {@code type} called {@code name}, case-insensitive.
     *
     * @throws IllegalArgumentException "unknown WHAT 'name': use a, b or c"
     */
    static <E extends Enum<E>> E parse(Class<E> type, String name, String what) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String[] names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
            String choices = String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or " + names[names.length - 1];
            throw new IllegalArgumentException("unknown " + what + " '" + name + "': use " + choices);
        }
    }
}
