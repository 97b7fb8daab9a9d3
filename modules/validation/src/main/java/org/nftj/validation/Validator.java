package org.nftj.validation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.jr.ob.JSON;

/**
 * Validates a batch of libnftables JSON commands and mints a {@link ValidatedBatch}.
 *
 * <p>Input is a JSON tree as jackson-jr reads it ({@code Map}, {@code List}, {@code String},
 * {@code Boolean}, integral {@code Number}): either a typed model encoded by org.nftj.api or a raw
 * libnftables file read by the command line. The rules and limits are those of the helper
 * (docs/protocol.md); {@link Rules} holds them.
 */
public final class Validator {
    // Nulls are kept: libnftables writes argument-less statements as {"accept": null}.
    private static final JSON JSON_WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private Validator() {}

    /** Validates {@code commands} (the array under "nftables") for the {@code nft} op. */
    public static ValidatedBatch nft(List<?> commands, boolean check, boolean echo) throws ValidationException {
        List<Problem> problems = new ArrayList<>();
        Set<TableRef> tables = new LinkedHashSet<>();
        List<String> verbs = new ArrayList<>();
        boolean mutating = false;
        if (commands == null || commands.isEmpty()) {
            problems.add(new Problem("invalid_request", -1, "/nftables", "a batch needs at least one command"));
        } else if (commands.size() > Rules.COMMANDS_MAX) {
            problems.add(new Problem("limit_exceeded", -1, "/nftables",
                    "a batch may hold at most " + Rules.COMMANDS_MAX + " commands, this one has " + commands.size()));
        } else {
            for (int i = 0; i < commands.size(); i++) {
                CommandCheck c = new CommandCheck(i, problems, tables);
                String verb = c.command(commands.get(i));
                if (verb != null) {
                    verbs.add(verb);
                    mutating |= Rules.isMutating(verb);
                }
            }
        }
        if (!problems.isEmpty()) throw new ValidationException(problems);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("op", "nft");
        body.put("batch", Map.of("nftables", commands));
        body.put("check", check);
        body.put("echo", echo);
        return ValidatedBatch.mint("nft", canonical(body), commands.size(), mutating, check, verbs, tables);
    }

    /**
     * Validates a raw libnftables JSON document ({@code {"nftables":[...]}}) as a user hands it to
     * the command line. Entries that carry no command ({@code metainfo}) are dropped.
     */
    public static ValidatedBatch nftJson(String document, boolean check, boolean echo) throws ValidationException {
        Object tree;
        try {
            tree = JSON_WRITER.anyFrom(document);
        } catch (RuntimeException e) {
            throw new ValidationException(List.of(new Problem("invalid_json", -1, "", "not JSON: " + e.getMessage())));
        }
        if (!(tree instanceof Map<?, ?> root) || !(root.get("nftables") instanceof List<?> list) || root.size() != 1) {
            throw new ValidationException(List.of(new Problem("invalid_request", -1, "",
                    "expected one object {\"nftables\": [ ...commands... ]}")));
        }
        List<Object> commands = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("metainfo")) continue;
            commands.add(o);
        }
        return nft(commands, check, echo);
    }

    static byte[] canonical(Object tree) {
        try {
            return JSON_WRITER.asBytes(tree);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot encode a validated tree", e);
        }
    }
}
