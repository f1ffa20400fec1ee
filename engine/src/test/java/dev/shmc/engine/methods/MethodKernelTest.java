package dev.shmc.engine.methods;

import static org.junit.jupiter.api.Assertions.*;

import dev.shmc.engine.Engine;
import dev.shmc.engine.TestKernels;
import dev.shmc.engine.api.ChunkFunction;
import dev.shmc.engine.api.JobResult;
import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.JobStatus;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Mode;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.api.Schedule;
import dev.shmc.engine.jobs.MethodKernel;
import dev.shmc.engine.results.UserKernels;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kernels given as method references: run by class and method name, capturing nothing. */
@Timeout(120)
class MethodKernelTest {
    @TempDir
    Path dir;

    private Engine engine(Mode mode, int workers) {
        return Engine.builder().mode(mode).workers(workers).directory(dir).build();
    }

    private static double sumOfSquares(long n, double scale) {
        double s = 0;
        for (long i = 0; i < n; i++) {
            s += scale * i * i;
        }
        return s;
    }

    @Test
    void shouldNameTheEnginesMethodKernelClass() {
        assertEquals(MethodKernel.class.getName(), JobSpec.METHOD_KERNEL);
    }

    @Test
    void shouldRunAStaticMethodWithTheDefaultCombine() {
        JobSpec spec = JobSpec.builder(ResultLayout.doubles(1), UserMath::sumOfSquares).units(100_000).param("scale", 0.5).build();
        assertEquals(JobSpec.METHOD_KERNEL, spec.kernelClass());
        assertEquals("UserMath::sumOfSquares", spec.label());
        assertEquals(UserMath.class.getName() + "::sumOfSquares", spec.params().getString(JobSpec.COMPUTE_PARAM));
        try (Engine e = engine(Mode.THREADS, 2)) {
            JobResult r = e.run(spec);
            assertEquals(JobStatus.COMPLETED, r.status());
            assertTrue(r.chunks() > 1);
            assertEquals(sumOfSquares(100_000, 0.5), r.doubles()[0], 1e-9 * sumOfSquares(100_000, 0.5));
            assertEquals(ResultLayout.doubles(1), r.layout());
        }
    }

    @Test
    void shouldUseTheCombineAndIdentityMethodsGiven() {
        long n = 50_001;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < n; i++) {
            min = Math.min(min, UserKernels.value(i));
            max = Math.max(max, UserKernels.value(i));
        }
        try (Engine e = engine(Mode.THREADS, 3)) {
            JobResult r = e.run(JobSpec.builder(ResultLayout.doubles(2), UserMath::minMax).combine(UserMath::mergeMinMax)
                    .identity(UserMath::emptyMinMax).units(n).build());
            assertArrayEquals(new double[] {min, max}, r.doubles());
        }
    }

    @Test
    void shouldAcceptAnUnboundInstanceMethodOfResultAsTheCombine() {
        try (Engine e = engine(Mode.INLINE, 1)) {
            JobSpec spec = JobSpec.builder(ResultLayout.doubles(1), UserMath::sumOfSquares).combine(Result::addAll).units(1000).build();
            assertEquals(Result.class.getName() + "::addAll(L" + Result.class.getName().replace('.', '/') + ";)V",
                    spec.params().getString(JobSpec.COMBINE_PARAM));
            assertEquals(sumOfSquares(1000, 1), e.run(spec).doubles()[0], 1e-6);
        }
    }

    @Test
    void shouldCallAPrivateStaticMethod() {
        try (Engine e = engine(Mode.THREADS, 2)) {
            assertEquals(50_000, e.run(JobSpec.builder(ResultLayout.longs(1), UserMath.countEvenReference()).units(100_000).build()).word(0));
        }
    }

    @Test
    void shouldRefuseACapturingLambdaAndSayToPassValuesAsParameters() {
        long bins = 32;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobSpec.builder(ResultLayout.longs(1), (ctx, from, to, out) -> out.setLong(0, bins)));
        assertTrue(e.getMessage().contains("captures 1 value"), e.getMessage());
        assertTrue(e.getMessage().contains("as job parameters"), e.getMessage());
    }

    @Test
    void shouldRefuseAMethodReferenceBoundToAnObject() {
        UserMath.Scaler scaler = new UserMath.Scaler(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpec.builder(ResultLayout.doubles(1), scaler::compute));
        assertTrue(e.getMessage().contains("bound to an object"), e.getMessage());
        assertTrue(e.getMessage().contains("as job parameters"), e.getMessage());
    }

    @Test
    void shouldRefuseALambdaExpressionThatCapturesNothing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobSpec.builder(ResultLayout.longs(1), (ctx, from, to, out) -> out.setLong(0, to - from)));
        assertTrue(e.getMessage().contains("is a lambda expression"), e.getMessage());
        assertTrue(e.getMessage().contains("static method"), e.getMessage());
    }

    @Test
    void shouldRefuseAnObjectThatIsNotAMethodReference() {
        ChunkFunction anonymous = new ChunkFunction() {
            @Override
            public void compute(KernelContext ctx, long from, long to, Result out) {
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobSpec.builder(ResultLayout.longs(1), anonymous));
        assertTrue(e.getMessage().contains("not a method reference"), e.getMessage());
    }

    @Test
    void shouldRefuseACapturingCombine() {
        double floor = 0;
        JobSpec.Builder b = JobSpec.builder(ResultLayout.doubles(1), UserMath::sumOfSquares);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.combine((acc, part) -> acc.setDouble(0, Math.max(floor, part.getDouble(0)))));
        assertTrue(e.getMessage().contains("combine function captures"), e.getMessage());
    }

    @Test
    void shouldRefuseACombineMethodForAKernelClass() {
        JobSpec.Builder b = JobSpec.builder(TestKernels.SumKernel.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.combine(UserMath::mergeMinMax));
        assertTrue(e.getMessage().contains("overrides combine itself"), e.getMessage());
    }

    @Test
    void shouldRefuseParametersInTheEnginesNamespace() {
        JobSpec.Builder b = JobSpec.builder(TestKernels.SumKernel.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.param("shmc.compute", "x"));
        assertEquals("job parameter names starting with 'shmc.' are reserved for the engine: 'shmc.compute'", e.getMessage());
    }

    @Test
    void shouldFailTheSubmissionWhenTheMethodDoesNotExist() {
        JobSpec spec = JobSpec.builder(JobSpec.METHOD_KERNEL).units(10).params(Params.of(Map.of(JobSpec.LAYOUT_PARAM, "L1",
                JobSpec.COMPUTE_PARAM, UserMath.class.getName() + "::noSuchMethod"))).build();
        try (Engine e = engine(Mode.INLINE, 1)) {
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.submit(spec));
            assertTrue(x.getMessage().contains("kernel method " + UserMath.class.getName() + "::noSuchMethod"), x.getMessage());
            assertTrue(x.getMessage().contains("not found"), x.getMessage());
        }
    }

    @Test
    void shouldRebuildAJobFromItsKernelClassAndParameters() {
        JobSpec spec = JobSpec.builder(ResultLayout.doubles(2), UserMath::minMax).combine(UserMath::mergeMinMax)
                .identity(UserMath::emptyMinMax).units(1000).build();
        JobSpec copy = JobSpec.builder(spec.kernelClass()).params(spec.params()).units(spec.from(), spec.to()).build();
        try (Engine e = engine(Mode.INLINE, 1)) {
            assertArrayEquals(e.run(spec).words(), e.run(copy).words());
        }
    }

    @Test
    @Tag("slow")
    void shouldRunMethodsInWorkerJvmsAndReadTypedParametersThere() {
        double x = 0.1 + 0.2; // not a short decimal: its bits must survive the text
        long[] ls = {Long.MIN_VALUE, -1, Long.MAX_VALUE};
        double[] ds = {-0.0, Double.MIN_VALUE, 1.0 / 3};
        JobSpec echo = JobSpec.builder(ResultLayout.longs(UserMath.ECHO_WORDS), UserMath::echoParams).units(1000)
                .param("n", -42L).param("bins", 32).param("x", x).param("flag", true).param("schedule", Schedule.RANDOMIZED)
                .param("name", "a, b=c \\ d").param("ls", ls).param("ds", ds).build();
        try (Engine e = engine(Mode.PROCESSES, 2)) {
            long[] w = e.run(echo).words();
            assertEquals(-42, w[0]);
            assertEquals(32, w[1]);
            assertEquals(Double.doubleToRawLongBits(x), w[2]);
            assertEquals(1, w[3]);
            assertEquals(Schedule.RANDOMIZED.ordinal(), w[4]);
            assertEquals("a, b=c \\ d".hashCode(), w[5]);
            for (int i = 0; i < 3; i++) {
                assertEquals(ls[i], w[6 + i], "ls[" + i + "]");
                assertEquals(Double.doubleToRawLongBits(ds[i]), w[9 + i], "ds[" + i + "]");
            }
            assertEquals(3, w[12]);
            assertEquals(3, w[13]);

            JobResult sums = e.run(JobSpec.builder(ResultLayout.doubles(1), UserMath::sumOfSquares).units(100_000).param("scale", 0.5).build());
            try (Engine threads = engine(Mode.THREADS, 3)) {
                JobResult same = threads.run(JobSpec.builder(ResultLayout.doubles(1), UserMath::sumOfSquares).units(100_000).param("scale", 0.5).build());
                assertArrayEquals(same.words(), sums.words(), "the same bits in worker JVMs and in threads");
            }
        }
    }
}
