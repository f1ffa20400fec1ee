package dev.shmc.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shmc.engine.api.JobStore;
import dev.shmc.engine.api.JobStore.JobRecord;
import dev.shmc.shm.region.Processes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The registry's record format (format {@value #FORMAT}, see {@link ChronicleJobStore}): a job
 * record as one JSON object, a chunk's result words as 8 bytes each, little-endian, under the key
 * {@code JOBID#CHUNK}.
 */
final class JobRecordFormat {
    private JobRecordFormat() {
    }

    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();


    static String checkpointKey(String jobId, long chunk) {
        return jobId + '#' + chunk;
    }

    static byte[] encodeWords(long[] words) {
        ByteBuffer b = ByteBuffer.allocate(words.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) {
            b.putLong(w);
        }
        return b.array();
    }

    static long[] decodeWords(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long[] words = new long[bytes.length / Long.BYTES];
        for (int i = 0; i < words.length; i++) {
            words[i] = b.getLong();
        }
        return words;
    }

    static String encode(JobRecord job, long pid, long pidStart) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", FORMAT);
        n.put("id", job.id());
        n.put("label", job.label());
        n.put("kernel", job.kernel());
        n.put("params", job.params());
        n.put("seed", job.seed());
        n.put("from", job.from());
        n.put("to", job.to());
        n.put("chunkSize", job.chunkSize());
        n.put("chunks", job.chunks());
        n.put("workers", job.workers());
        n.put("mode", job.mode());
        n.put("status", job.status());
        n.put("started", job.startedAtMillis());
        n.put("finished", job.finishedAtMillis());
        n.put("chunksDone", job.chunksDone());
        n.put("result", job.result());
        n.put("pid", pid);
        n.put("pidStart", pidStart);
        return n.toString();
    }

    static JsonNode parse(String value) {
        try {
            JsonNode n = JSON.readTree(value);
            if (n == null || !n.isObject() || n.path("v").asInt() != FORMAT) {
                throw new IllegalStateException("not a format " + FORMAT + " job record: " + value);
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt job record: " + e.getOriginalMessage(), e);
        }
    }

    static JobRecord decode(String value) {
        return decode(parse(value));
    }

    static JobRecord decode(JsonNode n) {
        return new JobRecord(n.path("id").asText(), n.path("label").asText(), n.path("kernel").asText(), n.path("params").asText(),
                n.path("seed").asLong(), n.path("from").asLong(), n.path("to").asLong(), n.path("chunkSize").asLong(),
                n.path("chunks").asLong(), n.path("workers").asInt(), n.path("mode").asText(), n.path("status").asText(),
                n.path("started").asLong(), n.path("finished").asLong(), n.path("chunksDone").asLong(), n.path("result").asText());
    }

    /** Decodes a record; a running job whose process is gone reads as {@value JobStore#INTERRUPTED}. */
    static JobRecord decodeLive(String value) {
        JsonNode n = parse(value);
        JobRecord r = decode(n);
        if (r.status().equals(JobStore.RUNNING) && !Processes.isAlive(n.path("pid").asLong(), n.path("pidStart").asLong())) {
            return new JobRecord(r.id(), r.label(), r.kernel(), r.params(), r.seed(), r.from(), r.to(), r.chunkSize(), r.chunks(),
                    r.workers(), r.mode(), JobStore.INTERRUPTED, r.startedAtMillis(), r.finishedAtMillis(), r.chunksDone(), r.result());
        }
        return r;
    }
}
