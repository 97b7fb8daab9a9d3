package org.nftj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nftj.audit.AuditVerifier;
import org.nftj.audit.VerifyReport;

/** {@code audit verify FILE [--anchor HASH]}: the audit module's verifier, as a command. */
final class AuditCommand {
    private AuditCommand() {}

    static Report run(Ctx ctx, Args a) throws CliException {
        var p = a.positional(2, 2, "audit");
        if (!p.get(0).equals("verify")) {
            throw CliException.usage("audit: expected verify, not '" + p.get(0) + "'", "usage: " + Subcommand.AUDIT.synopsis());
        }
        Path file = Path.of(p.get(1));
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.FAILED, "no_such_file", "no audit log at " + file, "check the path");
        }
        VerifyReport r;
        try {
            r = AuditVerifier.verify(file, a.value("--anchor", ""));
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file.toString());
        json.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        json.put("problem", r.problem().name().toLowerCase(java.util.Locale.ROOT));
        json.put("recordsChecked", r.recordsChecked());
        json.put("badFile", r.badFile());
        json.put("badLine", r.badLine());
        json.put("message", r.message());
        json.put("headSeq", r.headSeq());
        json.put("headHash", r.headHash());
        json.put("files", r.files());
        String text = (r.ok() ? "intact: " : r.status() == VerifyReport.Status.TORN_TAIL ? "torn tail: " : "BROKEN: ")
                + r.message() + "\nhead seq " + r.headSeq() + " hash " + r.headHash()
                + " (record it elsewhere, then verify with --anchor to detect truncation)\n";
        return new Report(json, text, r.ok() ? ExitCode.OK : ExitCode.FAILED);
    }
}
