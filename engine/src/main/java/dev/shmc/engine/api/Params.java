package dev.shmc.engine.api;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's parameters: an ordered set of named values, encoded as a compact record (count, then
 * UTF key and UTF value pairs) that workers read from the control region. No Java serialization.
 */
public final class Params {
    private final Map<String, String> values;

    private Params(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Params of(Map<String, String> values) {
        return new Params(new LinkedHashMap<>(values));
    }

    public static Params empty() {
        return new Params(new LinkedHashMap<>());
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String getString(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing job parameter '" + key + "'");
        }
        return v;
    }

    public String getString(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public long getLong(String key) {
        return Long.parseLong(getString(key));
    }

    public long getLong(String key, long fallback) {
        String v = values.get(key);
        return v == null ? fallback : Long.parseLong(v);
    }

    public double getDouble(String key) {
        return Double.parseDouble(getString(key));
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** The compact encoding. */
    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(values.size());
            for (Map.Entry<String, String> e : values.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Params decode(byte[] encoded) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
            int n = in.readUnsignedShort();
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                values.put(in.readUTF(), in.readUTF());
            }
            return new Params(values);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt job parameters", e);
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
