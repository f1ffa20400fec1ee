package dev.shmc.engine.api;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;

/**
 * Reads which method a {@link ChunkFunction}, {@link CombineFunction} or {@link IdentityFunction}
 * names, from the {@link SerializedLambda} its synthetic {@code writeReplace} returns (the
 * reference itself is never serialized), and refuses what workers in other JVMs could not call:
 * lambda expressions, and references that capture values.
 *
 * <p>The target's text is {@code com.example.MyMath::sumOfSquares}, followed by the method's
 * descriptor when it is not the interface method's ({@code (Ldev/shmc/engine/api/Result;)V} for
 * {@code Result::addAll}), which the engine's method kernel resolves by class and name.
 */
final class MethodReferences {
    /** The accessible {@code writeReplace} of each lambda class (one per call site), or null: looking it up costs microseconds. */
    private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("writeReplace");
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    private MethodReferences() {
    }

    /**
     * The target of {@code fn}, the kernel's {@code role} function ("compute", "combine", "identity").
     *
     * @throws IllegalArgumentException when {@code fn} is not a reference to a named method that captures nothing
     */
    static String target(Serializable fn, String role) {
        SerializedLambda lambda = serializedForm(fn, role);
        String owner = lambda.getImplClass().replace('/', '.');
        String method = lambda.getImplMethodName();
        String passValues = "; pass the values the kernel needs as job parameters (JobSpec.Builder.param(\"bins\", 32), read in the"
                + " kernel with ctx.params().getInt(\"bins\")) and name a static method (MyMath::sumOfSquares)";
        if (lambda.getCapturedArgCount() > 0) {
            throw new IllegalArgumentException("the kernel's " + role + " function captures " + lambda.getCapturedArgCount()
                    + (lambda.getCapturedArgCount() == 1 ? " value" : " values")
                    + " (a lambda that uses a local variable or a field, or a method reference bound to an object, obj::method):"
                    + " workers in other JVMs get only the method's class and name, never captured values" + passValues);
        }
        if (method.startsWith("lambda$")) {
            throw new IllegalArgumentException("the kernel's " + role + " function is a lambda expression (compiled to " + owner + "."
                    + method + "): workers find the function by its class and method name, and a lambda's method is one the compiler"
                    + " generates and names; write it as a static method and pass a reference to it (MyMath::sumOfSquares)");
        }
        int kind = lambda.getImplMethodKind();
        if (kind != MethodHandleInfo.REF_invokeStatic && kind != MethodHandleInfo.REF_invokeVirtual
                && kind != MethodHandleInfo.REF_invokeInterface) {
            throw new IllegalArgumentException("the kernel's " + role + " function " + owner + "::" + method + " is a "
                    + MethodHandleInfo.referenceKindToString(kind) + " reference, not a reference to a static method" + passValues);
        }
        String descriptor = lambda.getImplMethodSignature();
        boolean exact = kind == MethodHandleInfo.REF_invokeStatic && descriptor.equals(lambda.getFunctionalInterfaceMethodSignature());
        return owner + "::" + method + (exact ? "" : descriptor);
    }

    /** A short name of a target for job listings: {@code MyMath::sumOfSquares}. */
    static String shortName(String target) {
        int sep = target.indexOf("::");
        int paren = target.indexOf('(', sep);
        String owner = target.substring(0, sep);
        return owner.substring(Math.max(owner.lastIndexOf('.'), owner.lastIndexOf('$')) + 1) + "::"
                + target.substring(sep + 2, paren < 0 ? target.length() : paren);
    }

    private static SerializedLambda serializedForm(Serializable fn, String role) {
        Object form;
        try {
            Method writeReplace = WRITE_REPLACE.get(fn.getClass());
            form = writeReplace == null ? null : writeReplace.invoke(fn);
        } catch (RuntimeException | ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read which method the kernel's " + role + " function " + fn.getClass().getName()
                    + " names (" + e + "); in a named module, open its package to the engine", e);
        }
        if (!(form instanceof SerializedLambda lambda)) {
            throw new IllegalArgumentException("the kernel's " + role + " function is an object of " + fn.getClass().getName()
                    + ", not a method reference: pass a reference to a static method (MyMath::sumOfSquares), or write a Kernel class"
                    + " and build the job with JobSpec.builder(MyKernel.class)");
        }
        return lambda;
    }
}
