package dev.shmc.engine.jobs;

import dev.shmc.engine.api.JobSpec;
import dev.shmc.engine.api.Kernel;
import dev.shmc.engine.api.KernelContext;
import dev.shmc.engine.api.Params;
import dev.shmc.engine.api.Result;
import dev.shmc.engine.api.ResultLayout;
import dev.shmc.engine.loader.KernelClassLoaders;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel of a job built from method references ({@link JobSpec#builder(dev.shmc.engine.api.ResultLayout,
 * dev.shmc.engine.api.ChunkFunction)}): it reads the job's result layout and the methods' targets
 * from the reserved parameters ({@link JobSpec#COMPUTE_PARAM} and the others), resolves each
 * method by class name, method name and descriptor with this JVM's class loader (the thread's
 * context loader, else the engine's), and calls it through a method handle, once per chunk. The
 * engine sets the context loader to the job's own classpath's loader when the job names one
 * ({@link JobSpec#CLASSPATH_PARAM}); resolved handles are cached per {@link Class}, so classes of
 * the same name from two loaders (two versions of a jar) never share one.
 *
 * <p>The engine calls {@link #resultLayout} on every instance before anything else (the
 * coordinator to size the job and combine its results, each worker before {@link #init}), so
 * that is where an instance binds to its job's methods; a method that cannot be found fails the
 * job's submission in the coordinator, naming it.
 */
public final class MethodKernel implements Kernel {
    private static final MethodType COMPUTE = MethodType.methodType(void.class, KernelContext.class, long.class, long.class, Result.class);
    private static final MethodType COMBINE = MethodType.methodType(void.class, Result.class, Result.class);
    private static final MethodType IDENTITY = MethodType.methodType(void.class, Result.class);

    /**
     * Handles already resolved, per class (so per class loader too) and name and descriptors: a
     * reflective lookup costs tens of microseconds per job. Kept in the class itself, so a job's
     * loader that is dropped is not held here.
     */
    private static final ClassValue<Map<String, MethodHandle>> RESOLVED = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private ResultLayout layout;
    private MethodHandle compute;
    /** Null: the default combine. */
    private MethodHandle combine;
    /** Null: zeros. */
    private MethodHandle identity;

    /** Binds this instance to the job's methods (the first call) and returns its layout. */
    @Override
    public ResultLayout resultLayout(Params params) {
        if (layout == null) {
            ResultLayout l = ResultLayout.parse(params.getString(JobSpec.LAYOUT_PARAM));
            compute = resolve(params.getString(JobSpec.COMPUTE_PARAM), COMPUTE);
            combine = params.has(JobSpec.COMBINE_PARAM) ? resolve(params.getString(JobSpec.COMBINE_PARAM), COMBINE) : null;
            identity = params.has(JobSpec.IDENTITY_PARAM) ? resolve(params.getString(JobSpec.IDENTITY_PARAM), IDENTITY) : null;
            layout = l;
        }
        return layout;
    }

    @Override
    public void compute(KernelContext ctx, long from, long to, Result out) {
        checkBound();
        try {
            compute.invokeExact(ctx, from, to, out);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kernel method threw " + t, t);
        }
    }

    @Override
    public void combine(Result acc, Result part) {
        checkBound();
        if (combine == null) {
            Kernel.super.combine(acc, part);
            return;
        }
        try {
            combine.invokeExact(acc, part);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("combine method threw " + t, t);
        }
    }

    @Override
    public void identity(Result acc) {
        checkBound();
        if (identity == null) {
            acc.clear();
            return;
        }
        try {
            identity.invokeExact(acc);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("identity method threw " + t, t);
        }
    }

    private void checkBound() {
        if (layout == null) {
            throw new IllegalStateException("MethodKernel used before resultLayout(params) bound it to its job's methods");
        }
    }

    /**
     * The method {@code target} names ({@code com.example.MyMath::sumOfSquares}, with its descriptor
     * when it differs from {@code type}'s), as a handle of {@code type}.
     *
     * @throws IllegalArgumentException when it cannot be found or called here
     */
    static MethodHandle resolve(String target, MethodType type) {
        int sep = target.indexOf("::");
        if (sep <= 0) {
            throw new IllegalArgumentException("not a kernel method: '" + target + "'");
        }
        int paren = target.indexOf('(', sep);
        String owner = target.substring(0, sep);
        String name = target.substring(sep + 2, paren < 0 ? target.length() : paren);
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : MethodKernel.class.getClassLoader();
        Class<?> declaring;
        MethodType declared;
        try {
            declaring = Class.forName(owner, true, loader);
            declared = paren < 0 ? type : MethodType.fromMethodDescriptorString(target.substring(paren), loader);
        } catch (ClassNotFoundException | TypeNotPresentException e) {
            throw new IllegalArgumentException("kernel method " + owner + "::" + name + ": class not found (" + e.getMessage()
                    + "; searched " + KernelClassLoaders.searched(loader) + "); it must be on the classpath of the coordinator and of the"
                    + " worker JVMs, or in the job's (JobSpec.Builder.classpath)", e);
        }
        String key = name + declared.toMethodDescriptorString() + type.toMethodDescriptorString(); // full names: toString() has simple ones
        MethodHandle cached = RESOLVED.get(declaring).get(key);
        if (cached != null) {
            return cached;
        }
        Method m = find(declaring, name, declared.parameterArray());
        if (m == null) {
            throw new IllegalArgumentException("kernel method " + owner + "::" + name + declared + " not found");
        }
        try {
            if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                m.setAccessible(true); // a private or package-private method of the user's class, or one of a nested class
            }
            MethodHandle h = MethodHandles.lookup().unreflect(m).asType(type);
            RESOLVED.get(declaring).put(key, h);
            return h;
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalArgumentException("kernel method " + owner + "::" + name + " cannot be called from the engine: " + e, e);
        }
    }

    /** The method {@code name(parameters)} declared by {@code type} or a superclass, or null. */
    private static Method find(Class<?> type, String name, Class<?>[] parameters) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && Arrays.equals(m.getParameterTypes(), parameters)) {
                    return m;
                }
            }
        }
        return null;
    }
}
