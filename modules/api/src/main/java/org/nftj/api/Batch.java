package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.ValidationException;
import org.nftj.validation.Validator;

/**
 * An ordered list of libnftables commands applied as one kernel transaction: all or nothing.
 * Immutable; build one with {@link #builder()}, or read one with {@link #parse(String)}.
 *
 * <p>{@link #validate()} checks a batch offline, as the helper will (no helper needed);
 * {@link Nftj#apply(Batch)} validates it before sending in any case, and only once per batch.
 */
public final class Batch {
    private final List<Map<String, Object>> commands;
    /** The batch as validation minted it (for apply: no check, no echo); set once, by whichever thread validates first. */
    private volatile ValidatedBatch validated;

    private Batch(List<Map<String, Object>> commands) {
        this.commands = List.copyOf(commands);
    }

    /** {@return an empty builder: add commands in the order they are to run} */
    public static Builder builder() { return new Builder(); }

    /** Commands the api builds itself (queries). */
    static Batch of(List<? extends Map<String, Object>> commands) {
        return new Batch(List.copyOf(commands));
    }

    /**
     * Reads a libnftables JSON document ({@code {"nftables":[...]}}, as {@code nft -j} reads and
     * writes it) and validates it: commands, or a listing as {@code nft -j list} prints it (its
     * objects become the commands that add them, handles left out), or both; {@code metainfo} is
     * left out. A document without a command is an empty batch: applying it changes nothing.
     *
     * @param document the JSON document
     * @return the batch, validated
     * @throws InvalidRequestException listing every problem, each with the index of the document's
     *                                 item (metainfo counted) and a JSON Pointer into it
     */
    public static Batch parse(String document) throws InvalidRequestException {
        try {
            Validator.Read read = Validator.readDocument(document, false, false, org.nftj.validation.Context.none());
            List<Object> commands = read.commands();
            ValidatedBatch minted = read.batch();
            List<Map<String, Object>> typed = new ArrayList<>(commands.size());
            for (Object c : commands) typed.add(json(c));
            Batch b = new Batch(typed);
            b.validated = minted;
            return b;
        } catch (ValidationException e) {
            throw InvalidRequestException.of(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Object command) {
        return (Map<String, Object>) command; // validation accepted it: every command is a JSON object
    }

    /**
     * Checks the batch as the helper will, without a helper: the language, the limits, names that
     * libnftables would look up, base chains, prefixes, and references to chains and sets the
     * batch declares. What only the kernel knows (whether a table exists) is left to it.
     *
     * @throws InvalidRequestException listing every problem found
     */
    public void validate() throws InvalidRequestException {
        validated(false, false);
    }

    /** The batch ready for the gate, validated on first use; {@code check} and {@code echo} are the request's flags. */
    ValidatedBatch validated(boolean check, boolean echo) throws InvalidRequestException {
        ValidatedBatch v = validated;
        if (v == null) {
            try {
                v = Validator.nft(commands, false, false);
            } catch (ValidationException e) {
                throw InvalidRequestException.of(e);
            }
            validated = v;
        }
        return v.withOptions(check, echo);
    }

    /** {@return the commands as libnftables JSON (the array under {@code "nftables"})} */
    public List<Map<String, Object>> toJson() { return commands; }

    /** {@return how many commands the batch holds} */
    public int size() { return commands.size(); }

    /** The most commands {@link #toString()} shows. */
    private static final int SHOWN = 50;

    /**
     * {@return the commands in nft syntax, one a line, as {@code nft -f} reads them: {@code add rule
     * inet app input tcp dport 22 accept}; a command of many elements shows the first three and how
     * many more, a batch of many commands its first 50 and how many more}
     */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(commands.size(), SHOWN); i++) b.append(Failures.header(commands.get(i))).append('\n');
        if (commands.size() > SHOWN) b.append("# … ").append(commands.size() - SHOWN).append(" more commands\n");
        return b.toString();
    }

    /** Collects commands in order. */
    public static final class Builder {
        private final List<Map<String, Object>> commands = new ArrayList<>();

        /** An empty builder: {@link Batch#builder()}. */
        Builder() {}

        private Builder command(String verb, NftObject o) {
            Objects.requireNonNull(o, "object");
            Map<String, Object> json = o.toJson();
            if (verb.equals("delete") || verb.equals("flush")) {
                // A delete or flush names its object; the definition's other fields are refused.
                json.keySet().retainAll(o instanceof Elements ? java.util.Set.of("family", "table", "name", "elem")
                        : o instanceof Rule ? java.util.Set.of("family", "table", "chain", "handle")
                        : java.util.Set.of("family", "table", "name", "handle"));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put(o.kind(), json);
            Map<String, Object> cmd = new LinkedHashMap<>();
            cmd.put(verb, body);
            commands.add(cmd);
            return this;
        }

        /**
         * {@code add}: create if missing, no error if it exists (a rule or element is appended).
         *
         * @param o the object
         * @return this builder
         */
        public Builder add(NftObject o) { return command("add", o); }

        /**
         * {@code create}: create, fail with {@link AlreadyExistsException} if it exists.
         *
         * @param o the object
         * @return this builder
         */
        public Builder create(NftObject o) { return command("create", o); }

        /**
         * {@code insert}: a rule put first in its chain, or before the rule its position names.
         *
         * @param o the rule
         * @return this builder
         */
        public Builder insert(NftObject o) { return command("insert", o); }

        /**
         * {@code replace}: the rule of the handle replaced by this one.
         *
         * @param o the rule, with the handle of the one it replaces
         * @return this builder
         */
        public Builder replace(NftObject o) { return command("replace", o); }

        /**
         * {@code delete}: the object removed (named by its name, a rule by its handle, elements by
         * their values); {@link NotFoundException} when it is not there.
         *
         * @param o the object
         * @return this builder
         */
        public Builder delete(NftObject o) { return command("delete", o); }

        /**
         * {@code flush}: a table's, chain's rules or a set's elements removed, the object kept.
         *
         * @param o the table, chain, set or map
         * @return this builder
         */
        public Builder flush(NftObject o) { return command("flush", o); }

        /**
         * The batch of the commands added so far.
         *
         * @return the batch
         * @throws IllegalStateException when no command was added
         */
        public Batch build() {
            if (commands.isEmpty()) throw new IllegalStateException("a batch needs at least one command");
            return new Batch(commands);
        }
    }
}
