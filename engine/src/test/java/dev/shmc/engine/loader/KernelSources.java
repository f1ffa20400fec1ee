package dev.shmc.engine.loader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Kernels compiled while a test runs, into class directories and jars that are not on the test's
 * classpath (package {@code loadertest}): what a user's program or a resident service hands the
 * engine by {@code JobSpec.Builder.classpath}. Directories are made 0700 and jars 0600.
 */
public final class KernelSources {
    /** A kernel class: {@code FACTOR} times the sum of its units; each method fails unless its own loader is the context loader. */
    public static final String KERNEL = "loadertest.ScaledSum";
    /** Static methods: {@code sumOfSquares}, {@code FACTOR} times the sum of the squares of its units, and {@code reference()} to it. */
    public static final String MATH = "loadertest.JarMath";

    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private KernelSources() {
    }

    /** {@code factor} times the sum of [0, n). */
    public static long scaledSum(long factor, long n) {
        return factor * (n * (n - 1) / 2);
    }

    /** {@code factor} times the sum of the squares of [0, n). */
    static long scaledSumOfSquares(long factor, long n) {
        long s = 0;
        for (long i = 0; i < n; i++) {
            s += i * i;
        }
        return factor * s;
    }

    /** Compiles {@link #KERNEL} and {@link #MATH} with {@code factor} into the new directory {@code dir} (0700). */
    public static Path compile(Path dir, long factor) throws IOException {
        return compile(dir, List.of(source(KERNEL, kernelSource(factor)), source(MATH, mathSource(factor))));
    }

    /** Packs the classes under {@code classes} into {@code jar} (0600), replacing its content in place when it exists. */
    public static Path jar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            for (Path f : files) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(f));
                jarOut.closeEntry();
            }
        }
        Files.setPosixFilePermissions(jar, OWNER_ONLY_FILE);
        return jar;
    }

    /** A new directory {@code dir}, created 0700. */
    static Path privateDirectory(Path dir) throws IOException {
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR);
        return Files.createDirectory(dir, mode);
    }

    private static Path compile(Path dir, List<JavaFileObject> sources) throws IOException {
        privateDirectory(dir);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none");
        boolean ok = javac.getTask(null, null, diagnostics, options, null, sources).call();
        if (!ok) {
            throw new AssertionError("test kernels did not compile: " + diagnostics.getDiagnostics());
        }
        return dir;
    }

    private static JavaFileObject source(String className, String code) {
        return new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    private static String kernelSource(long factor) {
        return """
                package loadertest;

                import dev.shmc.engine.api.Kernel;
                import dev.shmc.engine.api.KernelContext;
                import dev.shmc.engine.api.Params;
                import dev.shmc.engine.api.Result;
                import dev.shmc.engine.api.ResultLayout;

                public final class ScaledSum implements Kernel {
                    public static final long FACTOR = %dL;

                    @Override
                    public ResultLayout resultLayout(Params params) {
                        inOwnLoader("resultLayout");
                        return ResultLayout.longs(1);
                    }

                    @Override
                    public long defaultChunkSize(Params params, long units) {
                        inOwnLoader("defaultChunkSize");
                        return 0;
                    }

                    @Override
                    public void init(KernelContext ctx) {
                        inOwnLoader("init");
                    }

                    @Override
                    public void compute(KernelContext ctx, long from, long to, Result out) {
                        inOwnLoader("compute");
                        long s = 0;
                        for (long i = from; i < to; i++) {
                            s += FACTOR * i;
                        }
                        out.setLong(0, s);
                    }

                    @Override
                    public void identity(Result acc) {
                        inOwnLoader("identity");
                        acc.setLong(0, 0);
                    }

                    @Override
                    public void combine(Result acc, Result part) {
                        inOwnLoader("combine");
                        acc.addLong(0, part.getLong(0));
                    }

                    private static void inOwnLoader(String method) {
                        ClassLoader context = Thread.currentThread().getContextClassLoader();
                        if (context != ScaledSum.class.getClassLoader()) {
                            throw new IllegalStateException(method + " ran with the context class loader " + context
                                    + ", not its own " + ScaledSum.class.getClassLoader());
                        }
                    }
                }
                """.formatted(factor);
    }

    private static String mathSource(long factor) {
        return """
                package loadertest;

                import dev.shmc.engine.api.ChunkFunction;
                import dev.shmc.engine.api.KernelContext;
                import dev.shmc.engine.api.Result;

                public final class JarMath {
                    public static final long FACTOR = %dL;

                    private JarMath() {
                    }

                    public static void sumOfSquares(KernelContext ctx, long from, long to, Result out) {
                        long s = 0;
                        for (long i = from; i < to; i++) {
                            s += i * i;
                        }
                        out.setLong(0, FACTOR * s);
                    }

                    public static ChunkFunction reference() {
                        return JarMath::sumOfSquares;
                    }
                }
                """.formatted(factor);
    }
}
