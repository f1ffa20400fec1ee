package dev.shmc.shm.region;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The few C library calls the JDK does not offer, through the FFM API: the effective user id, and
 * {@code posix_fallocate}, which reserves a file's blocks (on tmpfs: its pages) so that a mapping
 * of it can never fault later for want of space. Each handle is looked up once; when the C library
 * cannot be linked (another OS, native access denied) the calls report it and callers fall back.
 */
final class Posix {
    private Posix() {
    }

    static final int ENOSPC = 28;
    static final int EINTR = 4;
    static final int EFBIG = 27;

    private static final int O_WRONLY = 1;
    /** Same value on x86-64 and arm64 (the generic Linux value). */
    private static final int O_CLOEXEC = 02000000;
    /** Differs between architectures; 0 where unknown (the caller has checked the file with lstat already). */
    private static final int O_NOFOLLOW = switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
        case "amd64", "x86_64" -> 0400000;
        case "aarch64", "arm64" -> 0100000;
        default -> 0;
    };

    private static final MethodHandle GETEUID;
    private static final MethodHandle OPEN;
    private static final MethodHandle CLOSE;
    private static final MethodHandle FALLOCATE;
    private static final long ERRNO_OFFSET;
    private static final long CAPTURE_SIZE;

    static {
        MethodHandle geteuid = null;
        MethodHandle open = null;
        MethodHandle close = null;
        MethodHandle fallocate = null;
        long errnoOffset = 0;
        long captureSize = 0;
        try {
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                Linker.Option ccs = Linker.Option.captureCallState("errno");
                var layout = Linker.Option.captureStateLayout();
                errnoOffset = layout.byteOffset(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
                captureSize = layout.byteSize();
                geteuid = linker.downcallHandle(libc.find("geteuid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                open = linker.downcallHandle(libc.find("open").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                        ccs, Linker.Option.firstVariadicArg(2));
                close = linker.downcallHandle(libc.find("close").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                fallocate = linker.downcallHandle(libc.find("posix_fallocate").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            }
        } catch (RuntimeException | LinkageError e) {
            geteuid = null;
            open = null;
            close = null;
            fallocate = null;
        }
        GETEUID = geteuid;
        OPEN = open;
        CLOSE = close;
        FALLOCATE = fallocate;
        ERRNO_OFFSET = errnoOffset;
        CAPTURE_SIZE = captureSize;
    }

    /** Whether {@link #fallocate} can be called here. */
    static boolean canReserve() {
        return FALLOCATE != null;
    }

    /** The effective user id, or -1 when it cannot be asked. */
    static int geteuid() {
        if (GETEUID == null) {
            return -1;
        }
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            return -1;
        }
    }

    /**
     * Reserves the blocks of bytes {@code [0, length)} of the regular file at {@code path}
     * (extending it to {@code length} if shorter).
     *
     * @return 0, or the error number ({@link #ENOSPC} when the file system is full)
     */
    static int fallocate(Path path, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path.toString(), StandardCharsets.UTF_8);
            MemorySegment state = arena.allocate(CAPTURE_SIZE);
            int fd = (int) OPEN.invokeExact(state, cPath, O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0);
            if (fd < 0) {
                return state.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
            }
            try {
                int rc;
                do {
                    rc = (int) FALLOCATE.invokeExact(fd, 0L, length);
                } while (rc == EINTR);
                return rc;
            } finally {
                int closed = (int) CLOSE.invokeExact(fd); // nothing to do if it fails: the blocks are reserved
            }
        } catch (Error | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
