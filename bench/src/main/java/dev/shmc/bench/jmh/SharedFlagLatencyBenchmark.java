package dev.shmc.bench.jmh;

import dev.shmc.bench.harness.PeerProcess;
import dev.shmc.bench.peers.PingPong;
import dev.shmc.bench.peers.PingPongPeer;
import dev.shmc.shm.region.Processes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A value set in one JVM seen in another: the round trip of a {@link PingPong} with a peer JVM
 * that spins on PING and echoes it in PONG (release store, acquire load). One-way latency is
 * about half of it. The peer is a real second JVM, started for the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SharedFlagLatencyBenchmark {
    private PingPong pingPong;
    private PeerProcess peer;

    @Setup(Level.Trial)
    public void startPeer() {
        String name = "jmh-pingpong-" + Processes.selfPid();
        pingPong = PingPong.create(name);
        peer = PeerProcess.start("jmh-pingpong", PingPongPeer.class, name);
        peer.readLine();
    }

    @TearDown(Level.Trial)
    public void stopPeer() {
        pingPong.stopPeer();
        peer.close();
        pingPong.close();
    }

    @Benchmark
    public boolean roundTripBetweenJvms() {
        return pingPong.roundTrip(5_000_000_000L);
    }
}
