package org.nftj.validation;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A request that passed validation, frozen in its canonical wire form.
 *
 * <p>This is the only type {@code org.nftj.transport} accepts. Its constructor is private and the
 * only factory is package-private, used by {@link Validator}: other modules can hold one but never
 * make one, so "validated before sent" is a fact of the types.
 *
 * <p>{@link #body()} is the canonical JSON object of the request without its id, for example
 * {@code {"op":"nft","batch":{"nftables":[...]},"check":false,"echo":false}}. The transport adds
 * the id. {@link #sha256()} is the digest of exactly those bytes, which the audit log records.
 */
public final class ValidatedBatch {
    private final String op;
    private final byte[] body;
    private final String sha256;
    private final int commandCount;
    private final boolean mutating;
    private final boolean dryRun;
    private final List<String> verbs;
    private final Set<TableRef> tables;
    private final boolean echo;
    /** For an {@code nft} body: where its {@code ,"check":…,"echo":…}} ending starts; -1 for other ops. */
    private final int flagsAt;
    /** The members after {@code echo} ({@code ,"stream":true}, …), or none. */
    private final byte[] extra;
    /** Where the commands lie in {@link #body}, to cut it into frames; null for other ops. */
    private final Layout layout;
    /** How the caller's commands were cut into the commands sent ({@link Split}); null when not at all. */
    private final Split split;
    /** Every command adds, creates or deletes elements of a named set or map (see {@link #groupable()}). */
    private final boolean elementChanges;

    /**
     * An {@code nft} body is {@code {"op":"nft","batch":{"nftables":[} c0 {@code ,} c1 … {@code ]}}
     * then the flags (at {@code flagsAt}): the commands start at {@code start}, command i ends at
     * {@code ends[i]}.
     */
    record Layout(int start, int[] ends) {}

    private ValidatedBatch(String op, byte[] body, int commandCount, boolean mutating, boolean dryRun,
                           List<String> verbs, Set<TableRef> tables, boolean echo, int flagsAt, byte[] extra,
                           Layout layout, Split split, boolean elementChanges) {
        if (body.length < 2 || body[0] != '{') {
            throw new IllegalArgumentException("body must be a non-empty JSON object");
        }
        this.op = Objects.requireNonNull(op);
        this.body = body;
        this.sha256 = HexFormat.of().formatHex(Digests.sha256(body));
        this.commandCount = commandCount;
        this.mutating = mutating;
        this.dryRun = dryRun;
        this.verbs = List.copyOf(verbs);
        this.tables = Set.copyOf(tables);
        this.echo = echo;
        this.flagsAt = flagsAt;
        this.extra = extra;
        this.layout = layout;
        this.split = split;
        this.elementChanges = elementChanges;
    }

    static ValidatedBatch mint(String op, byte[] body, int commandCount, boolean mutating, boolean dryRun,
                               List<String> verbs, Set<TableRef> tables) {
        return new ValidatedBatch(op, body, commandCount, mutating, dryRun, verbs, tables, false, -1, new byte[0], null, null,
                false);
    }

    /**
     * An {@code nft} request: {@code head} is the canonical {@code {"op":"nft","batch":{…}}}, to
     * which the two flags are appended, then {@code extra} (the other flags, {@code ,"stream":true}),
     * so that {@link #withOptions} can change them without validating or encoding the commands again.
     * {@code layout} says where its commands are (null: not known, the request is never cut).
     */
    static ValidatedBatch mintNft(byte[] head, Layout layout, Split split, int commandCount, boolean mutating,
                                  boolean check, boolean echo, byte[] extra, List<String> verbs, Set<TableRef> tables,
                                  boolean elementChanges) {
        int flagsAt = head.length - 1;
        return new ValidatedBatch("nft", flags(head, flagsAt, check, echo, extra), commandCount, mutating, check, verbs,
                tables, echo, flagsAt, extra, layout, split, elementChanges);
    }

    static ValidatedBatch mintNft(byte[] head, int commandCount, boolean mutating, boolean check, boolean echo,
                                  List<String> verbs, Set<TableRef> tables) {
        return mintNft(head, null, null, commandCount, mutating, check, echo, new byte[0], verbs, tables, false);
    }

    /**
     * Whether this request may join others in one request ({@link Validator#group}): an {@code nft}
     * request, not a dry run, without echo or other flags, whose every command adds, creates or
     * deletes elements of a named set or map.
     *
     * @return true when this request may be joined with others by {@link Validator#group}
     */
    public boolean groupable() {
        return elementChanges && !dryRun && !echo && extra.length == 0 && layout != null;
    }

    /**
     * The commands of {@code parts} (each {@link #groupable()}), in order, as one request: the
     * canonical bytes of every command as it passed validation, joined; the verbs in order, the
     * tables together. Null when they exceed what one request may hold ({@code commandsMax}).
     */
    static ValidatedBatch concat(List<ValidatedBatch> parts, int commandsMax) {
        int commands = 0;
        for (ValidatedBatch p : parts) {
            if (!p.groupable()) throw new IllegalArgumentException("not an element change: " + p);
            commands += p.commandCount;
        }
        if (parts.isEmpty() || commands > commandsMax) return null;
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        head.writeBytes("{\"op\":\"nft\",\"batch\":{\"nftables\":[".getBytes(StandardCharsets.US_ASCII));
        int start = head.size();
        int[] ends = new int[commands];
        List<String> verbs = new java.util.ArrayList<>(commands);
        Set<TableRef> tables = new java.util.HashSet<>();
        int at = 0;
        for (ValidatedBatch p : parts) {
            int[] own = p.layout.ends();
            for (int i = 0; i < own.length; i++) {
                int from = i == 0 ? p.layout.start() : own[i - 1] + 1;
                if (at > 0) head.write(',');
                head.write(p.body, from, own[i] - from);
                ends[at++] = head.size();
            }
            verbs.addAll(p.verbs);
            tables.addAll(p.tables);
        }
        head.writeBytes("]}}".getBytes(StandardCharsets.US_ASCII));
        return mintNft(head.toByteArray(), new Layout(start, ends), null, commands, true, false, false, new byte[0], verbs,
                tables, true);
    }

    private static byte[] flags(byte[] body, int flagsAt, boolean check, boolean echo, byte[] extra) {
        byte[] end = (",\"check\":" + check + ",\"echo\":" + echo).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[flagsAt + end.length + extra.length + 1];
        System.arraycopy(body, 0, out, 0, flagsAt);
        System.arraycopy(end, 0, out, flagsAt, end.length);
        System.arraycopy(extra, 0, out, flagsAt + end.length, extra.length);
        out[out.length - 1] = '}';
        return out;
    }

    /**
     * The same {@code nft} commands with other flags: {@code check} asks the helper for a dry run,
     * {@code echo} for the created objects with their handles. The commands are not checked again
     * (they are the bytes that passed); only the request's ending changes, and with it the digest.
     *
     * @param check true for a dry run
     * @param echo true to have the helper answer with the objects it made
     * @return this batch when the flags are already so, else a new one with its own {@link #sha256()}
     * @throws IllegalStateException if this is not an {@code nft} request
     */
    public ValidatedBatch withOptions(boolean check, boolean echo) {
        if (flagsAt < 0) throw new IllegalStateException(op + " requests have no check or echo flag");
        if (check == dryRun && echo == this.echo) return this;
        return new ValidatedBatch(op, flags(body, flagsAt, check, echo, extra), commandCount, mutating, check, verbs, tables,
                echo, flagsAt, extra, layout, split, elementChanges);
    }

    /** {@return the helper op: {@code nft}, {@code digest}, {@code hello}, {@code sysctl_get} or {@code sysctl_set}} */
    public String op() { return op; }

    /** {@return a copy of the canonical request body (JSON object, UTF-8, no id)} */
    public byte[] body() { return body.clone(); }

    /** {@return the length of {@link #body()} in bytes, without copying it} */
    public int bodyLength() { return body.length; }

    /**
     * The whole request as one frame's payload: <code>{"id":&lt;id&gt;,</code> followed by the body
     * after its opening brace.
     *
     * @param id the request id, from 1 up (the transport's counter)
     * @return a new array; the length prefix is not included
     * @throws IllegalArgumentException when {@code id} is below 1
     */
    public byte[] payloadWithId(long id) {
        if (id < 1) throw new IllegalArgumentException("id must be >= 1");
        byte[] prefix = ("{\"id\":" + id + ",").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length - 1];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 1, out, prefix.length, body.length - 1);
        return out;
    }

    /**
     * The frames of this request for a helper that takes frames of at most {@code frameMax} bytes:
     * one frame when it fits, else the request's commands in several frames of one id, every one
     * but the last marked {@code "part": true} and the last carrying the flags (docs/protocol.md,
     * "Requests larger than a frame"). Null when one command alone is larger than a frame.
     *
     * @param id the request id, from 1 up, carried by every frame
     * @param frameMax the largest frame payload the helper takes, in bytes (its {@code frameMax});
     *        0 or less for no limit
     * @return the frames' payloads in order, or null when the request cannot be cut to fit (one
     *         command larger than a frame, or a request of another op larger than a frame)
     */
    public List<byte[]> framesWithId(long id, long frameMax) {
        byte[] whole = payloadWithId(id);
        if (frameMax <= 0 || whole.length <= frameMax) return List.of(whole);
        if (layout == null) return null;
        byte[] head = ("{\"id\":" + id + ",\"op\":\"nft\",\"batch\":{\"nftables\":[").getBytes(StandardCharsets.US_ASCII);
        byte[] partTail = "]},\"part\":true}".getBytes(StandardCharsets.US_ASCII);
        int lastTail = 2 + body.length - flagsAt;
        List<byte[]> frames = new java.util.ArrayList<>();
        int[] ends = layout.ends();
        int first = 0;
        while (first < ends.length) {
            int from = first == 0 ? layout.start() : ends[first - 1] + 1;
            int last = first;
            // As many commands as fit beside the envelope (the larger tail, so the last fits too).
            while (last + 1 < ends.length
                    && head.length + (ends[last + 1] - from) + Math.max(partTail.length, lastTail) <= frameMax) {
                last++;
            }
            boolean final_ = last == ends.length - 1;
            int tail = final_ ? lastTail : partTail.length;
            if (head.length + (ends[last] - from) + tail > frameMax) return null;
            byte[] frame = new byte[head.length + (ends[last] - from) + tail];
            System.arraycopy(head, 0, frame, 0, head.length);
            System.arraycopy(body, from, frame, head.length, ends[last] - from);
            int at = head.length + ends[last] - from;
            if (final_) {
                frame[at] = ']';
                frame[at + 1] = '}';
                System.arraycopy(body, flagsAt, frame, at + 2, body.length - flagsAt);
            } else {
                System.arraycopy(partTail, 0, frame, at, partTail.length);
            }
            frames.add(frame);
            first = last + 1;
        }
        return frames;
    }

    /**
     * The command the caller wrote that command {@code sent} of this request comes from (the
     * validator cuts long element lists into several commands).
     *
     * @param sent a zero-based index into the commands sent
     * @return the zero-based index into the commands the caller wrote
     */
    public int originalCommand(int sent) { return split == null ? sent : split.original(sent); }

    /**
     * A JSON Pointer into command {@code sent} (relative to the command, or into the whole
     * request), pointing where the caller wrote it (commands cut in several are joined again).
     *
     * @param sent a zero-based index into the commands sent
     * @param path a JSON Pointer as the helper reported it for that command
     * @return the pointer into the command as the caller wrote it ({@code path} unchanged when nothing was cut)
     */
    public String originalPath(int sent, String path) { return split == null ? path : split.originalPath(sent, path); }

    /** {@return the SHA-256 of {@link #body()}, 64 lower-case hex digits: what the audit log records} */
    public String sha256() { return sha256; }

    /** {@return how many commands are sent (after long element lists were cut), 0 for an empty document} */
    public int commandCount() { return commandCount; }

    /** {@return true when applying this batch may change the kernel's ruleset (ignores {@link #dryRun()})} */
    public boolean mutating() { return mutating; }

    /** {@return true when the helper is asked to check only ({@code "check": true})} */
    public boolean dryRun() { return dryRun; }

    /** {@return the command verbs in order, e.g. {@code [add, add, delete]}; immutable} */
    public List<String> verbs() { return verbs; }

    /** {@return every table the batch names; immutable} */
    public Set<TableRef> tables() { return tables; }

    /** {@return {@link #body()} decoded as UTF-8: the request as the helper reads it, without its id} */
    public String bodyAsString() { return new String(body, StandardCharsets.UTF_8); }

    @Override
    public String toString() {
        return "ValidatedBatch[op=" + op + ", commands=" + commandCount + ", sha256=" + sha256 + "]";
    }
}
