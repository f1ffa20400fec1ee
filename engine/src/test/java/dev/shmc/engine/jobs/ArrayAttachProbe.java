package dev.shmc.engine.jobs;

import dev.shmc.shm.array.SharedDoubleArray;
import dev.shmc.shm.region.Processes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A measurement, not a test: how long a fresh JVM takes to attach to a shared array of 8 GB and of
 * 8 MB (mapping is lazy, so it should not depend on the size). The parent creates both arrays
 * (sparse: no memory is used) and starts a child JVM that attaches to each several times and
 * prints the times.
 *
 * <pre>java @jvm.args -cp TEST_CLASSES:CLASSPATH dev.shmc.engine.jobs.ArrayAttachProbe</pre>
 */
public final class ArrayAttachProbe {
    private ArrayAttachProbe() {
    }

    private static final int ROUNDS = 20;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String big = "attach-probe-" + Processes.selfPid() + "-8g";
        String small = "attach-probe-" + Processes.selfPid() + "-8m";
        try (SharedDoubleArray a = SharedDoubleArray.create(big, 1_000_000_000L);
             SharedDoubleArray b = SharedDoubleArray.create(small, 1_000_000L)) {
            a.set(a.length() - 1, 1.0);
            b.set(b.length() - 1, 1.0);
            // each size first once: the first attach in a JVM also loads the FFM classes
            runChild(big, small);
            runChild(small, big);
        }
    }

    private static void runChild(String first, String second) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String argsFile = System.getProperty("shmc.jvmArgsFile");
        if (argsFile != null) {
            cmd.add("@" + argsFile);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ArrayAttachProbe.class.getName(), "child", first, second));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().filter(l -> !l.startsWith("WARNING: Using incubator")).forEach(System.out::println);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("probe child failed with exit code " + p.exitValue());
        }
    }

    private static void child(String[] names) {
        for (String name : names) {
            double[] ms = new double[ROUNDS];
            double last = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long t0 = System.nanoTime();
                try (SharedDoubleArray a = SharedDoubleArray.attach(name)) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    last = a.get(a.length() - 1); // touch one page at the far end
                }
            }
            double first = ms[0];
            Arrays.sort(ms, 1, ROUNDS);
            System.out.printf("attach %s (%,d bytes): first %.3f ms (includes class loading), then median %.3f ms, min %.3f ms, max %.3f ms; last element %.1f%n",
                    name, sizeOf(name), first, ms[ROUNDS / 2], ms[1], ms[ROUNDS - 1], last);
        }
    }

    private static long sizeOf(String name) {
        try (SharedDoubleArray a = SharedDoubleArray.attach(name)) {
            return a.length() * 8;
        }
    }
}
