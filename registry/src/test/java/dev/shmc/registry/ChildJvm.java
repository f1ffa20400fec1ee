package dev.shmc.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in its own JVM with this JVM's classpath and the shared JVM flags. */
public final class ChildJvm {
    private ChildJvm() {
    }

    public static Process start(Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + System.getProperty("shmc.jvmArgsFile"));
        cmd.add("-Dshmc.jvmArgsFile=" + System.getProperty("shmc.jvmArgsFile"));
        cmd.add("-Dshmc.role=test-child");
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Reads the child's output up to a line starting with {@code prefix}; returns it, or null at end of output. */
    public static String readUntil(BufferedReader out, String prefix, StringBuilder seen) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    public static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }
}
