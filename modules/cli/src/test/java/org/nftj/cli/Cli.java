package org.nftj.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import tools.jackson.jr.ob.JSON;

/** Runs nftj in-process, as a ToolProvider, and keeps what it printed. */
record Cli(int status, String out, String err) {
    /** The tool as tests use it: no terminal attached. */
    static Cli run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int s = new NftjTool(false).run(new PrintWriter(o), new PrintWriter(e), args);
        return new Cli(s, o.toString(), e.toString());
    }

    /** stdout as the one JSON document --json promises. */
    Map<String, Object> json() {
        return JSON.std.mapFrom(out);
    }

    @Override
    public String toString() {
        return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
