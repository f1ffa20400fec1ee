package dev.shmc.engine.worker;

import static dev.shmc.engine.control.ControlDescriptor.W_HEARTBEAT;

import dev.shmc.engine.config.EngineConfig;
import dev.shmc.engine.control.ControlRegion;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionException;
import dev.shmc.shm.region.Regions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Entry point of a worker JVM: {@code WorkerMain CONTROL_REGION_PATH WORKER_INDEX}, with the
 * engine's secret as one line of hex on standard input (not on the command line, which other users
 * can read in /proc). Started by the engine with {@code -Dshmc.role=worker}; attaches to the
 * control region only if it holds that secret, and runs the {@link WorkerLoop} until the engine
 * shuts down. A watchdog thread beats the heartbeat and exits
 * the JVM when the coordinator process is gone (removing the control region if it is stale).
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: WorkerMain CONTROL_REGION_PATH WORKER_INDEX");
            System.exit(2);
        }
        Path path = Path.of(args[0]);
        int index;
        ControlRegion ctl;
        try {
            index = Integer.parseInt(args[1]);
            ctl = ControlRegion.attach(path, readSecret());
        } catch (NumberFormatException | RegionException | IOException e) {
            System.err.println("shmc worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        WorkerLoop loop = new WorkerLoop(ctl, index);
        Thread watchdog = new Thread(() -> watch(ctl, index, path), "shmc-worker-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        loop.run();
        // exit without unmapping: the coordinator owns the region; the OS unmaps on exit
        System.exit(0);
    }

    /** The engine secret from the first line of standard input (hex); null when there is none. */
    private static byte[] readSecret() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        if (line == null || line.isBlank()) {
            throw new IOException("no engine secret on standard input; worker JVMs are started by an engine");
        }
        try {
            return HexFormat.of().parseHex(line.strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("the engine secret on standard input is not hex");
        }
    }

    private static void watch(ControlRegion ctl, int index, Path path) {
        long coordinatorPid = ctl.coordinatorPid();
        long coordinatorStart = ctl.coordinatorStart();
        long lastCheck = 0;
        while (true) {
            ctl.setWorkerWord(index, W_HEARTBEAT, System.nanoTime());
            long now = System.currentTimeMillis();
            if (now - lastCheck >= EngineConfig.COORDINATOR_CHECK_MS) {
                lastCheck = now;
                if (!Processes.isAlive(coordinatorPid, coordinatorStart)) {
                    // The coordinator died without shutting us down: clean up its region and leave.
                    Regions.reclaimIfStale(path);
                    Runtime.getRuntime().halt(3);
                }
            }
            try {
                Thread.sleep(Math.min(EngineConfig.HEARTBEAT_INTERVAL_MS, EngineConfig.COORDINATOR_CHECK_MS));
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
