package dev.shmc.engine.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: a kernel class, a range of work units [from, to), parameters, a seed and how to
 * cut and schedule the range. Immutable; build with {@link #builder}.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder(PiKernel.class).units(0, blocks).seed(42).param("samples", n).build();
 * }</pre>
 */
public final class JobSpec {
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
        this.label = b.label == null ? simpleName(kernelClass) : b.label;
        this.keepChunkResults = b.keepChunkResults;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    public static Builder builder(Class<? extends Kernel> kernel) {
        return new Builder(kernel.getName());
    }

    /** For kernels named by class name (loaded in the workers). */
    public static Builder builder(String kernelClassName) {
        return new Builder(kernelClassName);
    }

    public String kernelClass() {
        return kernelClass;
    }

    public long from() {
        return from;
    }

    public long to() {
        return to;
    }

    public long units() {
        return to - from;
    }

    /** Chunk size in units; 0 = the engine (or the kernel) chooses. */
    public long chunkSize() {
        return chunkSize;
    }

    public Schedule schedule() {
        return schedule;
    }

    public long seed() {
        return seed;
    }

    public Params params() {
        return params;
    }

    /** Id of an earlier run of this job whose finished chunks are reused, or null. */
    public String resumeJobId() {
        return resumeJobId;
    }

    /** A short name for listings ({@code shmc jobs}). */
    public String label() {
        return label;
    }

    /** Whether the job's result keeps each chunk's result besides the combined one ({@link JobResult#chunkResults()}). */
    public boolean keepsChunkResults() {
        return keepChunkResults;
    }

    /** Builder of {@link JobSpec}. */
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

        public Builder chunkSize(long units) {
            if (units < 0) {
                throw new IllegalArgumentException("chunk size must be positive: " + units);
            }
            this.chunkSize = units;
            return this;
        }

        public Builder schedule(Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule);
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder param(String key, Object value) {
            params.put(key, String.valueOf(value));
            return this;
        }

        public Builder resume(String jobId) {
            this.resumeJobId = jobId;
            return this;
        }

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

        public JobSpec build() {
            if (to < 0) {
                throw new IllegalArgumentException("a job needs a unit range: call units(...)");
            }
            return new JobSpec(this);
        }
    }
}
