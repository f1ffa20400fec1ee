package dev.shmc.engine.loader;

import dev.shmc.engine.config.EngineConfig;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The class loaders that jobs' kernel classes come from, in the coordinator and in every worker:
 * the engine's own loader for a job without a classpath of its own, else a {@link URLClassLoader}
 * over the job's entries ({@link KernelClasspath}) whose parent is the engine's loader, so that
 * the engine's API types are shared and a job's jar cannot replace them.
 *
 * <p><b>Cache.</b> Jobs with the same classpath share one loader (its classes are loaded once per
 * JVM, not once per job), keyed by the entries in order together with each jar's size, last
 * modification time and file identity (inode): a jar rebuilt in place, or replaced by another
 * file, gets a new loader at the next job, and its new classes are what that job runs. A class
 * directory is keyed by its path only: classes changed inside it are not seen by a loader that
 * already loaded them (name a new directory, or a jar, for a new version). At most
 * {@link EngineConfig#KERNEL_LOADERS} loaders are kept; beyond that the least recently used one
 * is dropped from the cache, not closed: a job still queued or running with it goes on loading its
 * classes (a closed loader would load none, and a kernel touching a class for the first time would
 * fail), and its jars are closed by the JDK's cleaner once nothing holds the loader any more.
 *
 * <p>Every entry is checked again ({@link KernelClasspath#checked}) each time a loader is asked
 * for, since files change between building a job and running it. Thread-safe: the checks happen
 * outside the cache's lock, the look-up and the eviction inside it.
 */
public final class KernelClassLoaders {
    private static final ClassLoader ENGINE = KernelClassLoaders.class.getClassLoader();

    /** Guarded by itself. In access order, so the eldest entry is the least recently used. */
    private static final Map<List<Stamp>, JobClassLoader> LOADERS = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Stamp>, JobClassLoader> eldest) {
            // dropped, not closed: a job that still runs with it may load classes yet
            return size() > EngineConfig.KERNEL_LOADERS;
        }
    };

    private KernelClassLoaders() {
    }

    /** The engine's own class loader: the one of a job without a classpath of its own. */
    public static ClassLoader engineLoader() {
        return ENGINE;
    }

    /**
     * The loader of a job whose reserved parameter {@code shmc.classpath} is {@code classpathParam}:
     * the {@linkplain #engineLoader engine's} for null or blank text, else the cached loader of
     * those entries as they are now (see the class comment).
     *
     * @throws IllegalArgumentException when an entry fails {@link KernelClasspath#checked}
     */
    public static ClassLoader forClasspath(String classpathParam) {
        List<Path> entries = KernelClasspath.parse(classpathParam);
        if (entries.isEmpty()) {
            return ENGINE;
        }
        List<Stamp> key = new ArrayList<>(entries.size());
        for (Path e : entries) {
            key.add(Stamp.of(KernelClasspath.checked(e)));
        }
        synchronized (LOADERS) {
            return LOADERS.computeIfAbsent(List.copyOf(key), JobClassLoader::new);
        }
    }

    /**
     * Where {@code loader} looks for classes, for messages: {@code the engine's classpath};
     * {@code the engine's classpath and the job's, /home/me/k.jar:/home/me/classes} for a job's
     * loader; else {@code the class loader} and the loader's text.
     */
    public static String searched(ClassLoader loader) {
        if (loader instanceof JobClassLoader job) {
            return "the engine's classpath and the job's, " + job.classpath;
        }
        return loader == ENGINE ? "the engine's classpath" : "the class loader " + loader;
    }

    /**
     * Makes {@code loader} the current thread's context class loader until the returned scope is
     * closed, which restores the previous one: for the calls of a job's kernel, so that what the
     * kernel resolves through the context loader (a method kernel's targets, a
     * {@link java.util.ServiceLoader}) comes from the job's classpath. The
     * {@linkplain #engineLoader engine's} loader leaves the thread's context loader as it is (a
     * host such as a notebook may have set one that sees the user's classes). Use in a
     * try-with-resources on one thread.
     */
    public static ContextLoader asContextLoader(ClassLoader loader) {
        return new ContextLoader(loader);
    }

    /** A context class loader set for a while; {@link #close} restores the thread's previous one. */
    public static final class ContextLoader implements AutoCloseable {
        private final Thread thread = Thread.currentThread();
        private final ClassLoader previous = thread.getContextClassLoader();
        private final boolean changed;

        private ContextLoader(ClassLoader loader) {
            changed = loader != ENGINE && loader != previous;
            if (changed) {
                thread.setContextClassLoader(loader);
            }
        }

        /** Restores the context class loader the thread had before. */
        @Override
        public void close() {
            if (changed) {
                thread.setContextClassLoader(previous);
            }
        }
    }

    /** An entry as the cache tells its versions apart: a jar by size, modification time and file identity; a directory by path. */
    private record Stamp(Path path, long size, FileTime modified, Object fileKey) {
        static Stamp of(Path p) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (IOException e) {
                throw new IllegalArgumentException("kernel classpath entry " + p + " cannot be read: " + e.getMessage(), e);
            }
            return a.isDirectory() ? new Stamp(p, -1, null, null) : new Stamp(p, a.size(), a.lastModifiedTime(), a.fileKey());
        }

        URL url() {
            try {
                return path.toUri().toURL(); // a directory's URI ends in '/', which URLClassLoader needs to read it as one
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("kernel classpath entry " + path + " has no URL: " + e.getMessage(), e);
            }
        }
    }

    /** The loader of one version of a job's classpath. */
    private static final class JobClassLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        final String classpath;

        JobClassLoader(List<Stamp> entries) {
            super(entries.stream().map(Stamp::url).toArray(URL[]::new), ENGINE);
            this.classpath = entries.stream().map(s -> s.path().toString()).collect(Collectors.joining(java.io.File.pathSeparator));
        }

        @Override
        public String toString() {
            return "kernel class loader of " + classpath;
        }
    }
}
