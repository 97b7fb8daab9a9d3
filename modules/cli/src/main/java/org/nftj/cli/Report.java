package org.nftj.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a subcommand produced: the JSON document printed with {@code --json}, and the text printed
 * otherwise. The exit status is {@link ExitCode#OK} unless {@code exit} says otherwise (doctor, demo
 * and sync report failures with a full document, not only an error line).
 */
record Report(Map<String, Object> json, String text, ExitCode exit, String document) {
    Report {
        json = new LinkedHashMap<>(json);
    }

    Report(Map<String, Object> json, String text, ExitCode exit) {
        this(json, text, exit, null);
    }

    static Report ok(Map<String, Object> json, String text) {
        return new Report(json, text, ExitCode.OK);
    }

    /**
     * A report whose {@code --json} form is {@code document} verbatim instead of nftj's envelope
     * ({@code list}: exactly what {@code nft -j list ruleset} prints).
     */
    static Report document(String document, String text) {
        return new Report(Map.of(), text, ExitCode.OK, document);
    }
}
