package org.nftj.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.jr.ob.JSON;

/**
 * Validates requests for the helper and mints {@link ValidatedBatch}, the only type the transport
 * accepts.
 *
 * <p>Input is a batch of libnftables JSON commands, either as a tree ({@code Map}, {@code List},
 * {@code String}, {@code Boolean}, integral {@code Number}) built by org.nftj.api's typed model,
 * or as text a user handed the command line. The rules and limits are the helper's (one
 * declarative table mirrors helper-zig/src/schema.zig; the shared vectors in test-vectors/ pin
 * both sides), plus semantic checks that spare the user the kernel's cryptic answers (a base chain
 * without its hook, a reference to a set that exists nowhere). An optional {@link Context} lets
 * the caller say what the kernel already holds.
 */
public final class Validator {
    /**
     * Every caller validates on its own thread: jackson's default buffer pool is one shared deque,
     * which sixteen callers at once contend for (docs/benchmarks.md, "Group commit: CPU per
     * request"); the hybrid pool keeps a platform thread's buffers to itself.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(tools.jackson.core.util.JsonRecyclerPools.sharedHybridPool()).build();
    private static final JSON STRICT = JSON.builder(FACTORY).enable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS).build();
    // Nulls are meaningful in libnftables JSON ({"accept": null}); jackson-jr drops them unless told.
    private static final JSON WRITER = JSON.builder(FACTORY).enable(JSON.Feature.WRITE_NULL_PROPERTIES).build();

    private Validator() {}

    /**
     * Validates {@code commands} (the array under "nftables") for the {@code nft} op, with no
     * knowledge of what the kernel already holds: a reference to a set or chain must be declared in
     * the same batch, or it is refused.
     *
     * @param commands the libnftables JSON commands as a tree ({@code Map}, {@code List},
     *        {@code String}, {@code Boolean}, integral {@code Number}); element lists longer than
     *        one command may hold are cut into several commands
     * @param check true for a dry run: the helper asks the kernel to check the batch and changes nothing
     * @param echo true to have the helper answer with the objects as the kernel made them (handles included)
     * @return the batch, ready for the transport, holding at most 20,000 commands (the helper's limit)
     * @throws ValidationException listing every problem found (index, JSON Pointer, code, message);
     *         nothing is minted then
     */
    public static ValidatedBatch nft(List<?> commands, boolean check, boolean echo) throws ValidationException {
        return nft(commands, check, echo, Context.none());
    }

    /**
     * As {@link #nft(List, boolean, boolean)}, also accepting references to the sets and chains
     * {@code context} says the kernel holds.
     *
     * @param commands the commands, as for {@link #nft(List, boolean, boolean)}
     * @param check true for a dry run
     * @param echo true to have the helper echo the objects it made
     * @param context what the kernel already holds; {@link Context#none()} for nothing
     * @return the batch, ready for the transport
     * @throws ValidationException listing every problem found; nothing is minted then
     */
    public static ValidatedBatch nft(List<?> commands, boolean check, boolean echo, Context context)
            throws ValidationException {
        return nft(commands, check, echo, context, Map.of());
    }

    /**
     * A read-only request of {@code list} commands whose answer may come as several frames
     * ({@code "stream": true}, docs/protocol.md "Streamed answers"); with {@code summary}, one
     * {@code list table} answered with the table's chains and sets and their counts, without
     * rules or elements ("Summary of a table").
     *
     * @param commands {@code {"list": …}} commands only
     * @param stream true to let the helper answer in several frames
     * @param summary true for a table's summary; then {@code commands} is exactly one {@code list table}
     * @return the read-only batch (never mutating, never a dry run)
     * @throws ValidationException when a command is not a {@code list}, a summary is not one
     *         {@code list table}, or a command breaks the helper's rules
     */
    public static ValidatedBatch nftList(List<?> commands, boolean stream, boolean summary) throws ValidationException {
        for (int i = 0; commands != null && i < commands.size(); i++) {
            if (!(commands.get(i) instanceof Map<?, ?> m) || m.size() != 1 || !m.containsKey("list")) {
                throw single("invalid_request", "/batch/nftables/" + i, "a streamed or summary request holds list commands only");
            }
        }
        if (summary && (commands.size() != 1 || !(((Map<?, ?>) commands.get(0)).get("list") instanceof Map<?, ?> l) || !l.containsKey("table"))) {
            throw single("invalid_request", "/summary", "a summary takes exactly one list table command");
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        if (stream) flags.put("stream", true);
        if (summary) flags.put("summary", true);
        return nft(commands, false, false, Context.none(), flags);
    }

    private static ValidatedBatch nft(List<?> written, boolean check, boolean echo, Context context,
                                      Map<String, Object> flags) throws ValidationException {
        // Element lists longer than a command may hold become several commands of the batch.
        Split split = Split.of(written);
        List<Object> commands = split.commands();
        List<Problem> problems = new ArrayList<>();
        // The array is the third container: request, batch, nftables. The paths are built only to
        // name a problem found.
        if (!genericOk(commands, 2)) generic(commands, "/batch/nftables", 2, problems);
        if (!problems.isEmpty()) throw refused(problems, split);
        List<String> verbs = new ArrayList<>();
        boolean mutating = false;
        boolean elementChanges = commands != null && !commands.isEmpty();
        Checker checker = new Checker(problems, context);
        if (commands == null || commands.isEmpty()) {
            problems.add(new Problem("invalid_request", -1, "/batch/nftables", "a batch needs at least one command"));
        } else if (commands.size() > Schema.COMMANDS_MAX) {
            problems.add(new Problem("limit_exceeded", -1, "/batch/nftables",
                    "a batch may hold at most " + Schema.COMMANDS_MAX + " commands, this one has " + commands.size()));
        } else {
            for (Object c : commands) checker.declare(c);
            for (int i = 0; i < commands.size() && commands.size() > 1; i++) {
                if (commands.get(i) instanceof Map<?, ?> m && m.get("list") instanceof Map<?, ?> l && l.containsKey("ruleset")) {
                    problems.add(new Problem("invalid_request", i, "/list/ruleset", "list ruleset must be the only command of its batch"));
                }
            }
            for (int i = 0; i < commands.size(); i++) {
                Schema.Verb verb = checker.command(i, commands.get(i));
                if (verb != null) {
                    verbs.add(verb.json());
                    mutating |= verb.mutating();
                }
                elementChanges &= elementChange(commands.get(i));
            }
        }
        if (!problems.isEmpty()) throw refused(problems, split);
        // {"op":"nft","batch":{"nftables":[…]}}, written command by command so that the request can
        // be cut into frames between commands (ValidatedBatch.framesWithId); the flags follow.
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        head.writeBytes("{\"op\":\"nft\",\"batch\":{\"nftables\":[".getBytes(StandardCharsets.US_ASCII));
        int start = head.size();
        int[] ends = new int[commands.size()];
        for (int i = 0; i < commands.size(); i++) {
            if (i > 0) head.write(',');
            head.writeBytes(canonical(commands.get(i)));
            ends[i] = head.size();
        }
        head.writeBytes("]}}".getBytes(StandardCharsets.US_ASCII));
        return ValidatedBatch.mintNft(head.toByteArray(), new ValidatedBatch.Layout(start, ends), split.cut() ? split : null,
                commands.size(), mutating, check, echo, members(flags), verbs, checker.tables(), elementChanges);
    }

    /** {@code {"add"|"create"|"delete": {"element": {…}}}}: a change of a named set's elements. */
    private static boolean elementChange(Object command) {
        if (!(command instanceof Map<?, ?> c) || c.size() != 1) return false;
        Map.Entry<?, ?> verb = c.entrySet().iterator().next();
        return List.of("add", "create", "delete").contains(verb.getKey())
                && verb.getValue() instanceof Map<?, ?> object && object.size() == 1 && object.containsKey("element");
    }

    /**
     * Several validated element changes ({@link ValidatedBatch#groupable()}) as one request, their
     * commands in order: what the client's group commit sends when callers' changes wait at the same
     * time (one helper transaction: all of them or none). Every command is the one that passed
     * validation in its own request; together they must stay within one request's command limit.
     *
     * @param parts the requests to join, in the order their commands are to run
     * @return the combined request, or null when the commands would exceed a request's limit
     * @throws IllegalArgumentException if a part is not groupable
     */
    public static ValidatedBatch group(List<ValidatedBatch> parts) {
        return ValidatedBatch.concat(parts, Schema.COMMANDS_MAX);
    }

    /** {@code ,"a":1,"b":2}: the members of {@code flags} as they follow others in an object. */
    private static byte[] members(Map<String, Object> flags) {
        if (flags.isEmpty()) return new byte[0];
        byte[] object = canonical(flags);
        byte[] out = new byte[object.length - 1];
        out[0] = ',';
        System.arraycopy(object, 1, out, 1, object.length - 2);
        return out;
    }

    /** The problems, pointing at the commands and elements as the caller wrote them. */
    private static ValidationException refused(List<Problem> problems, Split split) {
        if (!split.cut()) return new ValidationException(problems);
        List<Problem> written = new ArrayList<>();
        for (Problem p : problems) {
            int sent = p.command();
            if (sent < 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^/batch/nftables/(\\d+)").matcher(p.path());
                written.add(new Problem(p.code(), -1, m.find() ? split.originalPath(Integer.parseInt(m.group(1)), p.path()) : p.path(), p.message()));
            } else {
                written.add(new Problem(p.code(), split.original(sent), split.originalPath(sent, p.path()), p.message()));
            }
        }
        return new ValidationException(written);
    }

    /**
     * Validates a libnftables JSON document ({@code {"nftables":[...]}}) as a user hands it to the
     * command line, in any form libnftables' parser takes: commands, a listing
     * as {@code nft -j list} prints it (objects without a command are added; {@code metainfo} is
     * ignored; {@code handle} is left out where it names nothing to act on), or both. A refusal names
     * the document's item. A document without any command is valid and holds nothing
     * ({@link ValidatedBatch#commandCount()} 0): applying it changes nothing and needs no helper.
     *
     * @param document the document's text (UTF-8 when it was bytes), read as strict JSON: no
     *        duplicate keys, no floats, nothing after the value
     * @param check true for a dry run
     * @param echo true to have the helper echo the objects it made
     * @return the batch of the document's commands
     * @throws ValidationException when the text is not strict JSON, not one {@code {"nftables": […]}}
     *         object, or an item breaks the rules; each problem's index and pointer name the
     *         document's item, not the command it became
     */
    public static ValidatedBatch nftJson(String document, boolean check, boolean echo) throws ValidationException {
        return nftJson(document, check, echo, Context.none());
    }

    /**
     * As {@link #nftJson(String, boolean, boolean)}, also accepting references to the sets and
     * chains {@code context} says the kernel holds.
     *
     * @param document the document's text
     * @param check true for a dry run
     * @param echo true to have the helper echo the objects it made
     * @param context what the kernel already holds; {@link Context#none()} for nothing
     * @return the batch of the document's commands
     * @throws ValidationException as {@link #nftJson(String, boolean, boolean)}
     */
    public static ValidatedBatch nftJson(String document, boolean check, boolean echo, Context context)
            throws ValidationException {
        return readDocument(document, check, echo, context).batch();
    }

    /**
     * A document's commands (a listing's objects as the commands that add them) and the batch they make.
     *
     * @param commands the commands as read, before long element lists are cut (empty for a document
     *        without any)
     * @param batch the validated batch of those commands
     */
    public record Read(List<Object> commands, ValidatedBatch batch) {}

    /**
     * Reads and validates a document in one pass, as {@link #nftJson(String, boolean, boolean, Context)},
     * keeping the commands read, so that a caller who also needs them (the api's model, the command
     * line's plan) parses the text once.
     *
     * @param document the document's text
     * @param check true for a dry run
     * @param echo true to have the helper echo the objects it made
     * @param context what the kernel already holds; {@link Context#none()} for nothing
     * @return the commands and their batch
     * @throws ValidationException as {@link #nftJson(String, boolean, boolean)}
     */
    public static Read readDocument(String document, boolean check, boolean echo, Context context) throws ValidationException {
        Document.Commands read = read(document);
        if (read.commands().isEmpty()) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("op", "nft");
            head.put("batch", Map.of("nftables", List.of()));
            return new Read(List.of(), ValidatedBatch.mintNft(canonical(head), 0, false, check, echo, List.of(), java.util.Set.of()));
        }
        try {
            return new Read(read.commands(), nft(read.commands(), check, echo, context));
        } catch (ValidationException e) {
            List<Problem> located = new ArrayList<>();
            for (Problem p : e.problems()) located.add(Document.located(p, read));
            throw new ValidationException(located);
        }
    }

    private static Document.Commands read(String document) throws ValidationException {
        Object tree = parse(document.getBytes(StandardCharsets.UTF_8));
        if (!(tree instanceof Map<?, ?> root) || !(root.get("nftables") instanceof List<?> list) || root.size() != 1) {
            throw new ValidationException(List.of(new Problem("invalid_request", -1, "",
                    "expected one object {\"nftables\": [ ...commands or listed objects... ]}")));
        }
        return Document.read(list);
    }

    /**
     * The owned tables' state digest ({@code digest} op, docs/protocol.md): read from the kernel by
     * the helper without reading the named sets' elements. With {@code since} (a ruleset generation
     * the caller has a digest of; -1 for none) the helper answers {@code "unchanged": true} without
     * digesting when the generation is still the same.
     *
     * @param since the generation of the caller's last digest, 0 to 2<sup>32</sup>-1, or -1 for none
     * @return the read-only {@code digest} request
     * @throws IllegalArgumentException when {@code since} is outside that range
     */
    public static ValidatedBatch digest(long since) {
        if (since < -1 || since > 0xffff_ffffL) throw new IllegalArgumentException("since: a generation 0 .. 2^32-1, or -1");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("op", "digest");
        if (since >= 0) body.put("since", since);
        return ValidatedBatch.mint("digest", canonical(body), 0, false, false, List.of(), java.util.Set.of());
    }

    /**
     * Validates one whole request frame exactly as the helper reads it ({@code {"id":N,"op":...}}),
     * envelope included. Used by the shared test vectors and by tools that relay requests.
     *
     * @param frame the frame's bytes without the length prefix: UTF-8 JSON, one object with an
     *        {@code id} from 1 to 2<sup>53</sup>-1 and an {@code op} of {@code hello}, {@code nft}
     *        or {@code digest}
     * @return the request as the transport would send it (the {@code id} is the transport's, not the frame's)
     * @throws ValidationException with the code the helper would answer ({@code invalid_json},
     *         {@code invalid_request}, {@code limit_exceeded}, {@code unsupported_protocol}, …)
     */
    public static ValidatedBatch request(byte[] frame) throws ValidationException {
        Object tree = parse(frame);
        if (!(tree instanceof Map<?, ?> root)) {
            throw single("invalid_json", "", "a request is one JSON object");
        }
        List<Problem> problems = new ArrayList<>();
        generic(root, "", 0, problems);
        if (!problems.isEmpty()) throw new ValidationException(problems);
        if (!(root.get("id") instanceof Number id) || id instanceof Double || id.longValue() < 1
                || id.longValue() > Schema.INTEGER_MAX) {
            throw single("invalid_request", "/id", "id must be an integer from 1 to 2^53-1");
        }
        if (!(root.get("op") instanceof String op)) throw single("invalid_request", "/op", "op must be a string");
        switch (op) {
            case "hello" -> {
                unknown(root, List.of("id", "op", "protocol"));
                if (!(root.get("protocol") instanceof Number p) || p instanceof Double) {
                    throw single("invalid_request", "/protocol", "protocol must be an integer");
                }
                if (p.longValue() != 1) throw single("unsupported_protocol", "/protocol", "this helper speaks protocol 1, not " + p);
                return ValidatedBatch.mint("hello", canonical(Map.of("op", "hello", "protocol", 1)), 0, false, false,
                        List.of(), java.util.Set.of());
            }
            case "nft" -> {
                unknown(root, List.of("id", "op", "batch", "check", "echo", "stream", "summary", "executor"));
                if (root.containsKey("executor") && !List.of("auto", "libnftables").contains(root.get("executor"))) {
                    throw single("invalid_request", "/executor", "executor must be \"auto\" or \"libnftables\"");
                }
                for (String flag : List.of("check", "echo", "stream", "summary")) {
                    if (root.containsKey(flag) && !(root.get(flag) instanceof Boolean)) {
                        throw single("invalid_request", "/" + flag, flag + " must be true or false");
                    }
                }
                if (!(root.get("batch") instanceof Map<?, ?> batch)) throw single("invalid_request", "/batch", "batch must be an object");
                unknownIn(batch, "/batch", List.of("nftables"));
                if (!(batch.get("nftables") instanceof List<?> commands)) {
                    throw single("invalid_request", "/batch/nftables", "batch.nftables must be an array of commands");
                }
                Map<String, Object> flags = new LinkedHashMap<>();
                for (String flag : List.of("stream", "summary", "executor")) {
                    if (root.containsKey(flag)) flags.put(flag, root.get(flag));
                }
                return nft(commands, Boolean.TRUE.equals(root.get("check")), Boolean.TRUE.equals(root.get("echo")),
                        Context.none(), flags);
            }
            case "digest" -> {
                unknown(root, List.of("id", "op", "since"));
                if (root.containsKey("since") && (!(root.get("since") instanceof Number g) || g instanceof Double
                        || g.longValue() < 0 || g.longValue() > 0xffff_ffffL)) {
                    throw single("invalid_request", "/since", "since must be a ruleset generation from 0 to 2^32-1");
                }
                return digest(root.containsKey("since") ? ((Number) root.get("since")).longValue() : -1);
            }
            default -> throw single("invalid_request", "/op", "unknown op '" + Names.printable(op) + "'; known: [hello, nft, digest]");
        }
    }

    private static void unknown(Map<?, ?> root, List<String> known) throws ValidationException {
        unknownIn(root, "", known);
    }

    private static void unknownIn(Map<?, ?> m, String path, List<String> known) throws ValidationException {
        for (Object k : m.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                throw single("invalid_request", path + "/" + Checker.pointer(String.valueOf(k)),
                        "unknown field '" + Names.printable(String.valueOf(k)) + "'; known: " + known);
            }
        }
    }

    private static ValidationException single(String code, String path, String message) {
        return new ValidationException(List.of(new Problem(code, -1, path, message)));
    }

    /** Strict JSON: one value, no duplicate keys, nothing after it, no BOM, no {@code -0}. */
    private static Object parse(byte[] text) throws ValidationException {
        if (text.length >= 3 && (text[0] & 0xff) == 0xef && (text[1] & 0xff) == 0xbb && (text[2] & 0xff) == 0xbf) {
            throw single("invalid_json", "", "a byte order mark is not JSON");
        }
        if (hasMinusZero(text)) throw single("invalid_json", "", "-0 is not an accepted number");
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            Object tree = STRICT.anyFrom(parser);
            if (parser.nextToken() != null) throw single("invalid_json", "", "data after the JSON value");
            return tree;
        } catch (ValidationException e) {
            throw e;
        } catch (JacksonException e) {
            // Where it stops first, so that a long reason cut short still says where to look.
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("");
            throw single("invalid_json", "", "not valid JSON" + where + ": " + Names.printable(why));
        } catch (RuntimeException | StackOverflowError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw single("invalid_json", "", "not valid JSON: " + Names.printable(why));
        }
    }

    /** True when a number token {@code -0} (not -0.5, not -01) appears outside strings. */
    private static boolean hasMinusZero(byte[] t) {
        boolean inString = false;
        for (int i = 0; i < t.length; i++) {
            byte c = t[i];
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '-' && i + 1 < t.length && t[i + 1] == '0') {
                int next = i + 2 < t.length ? t[i + 2] : ' ';
                if (next != '.' && next != 'e' && next != 'E' && (next < '0' || next > '9')) return true;
            }
        }
        return false;
    }

    /**
     * What the helper's JSON reader refuses whatever the meaning: nesting deeper than the limit,
     * floats, NUL and lone surrogates in strings, over-long strings.
     */
    static void generic(Object v, String path, int depth, List<Problem> problems) {
        if (!problems.isEmpty()) return;
        boolean container = v instanceof Map<?, ?> || v instanceof List<?>;
        if (container && depth >= Schema.DEPTH_MAX) {
            problems.add(new Problem("invalid_json", -1, path, "nested deeper than " + Schema.DEPTH_MAX));
            return;
        }
        if (v instanceof Map<?, ?> m && m.size() > Schema.OBJECT_MEMBERS_MAX) {
            problems.add(new Problem("limit_exceeded", -1, path, "an object may have at most " + Schema.OBJECT_MEMBERS_MAX + " members"));
            return;
        }
        // An if-chain, not a pattern switch: the first pattern switch of a JVM generates a class at
        // run time, which costs a cold `nftj apply` milliseconds (docs/benchmarks.md).
        if (v instanceof Number n && (n instanceof java.math.BigInteger || !integerInRange(n.longValue()))) {
            problems.add(new Problem("invalid_json", -1, path, "integers must be within ±(2^53-1), not " + n));
        } else if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                string(String.valueOf(k), path, problems);
                generic(x, path + "/" + Checker.pointer(String.valueOf(k)), depth + 1, problems);
            });
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size() && problems.isEmpty(); i++) generic(l.get(i), path + "/" + i, depth + 1, problems);
        } else if (v instanceof String s) {
            string(s, path, problems);
        } else if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
            problems.add(new Problem("invalid_json", -1, path, "numbers must be integers, not " + v));
        }
    }

    /**
     * Whether {@link #generic} finds nothing, without building a path per value: true for what it
     * accepts, false for what it refuses (then {@link #generic} says why and where).
     */
    static boolean genericOk(Object v, int depth) {
        if (v instanceof Map<?, ?> m) {
            if (depth >= Schema.DEPTH_MAX || m.size() > Schema.OBJECT_MEMBERS_MAX) return false;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || !stringOk(k) || !genericOk(e.getValue(), depth + 1)) return false;
            }
            return true;
        }
        if (v instanceof List<?> l) {
            if (depth >= Schema.DEPTH_MAX) return false;
            for (Object x : l) if (!genericOk(x, depth + 1)) return false;
            return true;
        }
        if (v instanceof String s) return stringOk(s);
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return integerInRange(((Number) v).longValue());
        }
        return v == null || v instanceof Boolean;
    }

    /**
     * Whether an integer is within ±(2^53-1), as JSON carries integers exactly and as the helper
     * takes them; compared on both sides rather than through {@code Math.abs}, which leaves
     * {@code Long.MIN_VALUE} negative.
     */
    private static boolean integerInRange(long x) {
        return x >= -Schema.INTEGER_MAX && x <= Schema.INTEGER_MAX;
    }

    private static boolean stringOk(String s) {
        List<Problem> none = new ArrayList<>(0);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == 0xfeff || Character.isSurrogate(c)) {
                string(s, "", none);
                return none.isEmpty();
            }
        }
        return s.length() * 3 <= Schema.STRING_BYTES_MAX || Names.utf8Length(s) <= Schema.STRING_BYTES_MAX;
    }

    private static void string(String s, String path, List<Problem> problems) {
        if (!problems.isEmpty()) return;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                problems.add(new Problem("invalid_json", -1, path, "NUL is not allowed in strings"));
                return;
            }
            if (c == 0xfeff) {
                problems.add(new Problem("invalid_json", -1, path, "a byte order mark (U+FEFF) is not allowed in strings"));
                return;
            }
            if (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)))) {
                problems.add(new Problem("invalid_json", -1, path, "a lone surrogate is not a character"));
                return;
            }
        }
        if (Names.utf8Length(s) > Schema.STRING_BYTES_MAX) {
            problems.add(new Problem("limit_exceeded", -1, path, "a string may be at most " + Schema.STRING_BYTES_MAX + " bytes"));
        }
    }

    static byte[] canonical(Object tree) {
        try {
            return WRITER.asBytes(tree);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot encode a validated tree", e);
        }
    }
}
