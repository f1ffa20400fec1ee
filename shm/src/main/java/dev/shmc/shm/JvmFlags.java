package dev.shmc.shm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The JVM flags the shmc modules need. Each module that needs some lists them in
 * {@value #RESOURCE} in its jar (shm: native access for the FFM calls; kernels: the Vector API;
 * the registry, ND4J and cluster modules: what their libraries open), so a JVM started with a
 * classpath gets exactly the flags of the modules on it. The engine starts its worker JVMs with
 * {@link #required()}; a project that depends on shmc puts the same lines on its own command line
 * (README: "Use shmc from your project").
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    /** Where a module lists its flags: one per line, {@code #} comments, as a java {@code @argfile}. */
    public static final String RESOURCE = "META-INF/shmc/jvm.args";

    /**
     * System property naming one flags file that replaces the classpath's (the launcher and the
     * tests pass the build's concatenation of every module's list).
     */
    public static final String FILE_PROPERTY = "shmc.jvmArgsFile";

    /**
     * The flags: those of the file {@value #FILE_PROPERTY} names when it is set, else those of
     * every module on this JVM's classpath, in classpath order, each flag once.
     */
    public static List<String> required() {
        String file = System.getProperty(FILE_PROPERTY);
        try {
            Set<String> flags = new LinkedHashSet<>();
            if (file != null && !file.isBlank()) {
                flags.addAll(parse(Files.readString(Path.of(file))));
            } else {
                ClassLoader loader = JvmFlags.class.getClassLoader();
                for (URL url : Collections.list(loader.getResources(RESOURCE))) {
                    try (InputStream in = url.openStream()) {
                        flags.addAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
            return List.copyOf(flags);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JVM flags (" + (file != null ? file : RESOURCE) + "): " + e.getMessage(), e);
        }
    }

    private static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                out.add(l);
            }
        }
        return out;
    }
}
