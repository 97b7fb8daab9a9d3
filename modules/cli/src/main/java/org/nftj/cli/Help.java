package org.nftj.cli;

/**
 * The help texts: {@code nftj --help} (every subcommand, the global options, examples and the
 * exit statuses, once) and {@code nftj SUBCOMMAND --help} (its usage, what it does, an example).
 */
final class Help {
    private Help() {}

    static String overview() {
        StringBuilder b = new StringBuilder();
        b.append("usage: nftj [OPTIONS] SUBCOMMAND [ARGS]\n\n");
        b.append("Manage nftables tables through the privileged nftj helper; the JVM itself holds no privilege.\n\n");
        b.append("Subcommands:\n");
        for (Subcommand s : Subcommand.values()) {
            if (s.production()) b.append("  ").append(pad(s.commandName(), 10)).append(' ').append(s.summary()).append('\n');
        }
        b.append("\nDemonstration (not for production hosts):\n");
        for (Subcommand s : Subcommand.values()) {
            if (!s.production()) b.append("  ").append(pad(s.commandName(), 10)).append(' ').append(s.summary()).append('\n');
        }
        b.append("""

                Options (before the subcommand):
                  --helper PATH     the helper (absolute path; default: lib/nftj-helper of this image)
                  --json            one JSON document on stdout, errors as JSON too
                  --audit FILE      record every change in this hash-chained audit log (nftj audit verify FILE)
                  --timeout SECS    per request (default 30)
                  --principal NAME  who the change is made for, recorded in the audit log
                  --verbose, -v     nftj's log records (helper start, requests, audit) on stderr too, and errors with their causes
                  --version         nftj's version, and the helper's and libnftables' (starts the helper once)
                  --help, -h        this text; nftj SUBCOMMAND --help (or nftj help SUBCOMMAND) for one subcommand

                Examples:
                  nftj check /etc/nftj/app.json          the kernel checks the file; nothing changes
                  nftj apply /etc/nftj/app.json          one transaction: all of it or nothing
                  nftj sync --plan /etc/nftj/sync.d      what sync would change, without changing it
                  nftj list inet/app                     the table as the kernel holds it
                  nftj doctor                            check this deployment (as the application's user)

                """);
        b.append(exitCodes());
        return b.toString();
    }

    static String of(Subcommand s) {
        StringBuilder b = new StringBuilder();
        b.append("usage: ").append(s.synopsis()).append("\n\n").append(s.summary()).append(".\n\n")
                .append(s.description().strip()).append("\n\n");
        b.append(s.examples().size() == 1 ? "Example:\n" : "Examples:\n");
        for (String e : s.examples()) b.append("  ").append(e).append('\n');
        b.append("\nGlobal options and exit statuses: nftj --help\n");
        return b.toString();
    }

    static String exitCodes() {
        StringBuilder b = new StringBuilder("Exit status:\n");
        for (ExitCode c : ExitCode.values()) b.append("  ").append(pad(Integer.toString(c.status()), 3)).append(' ').append(c.meaning()).append('\n');
        return b.toString();
    }

    /**
     * {@code s} padded with spaces to {@code width}. Not String.format: its Formatter and locale
     * providers are some 80 classes that nothing else of a command needs, read at every --help.
     */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
