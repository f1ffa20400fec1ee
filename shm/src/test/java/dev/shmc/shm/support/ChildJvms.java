package dev.shmc.shm.support;

import dev.shmc.shm.region.Regions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts real child JVMs for multi-process tests and kills every one of them (SIGKILL) after each
 * test, also when it fails; on failure it prints each child's output and the regions in its
 * directory.
 *
 * <pre>{@code @RegisterExtension final ChildJvms children = new ChildJvms();}</pre>
 *
 * A child runs {@code <java.home>/bin/java @<jvm.args> -Dshmc.jvmArgsFile=<jvm.args>
 * -Dshmc.role=test-child [-Dshmc.dir=<dir>] -Dshmc.checks=<as here> -Xmx256m -XX:+UseSerialGC
 * <options> -cp <this JVM's class path> <main> args...}: the same flags as every shmc JVM (the file
 * surefire names in {@code shmc.jvmArgsFile}, passed on so that a child can start worker JVMs),
 * the test's own region directory, and the test classes. Options come after the defaults and so
 * win over them ({@code -Xmx1g}, {@code -Dshmc.role=test-member}).
 */
public final class ChildJvms implements AfterEachCallback {
    private final List<ChildJvm> started = new ArrayList<>();
    private final Set<Path> directories = new LinkedHashSet<>();

    /** Starts {@code main} in a new JVM whose default region directory is {@code dir}. */
    public ChildJvm start(Path dir, Class<?> main, String... args) {
        return start(dir, List.of(), main, args);
    }

    /** Like {@link #start(Path, Class, String...)} with extra JVM options (such as {@code -Dshmc.attachDeadlineMs=...}). */
    public ChildJvm start(Path dir, List<String> jvmOptions, Class<?> main, String... args) {
        return start(dir, jvmOptions, main.getName(), args);
    }

    /** Like {@link #start(Path, List, Class, String...)} for a child that maps no region: no {@code -Dshmc.dir}. */
    public ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) {
        return start(null, jvmOptions, main.getName(), args);
    }

    /** Like {@link #start(Path, List, Class, String...)} with the main class by name; {@code dir} may be null (no {@code -Dshmc.dir}). */
    public synchronized ChildJvm start(Path dir, List<String> jvmOptions, String mainClass, String... args) {
        ChildJvm child = launch(dir, jvmOptions, mainClass, args);
        started.add(child);
        if (dir != null) {
            directories.add(dir);
        }
        return child;
    }

    /**
     * Starts a child JVM as {@link #start(Path, List, String, String...)} does, but one that no
     * test's end kills: for children that outlive a test (members started in {@code @BeforeAll}),
     * whose owner stops them.
     */
    public static ChildJvm launch(Path dir, List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = command(dir, jvmOptions, mainClass, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
            return new ChildJvm(simpleName + " " + String.join(" ", args), builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + command, e);
        }
    }

    /**
     * The command line of a child JVM as {@link #launch} starts it, for a test that starts it in a
     * wrapper of its own (a private mount namespace); {@code dir} may be null (no {@code -Dshmc.dir}).
     */
    public static List<String> command(Path dir, List<String> jvmOptions, String mainClass, String... args) {
        Path flags = jvmArgsFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + flags);
        command.add("-Dshmc.jvmArgsFile=" + flags);
        command.add("-Dshmc.role=test-child");
        if (dir != null) {
            command.add("-Dshmc.dir=" + dir);
        }
        command.add("-Dshmc.checks=" + System.getProperty("shmc.checks", "true"));
        // small, quiet children: a 2-core machine runs several of them next to the test JVM
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The JVM flags file: {@code shmc.jvmArgsFile} (set by surefire), else the shm module's resource. */
    static Path jvmArgsFile() {
        String configured = System.getProperty("shmc.jvmArgsFile");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        URL resource = ChildJvms.class.getResource("/dev/shmc/jvm.args");
        if (resource != null && "file".equals(resource.getProtocol())) {
            try {
                return Path.of(resource.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("bad jvm.args location " + resource, e);
            }
        }
        throw new IllegalStateException("no JVM flags file: set -Dshmc.jvmArgsFile (surefire does)");
    }

    /** The headers of the regions in {@code dir} (what {@code shmc stat} shows), for a failed test's log. */
    private static void printRegions(Path dir) {
        try {
            System.err.println("---- regions in " + dir + ":");
            for (Regions.RegionInfo info : Regions.list(dir).regions()) {
                System.err.println("  " + info + (info.stale() ? " STALE" : ""));
            }
        } catch (RuntimeException e) {
            System.err.println("  cannot list: " + e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<ChildJvm> children;
        List<Path> dirs;
        synchronized (this) {
            children = List.copyOf(started);
            dirs = List.copyOf(directories);
            started.clear();
            directories.clear();
        }
        AssertionError killFailure = null;
        for (ChildJvm child : children) {
            try {
                child.kill();
            } catch (AssertionError e) {
                killFailure = e;
            }
        }
        if (context.getExecutionException().isPresent()) {
            for (ChildJvm child : children) {
                System.err.println(child.report());
            }
            for (Path dir : dirs) {
                printRegions(dir);
            }
        }
        if (killFailure != null) {
            throw killFailure;
        }
    }
}
