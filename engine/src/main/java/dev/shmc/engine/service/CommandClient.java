package dev.shmc.engine.service;

import static dev.shmc.engine.service.ServiceDescriptor.*;

import dev.shmc.engine.config.StateDirectory;
import dev.shmc.shm.region.Processes;
import dev.shmc.shm.region.RegionDescriptor;
import dev.shmc.shm.sync.IdleStrategy;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The thin client of a CLI command: hands the whole command line to the running service, which
 * runs it in its own JVM (the CLI's code, warm), and copies the command's output to this process's
 * stdout and stderr as it comes, then exits with its exit code. A fresh JVM then loads only these
 * few classes instead of the CLI (picocli's reflection, the kernels' classes, the FFM linker).
 *
 * <p>Ctrl-C, or any death of this process, cancels the command's jobs (the service sees its client
 * gone). When the service dies, this prints one line and exits 1. When there is no service, or it
 * declines (it is stopping, or another state directory is in use), {@link #run} returns null
 * before anything was printed, and the caller runs the command itself.
 */
public final class CommandClient {
    private CommandClient() {
    }

    /** A heartbeat at most this old says the service is alive without asking the kernel. */
    private static final long FRESH_HEARTBEAT_MS = 1000;

    /** How long the client waits for the service to take the command. */
    private static final long ACCEPT_TIMEOUT_MS = 10_000;

    /**
     * Runs {@code args} on the service of region directory {@code dir}: its exit code, or null
     * when the command is not the service's to run (nothing was printed then).
     */
    public static Integer run(Path dir, String[] args, boolean stderrTty) {
        Path path = ServiceRegion.path(dir);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        ServiceRegion region;
        try {
            region = ServiceRegion.attach(path, false);
        } catch (RuntimeException e) {
            return null;
        }
        if (System.currentTimeMillis() - region.heartbeat() > FRESH_HEARTBEAT_MS && region.problem(Long.MAX_VALUE) != null) {
            // a service that died left it: removed, so that the launcher stops taking this way
            region.close();
            dev.shmc.shm.region.Regions.reclaimIfStale(path);
            return null;
        }
        try {
            // a heartbeat stamped within the last second says it is alive (its PID is checked while waiting)
            if (region.serviceState() != SERVICE_READY || System.currentTimeMillis() - region.heartbeat() > FRESH_HEARTBEAT_MS) {
                return null;
            }
            return submit(region, dir, args, stderrTty);
        } catch (IOException e) {
            System.err.println("shmc: cannot write the command's output: " + e.getMessage());
            return 1;
        } finally {
            region.close();
        }
    }

    private static Integer submit(ServiceRegion region, Path dir, String[] args, boolean stderrTty) throws IOException {
        byte[] encoded = encodeArgs(args);
        String line = String.join(" ", args);
        if (encoded.length > PARAMS_CAPACITY || line.length() > 200) {
            return null;
        }
        int slot = -1;
        long self = Processes.selfPid();
        for (int s = 0; s < SLOTS && slot < 0; s++) {
            if (region.claim(s, self)) {
                slot = s;
            }
        }
        if (slot < 0) {
            return null; // all taken: the command runs here, and its jobs queue for a slot
        }
        region.writeRequest(slot, new ServiceRegion.Request(Processes.selfStartMillis(), region.takeTicket(), 0, 0, 0, 0, 0,
                FLAG_COMMAND | (stderrTty ? FLAG_STDERR_TTY : 0), null, line, StateDirectory.resolve().toString(), encoded));
        region.setStateRelease(slot, SLOT_SUBMITTED);
        long deadline = System.nanoTime() + ACCEPT_TIMEOUT_MS * 1_000_000L;
        long asked = System.nanoTime();
        IdleStrategy idle = new IdleStrategy(50, 150, 2_000_000L);
        long state;
        while ((state = region.state(slot)) == SLOT_SUBMITTED) {
            long now = System.nanoTime();
            // the service's process and heartbeat only after 50 ms: a live one takes a command within a millisecond or so
            if (now > deadline || now - asked > ServiceConnection.CHECK_NANOS && region.problem(ServiceConnection.SERVICE_TIMEOUT_MS) != null) {
                region.abandon(slot);
                return null;
            }
            idle.idle();
        }
        if (state == SLOT_REFUSED) {
            region.setStateRelease(slot, SLOT_RELEASED);
            return null;
        }
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new FileOutputStream(FileDescriptor.err);
        byte[] buffer = new byte[64 * 1024];
        try (CommandOutput output = CommandOutput.attach(dir.resolve(ServiceRegion.outputFileName(slot, region.ticket(slot))
                + RegionDescriptor.FILE_SUFFIX))) {
            long lastCheck = asked;
            idle.reset();
            while (true) {
                boolean done = region.state(slot) == SLOT_DONE;
                int n = output.drain(false, out, buffer) + output.drain(true, err, buffer);
                if (done) {
                    int code = region.exitCode(slot);
                    region.setStateRelease(slot, SLOT_RELEASED);
                    return code;
                }
                long now = System.nanoTime();
                if (now - lastCheck > ServiceConnection.CHECK_NANOS) {
                    lastCheck = now;
                    String down = region.problem(ServiceConnection.SERVICE_TIMEOUT_MS); // dead, or hung: either way this ends
                    if (down != null) {
                        err.write(("shmc: " + down + " while it ran 'shmc " + String.join(" ", args)
                                + "'; its job did not finish\n").getBytes(StandardCharsets.UTF_8));
                        err.flush();
                        return 1;
                    }
                }
                if (n > 0) {
                    idle.reset();
                }
                idle.idle();
            }
        }
    }

    /** The arguments, each ended by a NUL byte. */
    static byte[] encodeArgs(String[] args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String a : args) {
            b.writeBytes(a.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return b.toByteArray();
    }

    static String[] decodeArgs(byte[] encoded) {
        List<String> args = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < encoded.length; i++) {
            if (encoded[i] == 0) {
                args.add(new String(encoded, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        return args.toArray(String[]::new);
    }
}
