package dev.shmc.engine.api;

import dev.shmc.engine.loader.KernelClasspath;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a kernel, a range of work units [from, to), parameters, a seed and how to cut and
 * schedule the range. Immutable; build with one of the {@code builder} methods.
 *
 * <p>The kernel is a {@link Kernel} class, or static methods named by method references:
 *
 * <pre>{@code
 * JobSpec pi = JobSpec.builder(PiKernel.class).units(0, blocks).seed(42).param("samples", n).build();
 *
 * JobSpec sums = JobSpec.builder(ResultLayout.doubles(2), MyMath::sumAndSquares)   // static void sumAndSquares(KernelContext, long, long, Result)
 *         .combine(MyMath::merge)                                                  // optional: static void merge(Result acc, Result part)
 *         .units(1_000_000).param("scale", 0.5).build();
 * }</pre>
 *
 * <p>The kernel's classes are on the engine's classpath, or in jars and class directories the job
 * names itself ({@link Builder#classpath(Path...)}), for an engine whose workers were started
 * before the kernel was written.
 */
public final class JobSpec {
    /**
     * Class name of the engine's kernel that runs a job built from method references
     * ({@link #builder(ResultLayout, ChunkFunction)}); it finds the methods by the reserved
     * parameters {@link #LAYOUT_PARAM}, {@link #COMPUTE_PARAM}, {@link #COMBINE_PARAM} and
     * {@link #IDENTITY_PARAM}.
     */
    public static final String METHOD_KERNEL = "dev.shmc.engine.jobs.MethodKernel";

    /** Reserved parameter of a method kernel's job: its result layout ({@link ResultLayout#encode}). */
    public static final String LAYOUT_PARAM = Params.RESERVED_PREFIX + "layout";

    /** Reserved parameter of a method kernel's job: its compute method, {@code com.example.MyMath::sumOfSquares}. */
    public static final String COMPUTE_PARAM = Params.RESERVED_PREFIX + "compute";

    /** Reserved parameter of a method kernel's job: its combine method, if it has one besides the default. */
    public static final String COMBINE_PARAM = Params.RESERVED_PREFIX + "combine";

    /** Reserved parameter of a method kernel's job: its identity method, if it has one besides zeros. */
    public static final String IDENTITY_PARAM = Params.RESERVED_PREFIX + "identity";

    /**
     * Reserved parameter: the jars and class directories the job's kernel classes are loaded from
     * besides the engine's classpath ({@link Builder#classpath(Path...)}), as absolute normalized
     * paths joined by {@link java.io.File#pathSeparator}.
     */
    public static final String CLASSPATH_PARAM = Params.RESERVED_PREFIX + "classpath";

    private final String kernelClass;
    private final long from;
    private final long to;
    private final long chunkSize;
    private final Schedule schedule;
    private final long seed;
    private final Params params;
    private final String resumeJobId;
    private final String label;
    private final boolean keepChunkResults;

    private JobSpec(Builder b) {
        this.kernelClass = b.kernelClass;
        this.from = b.from;
        this.to = b.to;
        this.chunkSize = b.chunkSize;
        this.schedule = b.schedule;
        this.seed = b.seed;
        this.params = Params.of(b.params);
        this.resumeJobId = b.resumeJobId;
        this.label = b.label != null ? b.label : b.defaultLabel != null ? b.defaultLabel : simpleName(kernelClass);
        this.keepChunkResults = b.keepChunkResults;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * A job of the {@link Kernel} class {@code kernel} (with a public no-argument constructor), on
     * the workers' classpath or in the job's own ({@link Builder#classpath(Path...)}); the engine
     * loads it by its name.
     */
    public static Builder builder(Class<? extends Kernel> kernel) {
        return new Builder(kernel.getName());
    }

    /**
     * A job of the kernel class named {@code kernelClassName} (loaded in the coordinator and in the
     * workers, from the engine's classpath or the job's own, {@link Builder#classpath(Path...)}).
     */
    public static Builder builder(String kernelClassName) {
        return new Builder(kernelClassName);
    }

    /**
     * A job whose kernel is a static method: {@code compute} names it (for example
     * {@code MyMath::sumOfSquares}, a {@code static void sumOfSquares(KernelContext ctx, long from,
     * long to, Result out)}), and every chunk's result has {@code layout}. The chunk results are
     * combined by {@link Kernel#combine(Result, Result)}'s default (element-wise sums, longs as
     * longs and doubles as doubles) from zeros, unless {@link Builder#combine} and
     * {@link Builder#identity} name methods for them. Workers find the methods by class and
     * name, in their own JVM (on its classpath, or the job's own: {@link Builder#classpath(Path...)});
     * see {@link ChunkFunction} for what may be passed.
     *
     * @throws IllegalArgumentException when {@code compute} is a lambda expression or captures
     *                                  values (pass them as parameters instead), or is not a method reference
     */
    public static Builder builder(ResultLayout layout, ChunkFunction compute) {
        Objects.requireNonNull(layout, "layout");
        String target = MethodReferences.target(Objects.requireNonNull(compute, "compute"), "compute");
        Builder b = new Builder(METHOD_KERNEL);
        b.params.put(LAYOUT_PARAM, layout.encode());
        b.params.put(COMPUTE_PARAM, target);
        b.defaultLabel = MethodReferences.shortName(target);
        return b;
    }

    /**
     * A builder of the job that resumes the recorded job {@code job} (from a {@link JobStore}):
     * its kernel, unit range, parameters, seed, chunk size and label, and
     * {@link Builder#resume resume(job.id())}. Its chunks that finished and were checkpointed are
     * not computed again (results of more than {@link Kernel#INLINE_RESULT_WORDS} words are not
     * checkpointed: such a job is computed again whole). The schedule is not recorded: set it if
     * the job had another than {@link Schedule#DYNAMIC} (the result does not depend on it).
     *
     * @throws IllegalArgumentException when the record's parameters cannot be read back
     */
    public static Builder resuming(JobStore.JobRecord job) {
        Builder b = new Builder(job.kernel());
        b.params.putAll(Params.parse(job.params()).asMap());
        return b.units(job.from(), job.to()).seed(job.seed()).chunkSize(Math.max(0, job.chunkSize())).label(job.label()).resume(job.id());
    }

    /** Name of the kernel class ({@link #METHOD_KERNEL} for a job built from method references). */
    public String kernelClass() {
        return kernelClass;
    }

    /** First work unit. */
    public long from() {
        return from;
    }

    /** End of the work units (exclusive). */
    public long to() {
        return to;
    }

    /** Number of work units, {@code to - from}. */
    public long units() {
        return to - from;
    }

    /** Chunk size in units; 0 = the engine (or the kernel) chooses. */
    public long chunkSize() {
        return chunkSize;
    }

    /** In which order workers claim chunks. */
    public Schedule schedule() {
        return schedule;
    }

    /** The job's seed, for kernels' random streams ({@link KernelContext#random(long)}). */
    public long seed() {
        return seed;
    }

    /** The job's parameters, with the reserved {@value Params#RESERVED_PREFIX} ones of a method kernel. */
    public Params params() {
        return params;
    }

    /** Id of an earlier run of this job whose finished chunks are reused, or null. */
    public String resumeJobId() {
        return resumeJobId;
    }

    /** A short name for listings ({@code shmc jobs}); by default the kernel's simple class name, or {@code MyMath::sumOfSquares}. */
    public String label() {
        return label;
    }

    /**
     * The jars and class directories the job's kernel classes are loaded from besides the engine's
     * classpath, as absolute normalized paths ({@link Builder#classpath(Path...)}); empty when the
     * job has none.
     */
    public List<Path> classpath() {
        return KernelClasspath.parse(params.getString(CLASSPATH_PARAM, null));
    }

    /** Whether the job's result keeps each chunk's result besides the combined one ({@link JobResult#chunkResults()}). */
    public boolean keepsChunkResults() {
        return keepChunkResults;
    }

    /** Builder of {@link JobSpec}. Not thread-safe. */
    public static final class Builder {
        private final String kernelClass;
        private long from;
        private long to = -1;
        private long chunkSize;
        private Schedule schedule = Schedule.DYNAMIC;
        private long seed;
        private final Map<String, String> params = new LinkedHashMap<>();
        private String resumeJobId;
        private String label;
        private boolean keepChunkResults;
        private String defaultLabel;

        private Builder(String kernelClass) {
            this.kernelClass = Objects.requireNonNull(kernelClass, "kernel");
        }

        /** Work units [0, count). */
        public Builder units(long count) {
            return units(0, count);
        }

        /** Work units [from, to). */
        public Builder units(long from, long to) {
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("invalid unit range [" + from + ", " + to + ")");
            }
            this.from = from;
            this.to = to;
            return this;
        }

        /**
         * Chunk size in units; 0 (the default) lets the kernel or the engine choose a grid that
         * depends only on the job ({@link Kernel#defaultChunkSize(Params, long)}).
         */
        public Builder chunkSize(long units) {
            if (units < 0) {
                throw new IllegalArgumentException("chunk size must be positive: " + units);
            }
            this.chunkSize = units;
            return this;
        }

        /** In which order workers claim chunks; default {@link Schedule#DYNAMIC}. */
        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule);
            return this;
        }

        /** The job's seed (default 0): kernels derive their random streams from it ({@link KernelContext#random(long)}). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets parameter {@code key} to {@code value}'s text; read it with {@link Params#getString}.
         *
         * @throws IllegalArgumentException when {@code key} starts with {@value Params#RESERVED_PREFIX} (the engine's)
         */
        public Builder param(String key, String value) {
            Objects.requireNonNull(key, "key");
            if (Params.isReserved(key)) {
                throw new IllegalArgumentException("job parameter names starting with '" + Params.RESERVED_PREFIX
                        + "' are reserved for the engine: '" + key + "'");
            }
            params.put(key, Objects.requireNonNull(value, () -> "job parameter '" + key + "' is null"));
            return this;
        }

        /** Sets a long parameter; read it with {@link Params#getLong}. */
        public Builder param(String key, long value) {
            return param(key, Long.toString(value));
        }

        /** Sets an int parameter; read it with {@link Params#getInt} (or {@link Params#getLong}). */
        public Builder param(String key, int value) {
            return param(key, Integer.toString(value));
        }

        /** Sets a double parameter ({@link Double#toString}: the same bits read back); read it with {@link Params#getDouble}. */
        public Builder param(String key, double value) {
            return param(key, Double.toString(value));
        }

        /** Sets a boolean parameter; read it with {@link Params#getBoolean}. */
        public Builder param(String key, boolean value) {
            return param(key, Boolean.toString(value));
        }

        /** Sets an enum parameter by the constant's name; read it with {@link Params#getEnum}. */
        public Builder param(String key, Enum<?> value) {
            return param(key, Objects.requireNonNull(value, () -> "job parameter '" + key + "' is null").name());
        }

        /** Sets a parameter of a few longs (joined by commas); read it with {@link Params#getLongs}. */
        public Builder param(String key, long[] values) {
            return param(key, Params.text(Objects.requireNonNull(values, () -> "job parameter '" + key + "' is null")));
        }

        /** Sets a parameter of a few doubles (joined by commas, each read back to the same bits); read it with {@link Params#getDoubles}. */
        public Builder param(String key, double[] values) {
            return param(key, Params.text(Objects.requireNonNull(values, () -> "job parameter '" + key + "' is null")));
        }

        /**
         * Sets parameter {@code key} from an object: a {@code long[]}, {@code int[]},
         * {@code double[]} or enum constant as by the typed overloads, anything else as its
         * {@link String#valueOf} (a boxed number, a boolean, a path).
         */
        public Builder param(String key, Object value) {
            Objects.requireNonNull(value, () -> "job parameter '" + key + "' is null");
            return switch (value) {
                case long[] longs -> param(key, longs);
                case int[] ints -> param(key, java.util.Arrays.stream(ints).asLongStream().toArray());
                case double[] doubles -> param(key, doubles);
                case Enum<?> constant -> param(key, constant);
                default -> param(key, String.valueOf(value));
            };
        }

        /**
         * Sets every parameter of {@code params}, the engine's reserved ones too: for building a job
         * like another one ({@code JobSpec.builder(spec.kernelClass()).params(spec.params())}).
         */
        public Builder params(Params params) {
            this.params.putAll(params.asMap());
            return this;
        }

        /**
         * Names the static method that combines two chunk results of a job built with
         * {@link JobSpec#builder(ResultLayout, ChunkFunction)}, instead of the default
         * element-wise sums: {@code static void merge(Result acc, Result part)}, which folds
         * {@code part} into {@code acc} (see {@link Kernel#combine(Result, Result)}).
         *
         * @throws IllegalStateException    when the job's kernel is a class (it overrides combine itself)
         * @throws IllegalArgumentException when {@code combine} is a lambda expression or captures values
         */
        public Builder combine(CombineFunction combine) {
            reservedFunction(COMBINE_PARAM, MethodReferences.target(Objects.requireNonNull(combine, "combine"), "combine"), "combine");
            return this;
        }

        /**
         * Names the static method that sets a result to the neutral element of the combine, for a
         * job built with {@link JobSpec#builder(ResultLayout, ChunkFunction)}, instead of zeros:
         * {@code static void identity(Result acc)}.
         *
         * @throws IllegalStateException    when the job's kernel is a class (it overrides identity itself)
         * @throws IllegalArgumentException when {@code identity} is a lambda expression or captures values
         */
        public Builder identity(IdentityFunction identity) {
            reservedFunction(IDENTITY_PARAM, MethodReferences.target(Objects.requireNonNull(identity, "identity"), "identity"), "identity");
            return this;
        }

        private void reservedFunction(String key, String target, String role) {
            if (!kernelClass.equals(METHOD_KERNEL)) {
                throw new IllegalStateException("a " + role + " method is for jobs built from method references"
                        + " (JobSpec.builder(layout, MyMath::compute)); kernel class " + kernelClass + " overrides " + role + " itself");
            }
            params.put(key, target);
        }

        /**
         * Jars and class directories the job's kernel classes are loaded from, besides the engine's
         * classpath: the kernel class, a method reference's class, and what they use. For an engine
         * whose worker JVMs were started before the kernel was built (a resident service), and for
         * kernels a program compiles itself. The coordinator and every worker load them in a class
         * loader of their own whose parent is the engine's loader (so the engine's classes come
         * from the engine, never from these entries), shared by the jobs with the same entries,
         * and run the kernel with it as the thread's context class loader. A jar rebuilt at the
         * same path (another size, modification time or file) is loaded afresh by the next job; a
         * class directory is loaded once per JVM, so name a new one for a new version
         * ({@link dev.shmc.engine.loader.KernelClassLoaders}).
         *
         * <p>Replaces the entries set before; none clears them. Stored as the reserved parameter
         * {@link #CLASSPATH_PARAM}, so it travels to the workers and into the job's record. Each entry
         * must exist, be a regular file ending in {@code .jar} or a directory, be readable, and not
         * be writable by its group or by others (someone else who can rewrite it could swap the
         * kernel); this is checked here and again when the job is loaded.
         *
         * @throws IllegalArgumentException naming the first entry that fails those checks, and why
         */
        public Builder classpath(Path... entries) {
            return classpath(Arrays.asList(Objects.requireNonNull(entries, "classpath")));
        }

        /** The entries of {@link #classpath(Path...)} as a list. */
        public Builder classpath(List<Path> entries) {
            String text = KernelClasspath.text(Objects.requireNonNull(entries, "classpath"));
            if (text.isEmpty()) {
                params.remove(CLASSPATH_PARAM);
            } else {
                params.put(CLASSPATH_PARAM, text);
            }
            return this;
        }

        /** Reuses the finished chunks of the recorded job {@code jobId} (see {@link JobSpec#resuming}). */
        public Builder resume(String jobId) {
            this.resumeJobId = jobId;
            return this;
        }

        /** A short name for listings ({@code shmc jobs}). */
        public Builder label(String label) {
            this.label = label;
            return this;
        }

        /**
         * Keeps each chunk's result words in the job's result ({@link JobResult#chunkResults()}),
         * besides the combined result: for a runner that folds chunks of several engines in one
         * order (a cluster). Costs the coordinator's heap a copy of every chunk's result until the
         * result is dropped: chunks times words times 8 bytes, at most about
         * {@code shmc.resultMemory} (64 MiB) for results over 14 words, and 14 words times the
         * chunk capacity (7 MiB) for smaller ones.
         */
        public Builder keepChunkResults() {
            this.keepChunkResults = true;
            return this;
        }

        /**
         * The spec.
         *
         * @throws IllegalArgumentException when no unit range was set
         */
        public JobSpec build() {
            if (to < 0) {
                throw new IllegalArgumentException("a job needs a unit range: call units(...)");
            }
            return new JobSpec(this);
        }
    }
}
