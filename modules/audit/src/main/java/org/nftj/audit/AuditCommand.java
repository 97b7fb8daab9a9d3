package org.nftj.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code nftj audit ...} command's implementation, callable in-process (the cli exposes it):
 * <pre>
 * nftj audit verify [--json] [--anchor HASH] FILE
 * </pre>
 * Verifies the log whose newest file is FILE, following rotation back to its start. Prints one line
 * (or one JSON document with {@code --json}) on {@code out}: the verdict, the first bad record
 * and the chain head to anchor elsewhere. Exit status: 0 every record verifies; 1 the log is
 * broken or has a torn tail; 2 usage; 66 FILE cannot be read (sysexits EX_NOINPUT).
 */
public final class AuditCommand {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NO_INPUT = 66;

    private AuditCommand() {}

    public static int run(PrintStream out, PrintStream err, String... args) {
        if (args.length == 0 || !args[0].equals("verify")) {
            err.println("usage: nftj audit verify [--json] [--anchor HASH] FILE");
            return USAGE;
        }
        boolean json = false;
        String anchor = "";
        String file = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--anchor" -> {
                    if (++i >= args.length || !args[i].matches("[0-9a-f]{64}")) {
                        err.println("nftj audit verify: --anchor needs a 64-digit lowercase hex hash");
                        return USAGE;
                    }
                    anchor = args[i];
                }
                default -> {
                    if (file != null || args[i].startsWith("--")) {
                        err.println("usage: nftj audit verify [--json] [--anchor HASH] FILE");
                        return USAGE;
                    }
                    file = args[i];
                }
            }
        }
        if (file == null) {
            err.println("usage: nftj audit verify [--json] [--anchor HASH] FILE");
            return USAGE;
        }
        Path p = Path.of(file);
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            err.println("nftj audit verify: cannot read " + AuditEntry.oneLine(file));
            return NO_INPUT;
        }
        VerifyReport r;
        try {
            r = AuditVerifier.verify(p, anchor);
        } catch (IOException e) {
            err.println("nftj audit verify: " + AuditEntry.oneLine(e.getMessage()));
            return NO_INPUT;
        }
        if (json) {
            out.println(r.toJson());
        } else if (r.ok()) {
            out.println("ok: " + r.recordsChecked() + " records in " + r.files().size() + " file(s) verify; head seq "
                    + r.headSeq() + " hash " + r.headHash());
        } else {
            out.println(r.status().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + r.problem().name().toLowerCase(java.util.Locale.ROOT) + " at record " + r.firstBadIndex()
                    + " (" + AuditEntry.oneLine(r.badFile()) + " line " + r.badLine() + "): "
                    + AuditEntry.oneLine(r.message()) + "; " + r.recordsChecked()
                    + " records verify before it; head seq " + r.headSeq() + " hash " + r.headHash());
        }
        return r.ok() ? OK : FAILED;
    }
}
