package org.nftj.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a subcommand produced: the JSON document printed with {@code --json}, and the text printed
 * otherwise. The exit status is {@link ExitCode#OK} unless {@code exit} says otherwise (doctor, demo
 * and sync report failures with a full document, not only an error line).
 */
record Report(Map<String, Object> json, String text, ExitCode exit) {
    Report {
        json = new LinkedHashMap<>(json);
    }

    static Report ok(Map<String, Object> json, String text) {
        return new Report(json, text, ExitCode.OK);
    }
}
