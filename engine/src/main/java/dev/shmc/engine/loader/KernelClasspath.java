package dev.shmc.engine.loader;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A job's own classpath: the jars and class directories its kernel classes are loaded from besides
 * the engine's classpath ({@code JobSpec.Builder.classpath}). Holds the rule every entry must pass,
 * applied when the job is built and again where its classes are loaded (the coordinator and each
 * worker), since files change; and the text the entries travel as, the value of the job's reserved
 * parameter {@code shmc.classpath}: absolute normalized paths joined by {@link File#pathSeparator}.
 *
 * <p>The rule: an entry exists; is a regular file whose name ends in {@code .jar}, or a directory;
 * is readable; and is writable by neither its group nor others, because a file that someone else
 * can rewrite could swap the kernel under an engine that runs jobs for a long time. The permission
 * check needs POSIX permissions; on a file system without them (Windows) only the rest is checked.
 * Links are followed: the target is checked. Only the entry itself is checked, not the class files
 * inside a class directory, nor the directories above it.
 *
 * <p>Stateless and thread-safe.
 */
public final class KernelClasspath {
    private KernelClasspath() {
    }

    /**
     * {@code entry} as an absolute normalized path, when it passes the rule above.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static Path checked(Path entry) {
        Path p = Objects.requireNonNull(entry, "classpath entry").toAbsolutePath().normalize();
        if (p.toString().contains(File.pathSeparator)) {
            throw refused(p, "contains the path separator '" + File.pathSeparator + "'");
        }
        if (!Files.exists(p)) {
            throw refused(p, "does not exist");
        }
        boolean directory = Files.isDirectory(p);
        if (!directory && !(Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))) {
            throw refused(p, "is neither a .jar file nor a directory");
        }
        if (!Files.isReadable(p)) {
            throw refused(p, "is not readable");
        }
        Set<PosixFilePermission> mode = permissions(p);
        if (mode != null && (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE))) {
            String who = mode.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group";
            throw refused(p, "is writable by " + who + " (" + PosixFilePermissions.toString(mode) + "): whoever can rewrite it could swap"
                    + " the kernel's classes; make it writable by its owner only (chmod go-w " + p + ")");
        }
        return p;
    }

    /**
     * The parameter text of {@code entries}: each {@link #checked}, joined by {@link File#pathSeparator};
     * empty for no entries.
     *
     * @throws IllegalArgumentException when an entry fails the rule
     */
    public static String text(List<Path> entries) {
        StringBuilder text = new StringBuilder();
        for (Path e : entries) {
            if (!text.isEmpty()) {
                text.append(File.pathSeparatorChar);
            }
            text.append(checked(e));
        }
        return text.toString();
    }

    /** The entries of a parameter text that {@link #text} wrote, unchecked; none for null or blank text. */
    public static List<Path> parse(String text) {
        List<Path> entries = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String e : text.split(File.pathSeparator)) {
                if (!e.isEmpty()) {
                    entries.add(Path.of(e));
                }
            }
        }
        return List.copyOf(entries);
    }

    /** The entry's POSIX permissions, or null on a file system without them. */
    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            throw refused(p, "has permissions that cannot be read (" + e.getMessage() + ")");
        }
    }

    private static IllegalArgumentException refused(Path p, String why) {
        return new IllegalArgumentException("kernel classpath entry " + p + " " + why);
    }
}
