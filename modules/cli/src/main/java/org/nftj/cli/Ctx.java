package org.nftj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditLogBusyException;
import org.nftj.audit.AuditRecord;
import org.nftj.audit.FileAuditLog;

/** The global options and streams of one {@code nftj} run, and what must be closed when it ends. */
record Ctx(PrintWriter out, PrintWriter err, boolean json, Path helper, Path auditFile, Duration timeout,
           String principal, boolean terminal, List<AutoCloseable> resources) {

    /**
     * Opens a client of the helper that hands its audit records to {@code extra} and, with
     * {@code --audit FILE}, first to that hash-chained log (a record that cannot be written there
     * stops the change).
     */
    Nftj open(AuditLog extra) throws NftjException, CliException {
        AuditLog log = extra;
        if (auditFile != null) log = tee(openAuditLog(auditFile), extra);
        NftjOptions options = NftjOptions.of(helper).withAudit(log).withRequestTimeout(timeout)
                .withPrincipal(principal.isEmpty() ? System.getProperty("user.name", "") : principal);
        return Nftj.open(options);
    }

    Nftj open() throws NftjException, CliException {
        return open(AuditLog.discarding());
    }

    /** Opens (creating or continuing) a hash-chained audit log, closed when the run ends. */
    FileAuditLog openAuditLog(Path file) throws CliException {
        try {
            FileAuditLog log = FileAuditLog.open(file);
            resources.add(log);
            return log;
        } catch (AuditLogBusyException e) {
            throw new CliException(ExitCode.TEMPORARY, "audit_busy", e.getMessage(),
                    "other nftj commands or applications share this log and take turns; retry when they are done");
        } catch (java.nio.file.AccessDeniedException e) {
            // The log's directory is created when missing; this user could not create it, or write in it.
            String user = System.getProperty("user.name", "USER");
            Path dir = file.toAbsolutePath().getParent();
            throw new CliException(ExitCode.CONFIG, "audit_unwritable", "cannot open the audit log " + file + ": " + user
                    + " may not write " + e.getFile(), "as root, give the log's directory to the user that runs nftj: install -d -o "
                    + user + " -m 0700 " + dir + "; nothing was changed");
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "audit_unwritable", "cannot open the audit log " + file + ": "
                    + e.getMessage(), "check the path and its permissions; nothing was changed");
        }
    }

    /**
     * Both logs get every record; the sequence number (which outcome records quote as their
     * intent's {@code ref}) is the first's.
     */
    static AuditLog tee(AuditLog first, AuditLog second) {
        return new AuditLog() {
            @Override
            public void append(AuditRecord record) throws IOException {
                appendNumbered(record);
            }

            @Override
            public long appendNumbered(AuditRecord record) throws IOException {
                long seq = first.appendNumbered(record);
                second.append(record);
                return seq;
            }

            @Override
            public boolean keepsRecords() {
                return first.keepsRecords() || second.keepsRecords();
            }

            @Override
            public void close() throws IOException {
                try {
                    first.close();
                } finally {
                    second.close();
                }
            }
        };
    }

    Ctx withAuditFile(Path file) {
        return new Ctx(out, err, json, helper, file, timeout, principal, terminal, resources);
    }

    /** stderr is a terminal: a progress bar goes there. */
    boolean stderrTerminal() { return terminal; }

    /** A person watches stderr and stdout is not a JSON document: sync shows its plan there before applying. */
    boolean progress() { return terminal && !json; }

    static List<AutoCloseable> newResources() { return new ArrayList<>(); }
}
