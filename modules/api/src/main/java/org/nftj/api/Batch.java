package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list of libnftables commands applied as one kernel transaction: all or nothing.
 * Immutable; build one with {@link #builder()}.
 */
public final class Batch {
    private final List<Map<String, Object>> commands;

    private Batch(List<Map<String, Object>> commands) {
        this.commands = List.copyOf(commands);
    }

    public static Builder builder() { return new Builder(); }

    /** The commands as libnftables JSON (the array under {@code "nftables"}). */
    public List<Map<String, Object>> toJson() { return commands; }

    public int size() { return commands.size(); }

    /** Collects commands in order. */
    public static final class Builder {
        private final List<Map<String, Object>> commands = new ArrayList<>();

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

        /** {@code add}: create if missing, no error if it exists. */
        public Builder add(NftObject o) { return command("add", o); }

        /** {@code create}: create, fail with {@link AlreadyExistsException} if it exists. */
        public Builder create(NftObject o) { return command("create", o); }

        public Builder insert(NftObject o) { return command("insert", o); }

        public Builder replace(NftObject o) { return command("replace", o); }

        public Builder delete(NftObject o) { return command("delete", o); }

        public Builder flush(NftObject o) { return command("flush", o); }

        public Batch build() {
            if (commands.isEmpty()) throw new IllegalStateException("a batch needs at least one command");
            return new Batch(commands);
        }
    }
}
