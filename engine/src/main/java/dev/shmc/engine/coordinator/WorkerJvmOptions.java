package dev.shmc.engine.coordinator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The JVM options a user may give worker JVMs ({@code Engine.Builder.workerJvmOptions}), and where
 * they go on a worker's command line: after the engine's defaults (so {@code -Xmx2g} replaces the
 * default heap and a {@code -XX:+Use...GC} replaces the default serial collector), before the
 * engine's own {@code -Dshmc.role}, classpath, main class and arguments, which no option may change.
 *
 * <p>Allowed: {@code -X...} and {@code -XX:...} (heap, GC, logging, JIT), {@code -D<name>=<value>}
 * (but not {@code shmc.*}: workers inherit the coordinator's, and one of their own could point them
 * at another region directory), assertions ({@code -ea}, {@code -da}, {@code -esa}, {@code -dsa},
 * with {@code :...}), {@code -verbose:...}, agents ({@code -javaagent:}, {@code -agentlib:},
 * {@code -agentpath:}), and the module options in their one-argument form
 * ({@code --add-opens=...}, {@code --add-exports=...}, {@code --add-reads=...},
 * {@code --add-modules=...}, {@code --enable-native-access=...}, {@code --enable-preview}).
 * Refused: everything else, in particular what would replace the worker's program or stop it from
 * starting ({@code -cp}, {@code -classpath}, {@code --class-path}, {@code -jar}, {@code -m},
 * {@code --module-path}, {@code @argfiles}, {@code -version}, {@code -help}, a bare {@code -X}), a
 * blank option, and several options in one string.
 */
public final class WorkerJvmOptions {
    private static final List<String> PREFIXES = List.of("-verbose:", "-javaagent:", "-agentlib:", "-agentpath:", "--add-opens=",
            "--add-exports=", "--add-reads=", "--add-modules=", "--enable-native-access=");
    private static final Pattern ASSERTIONS = Pattern.compile("-(ea|da|esa|dsa|enableassertions|disableassertions|enablesystemassertions"
            + "|disablesystemassertions)(:.*)?");
    private static final Pattern MEMORY_SIZE = Pattern.compile("-X(mx|ms|mn|ss)(\\d+[kKmMgGtT]?)");
    private static final Pattern GC_CHOICE = Pattern.compile("-XX:\\+Use\\w+GC");
    private static final String ALLOWED = "allowed: -X..., -XX:..., -D<name>=<value>, -ea/-da, -verbose:..., -javaagent:..., -agentlib:...,"
            + " -agentpath:..., --add-opens=..., --add-exports=..., --add-reads=..., --add-modules=..., --enable-native-access=...,"
            + " --enable-preview";

    private WorkerJvmOptions() {
    }

    /**
     * {@code options}, checked.
     *
     * @throws IllegalArgumentException naming the first option that is refused, and why
     */
    public static List<String> checked(List<String> options) {
        List<String> out = new ArrayList<>(options.size());
        for (String option : options) {
            out.add(check(option));
        }
        return List.copyOf(out);
    }

    private static String check(String option) {
        Objects.requireNonNull(option, "a worker JVM option is null");
        if (option.isBlank()) {
            throw refused(option, "it is empty");
        }
        if (!option.equals(option.strip())) {
            throw refused(option, "it has leading or trailing spaces");
        }
        if (option.startsWith("-D")) {
            String name = option.substring(2, option.indexOf('=') < 0 ? option.length() : option.indexOf('='));
            if (name.isEmpty()) {
                throw refused(option, "it names no property");
            }
            if (name.startsWith("shmc.")) {
                throw refused(option, "set shmc.* properties on the coordinator's JVM: worker JVMs inherit them, and one of a worker's own"
                        + " could make it look for the engine in another place");
            }
            return option;
        }
        if (option.startsWith("-X")) {
            if (option.equals("-X") || option.equals("-XX:")) {
                throw refused(option, "it names no option (a bare -X prints the JVM's help and exits)");
            }
            if (option.chars().anyMatch(Character::isWhitespace)) {
                throw refused(option, "it holds several options: give each as a string of its own");
            }
            if (option.matches("-X(mx|ms|mn|ss).*") && !MEMORY_SIZE.matcher(option).matches()) {
                throw refused(option, "its size must be a number with an optional unit k, m, g or t (like -Xmx2g)");
            }
            return option;
        }
        if (ASSERTIONS.matcher(option).matches() || option.equals("--enable-preview")) {
            return option;
        }
        for (String prefix : PREFIXES) {
            if (option.startsWith(prefix) && option.length() > prefix.length()) {
                return option;
            }
        }
        if (PREFIXES.contains(option + "=")) {
            throw refused(option, "give its value in the same string: " + option + "=<value>");
        }
        if (List.of("-cp", "-classpath", "--class-path", "-jar", "-m", "--module", "-p", "--module-path", "--upgrade-module-path")
                .contains(option.contains("=") ? option.substring(0, option.indexOf('=')) : option) || option.startsWith("@")) {
            throw refused(option, "the engine sets the worker's classpath and main class (workers run with the coordinator's classpath)");
        }
        throw refused(option, ALLOWED);
    }

    /** Whether {@code options} choose a garbage collector (then the engine's default serial collector is left out). */
    static boolean choosesCollector(List<String> options) {
        return options.stream().anyMatch(o -> GC_CHOICE.matcher(o).matches());
    }

    private static IllegalArgumentException refused(String option, String why) {
        return new IllegalArgumentException("worker JVM option '" + option + "' refused: " + why);
    }
}
