package dev.shmc.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared JVM flags every shmc JVM runs with (Vector API module, native access, Chronicle's
 * opens): the file named by {@code -Dshmc.jvmArgsFile} (the launcher and surefire set it), else
 * the classpath resource {@code /dev/shmc/jvm.args} of the shm module. Peer JVMs and JMH forks
 * get exactly these.
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    /** The flags, one per element, comments and blank lines dropped. */
    public static List<String> shared() {
        List<String> lines;
        try {
            String file = System.getProperty("shmc.jvmArgsFile");
            if (file != null && Files.isReadable(Path.of(file))) {
                lines = Files.readAllLines(Path.of(file));
            } else {
                try (InputStream in = JvmFlags.class.getResourceAsStream("/dev/shmc/jvm.args")) {
                    if (in == null) {
                        throw new IllegalStateException("/dev/shmc/jvm.args is missing from the classpath (the shm module's resource)");
                    }
                    lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shared JVM flags", e);
        }
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }

    /** The java launcher of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
