package org.nftj.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.audit.support.Json;

/**
 * One record as written to the log: the api's {@link AuditRecord} plus what the log adds (sequence
 * number, chain link, times, actor) and the record's own hash.
 *
 * <p><b>Canonical form.</b> A line is the JSON object produced by {@link #canonical()} with
 * {@code ,"hash":"<64 hex>"} inserted before its closing brace, followed by {@code \n}. The hash is
 * the SHA-256 of the UTF-8 bytes of {@link #canonical()}, that is: of the line as written, minus
 * the newline, with the final {@code ,"hash":"…"} member removed. Members appear in a fixed order
 * (see docs/audit-log.md), there is no whitespace, and strings are escaped so that the line is
 * printable ASCII. A verifier needs no JSON re-serialisation to check a hash — only to check that
 * a line is in canonical form, which reading a line into an entry also does.
 *
 * @param seq position in the chain, from 1, without gaps across rotated files
 * @param prev the previous record's hash; 64 zeros for the first record of a chain
 * @param time wall-clock time the record was written
 * @param mono {@code System.nanoTime()} when written (CLOCK_MONOTONIC on Linux: comparable
 *             across processes of one boot, meaningless across boots)
 * @param actorPid the JVM's pid
 * @param actorStart the JVM's start time (with the pid it names the process uniquely), "" if unknown
 * @param actorUser the OS user the JVM runs as
 * @param actorNetns the JVM's network namespace ({@code net:[inode]}), "" if unreadable
 * @param continues for a {@code rotate} record, the file name this file continues from, else ""
 * @param record what the api told the log
 * @param hash this record's hash (hex SHA-256 of {@link #canonical()})
 */
public record AuditEntry(long seq, String prev, Instant time, long mono, long actorPid, String actorStart,
                         String actorUser, String actorNetns, String continues, AuditRecord record, String hash) {
    /** Format version written in every record as {@code "v"}. */
    public static final int VERSION = 1;
    /** The {@code prev} of the first record of a chain. */
    public static final String GENESIS = "0".repeat(64);
    /** {@code ,"hash":"} + 64 hex + {@code "}}: the fixed-length tail of every line. */
    static final int HASH_TAIL = 9 + 64 + 2;

    /** Checks that prev, time and actorStart are given. */
    public AuditEntry {
        Objects.requireNonNull(prev, "prev");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actorStart, "actorStart");
        Objects.requireNonNull(actorUser, "actorUser");
        Objects.requireNonNull(actorNetns, "actorNetns");
        Objects.requireNonNull(continues, "continues");
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(hash, "hash");
    }

    /** A new entry whose hash is computed from its content. */
    static AuditEntry seal(long seq, String prev, Instant time, long mono, long actorPid, String actorStart,
                           String actorUser, String actorNetns, String continues, AuditRecord record) {
        return sealed(seq, prev, time, mono, actorPid, actorStart, actorUser, actorNetns, continues, record).entry();
    }

    /** A sealed entry with its line, serialised once. */
    record Sealed(AuditEntry entry, String line) {}

    static Sealed sealed(long seq, String prev, Instant time, long mono, long actorPid, String actorStart,
                         String actorUser, String actorNetns, String continues, AuditRecord record) {
        String canonical = new AuditEntry(seq, prev, time, mono, actorPid, actorStart, actorUser, actorNetns,
                continues, record, "").canonical();
        String hash = sha256Hex(canonical);
        return new Sealed(new AuditEntry(seq, prev, time, mono, actorPid, actorStart, actorUser, actorNetns, continues,
                record, hash), lineOf(canonical, hash));
    }

    private static String lineOf(String canonical, String hash) {
        return canonical.substring(0, canonical.length() - 1) + ",\"hash\":\"" + hash + "\"}\n";
    }

    /** {@return the canonical form: the record's JSON object without its {@code hash} member} */
    public String canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("seq", seq);
        m.put("prev", prev);
        m.put("time", time.toString());
        m.put("mono", mono);
        m.put("kind", record.kind());
        m.put("ref", record.ref());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("pid", actorPid);
        actor.put("start", actorStart);
        actor.put("user", actorUser);
        actor.put("principal", record.principal());
        actor.put("netns", actorNetns);
        m.put("actor", actor);
        Map<String, Object> helper = new LinkedHashMap<>();
        helper.put("pid", record.helperPid());
        helper.put("version", record.helperVersion());
        helper.put("netns", record.helperNetns());
        m.put("helper", helper);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", record.op());
        request.put("verbs", record.verbs());
        request.put("tables", record.tables());
        request.put("objects", record.objects());
        request.put("sha256", record.batchSha256());
        request.put("dryRun", record.dryRun());
        m.put("request", request);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("code", record.outcome());
        outcome.put("message", record.message());
        outcome.put("durationNanos", record.durationNanos());
        m.put("outcome", outcome);
        Map<String, Object> digest = new LinkedHashMap<>();
        digest.put("before", record.digestBefore());
        digest.put("after", record.digestAfter());
        m.put("digest", digest);
        m.put("continues", continues);
        return Json.write(m);
    }

    /** {@return the line as written, with its trailing newline} */
    public String toLine() {
        return lineOf(canonical(), hash);
    }

    /** The result of reading one line: the entry, or why it is not a valid record. */
    record Parsed(AuditEntry entry, String problem) {
        boolean ok() { return problem == null; }
    }

    /**
     * Reads one line (without its newline) and checks it: JSON, the documented members with the
     * documented types, canonical form, and its hash. Never throws on bad input.
     */
    static Parsed parse(String line) {
        if (line.length() < HASH_TAIL + 2 || !line.endsWith("\"}")
                || !line.startsWith(",\"hash\":\"", line.length() - HASH_TAIL)) {
            return new Parsed(null, "not a record line (no trailing \"hash\" member)");
        }
        String claimed = line.substring(line.length() - HASH_TAIL + 9, line.length() - 2);
        if (!claimed.matches("[0-9a-f]{64}")) return new Parsed(null, "the hash is not 64 lowercase hex digits");
        AuditEntry e;
        try {
            e = fromMap(Json.readObject(line), claimed);
        } catch (RuntimeException ex) {
            return new Parsed(null, "not a valid record: " + Json.oneLine(ex.getMessage()));
        }
        String canonical = line.substring(0, line.length() - HASH_TAIL) + "}";
        if (!canonical.equals(e.canonical())) return new Parsed(e, "not in canonical form");
        if (!sha256Hex(canonical).equals(claimed)) return new Parsed(e, "the hash does not match the content");
        return new Parsed(e, null);
    }

    private static AuditEntry fromMap(Map<String, Object> m, String hash) {
        if (integer(m, "v") != VERSION) throw new IllegalArgumentException("unknown format version " + m.get("v"));
        Map<String, Object> actor = object(m, "actor");
        Map<String, Object> helper = object(m, "helper");
        Map<String, Object> request = object(m, "request");
        Map<String, Object> outcome = object(m, "outcome");
        Map<String, Object> digest = object(m, "digest");
        Instant time;
        try {
            time = Instant.parse(string(m, "time"));
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("time is not an instant");
        }
        AuditRecord r = new AuditRecord(string(m, "kind"), string(request, "op"), strings(request, "verbs"),
                strings(request, "tables"), strings(request, "objects"), string(request, "sha256"),
                bool(request, "dryRun"), string(outcome, "code"), string(outcome, "message"),
                integer(outcome, "durationNanos"), integer(helper, "pid"), string(helper, "version"),
                string(helper, "netns"), string(actor, "principal"), string(digest, "before"),
                string(digest, "after"), integer(m, "ref"));
        return new AuditEntry(integer(m, "seq"), string(m, "prev"), time, integer(m, "mono"), integer(actor, "pid"),
                string(actor, "start"), string(actor, "user"), string(actor, "netns"), string(m, "continues"), r, hash);
    }

    private static Object member(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) throw new IllegalArgumentException("missing member \"" + key + "\"");
        return v;
    }

    private static String string(Map<String, Object> m, String key) {
        if (member(m, key) instanceof String s) return s;
        throw new IllegalArgumentException("\"" + key + "\" is not a string");
    }

    private static long integer(Map<String, Object> m, String key) {
        Object v = member(m, key);
        if (v instanceof Integer || v instanceof Long) return ((Number) v).longValue();
        throw new IllegalArgumentException("\"" + key + "\" is not an integer");
    }

    private static boolean bool(Map<String, Object> m, String key) {
        if (member(m, key) instanceof Boolean b) return b;
        throw new IllegalArgumentException("\"" + key + "\" is not a boolean");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key) {
        if (member(m, key) instanceof Map<?, ?> o) return (Map<String, Object>) o;
        throw new IllegalArgumentException("\"" + key + "\" is not an object");
    }

    private static List<String> strings(Map<String, Object> m, String key) {
        if (!(member(m, key) instanceof List<?> l)) throw new IllegalArgumentException("\"" + key + "\" is not an array");
        List<String> out = new ArrayList<>(l.size());
        for (Object o : l) {
            if (!(o instanceof String s)) throw new IllegalArgumentException("\"" + key + "\" holds a non-string");
            out.add(s);
        }
        return out;
    }

    static String sha256Hex(String ascii) {
        return HexFormat.of().formatHex(sha256(ascii.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java SE platform", e);
        }
    }

}
