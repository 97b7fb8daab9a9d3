package org.nftj.audit;

import java.util.List;
import java.util.Objects;
import org.nftj.audit.support.Json;

/**
 * What {@link AuditVerifier} found.
 *
 * @param status {@link Status#OK}, {@link Status#TORN_TAIL} (every complete record verifies; the
 *               last one is incomplete, as after a crash mid-write) or {@link Status#BROKEN}
 * @param problem what is wrong at the first bad record ({@link Problem#NONE} when OK)
 * @param recordsChecked complete records that verified, over all files, before the first bad one
 * @param firstBadIndex zero-based index over the whole chain (all files) of the first bad record, or -1
 * @param badFile the file holding it ("" when none)
 * @param badLine its one-based line number in that file, or -1
 * @param badSeq the sequence number that line claims, or -1 when it cannot be read
 * @param message one line of text for people: what is wrong, where
 * @param headSeq sequence number of the last record that verified (0 when none)
 * @param headHash its hash: anchor it elsewhere (journald, remote syslog) to detect truncation later
 * @param files the files checked, oldest first (file names, in the log's directory)
 */
public record VerifyReport(Status status, Problem problem, long recordsChecked, long firstBadIndex, String badFile,
                           long badLine, long badSeq, String message, long headSeq, String headHash,
                           List<String> files) {
    /** Checks that status, problem, message and head hash are given; copies the file names. */
    public VerifyReport {
        Objects.requireNonNull(status);
        Objects.requireNonNull(problem);
        Objects.requireNonNull(message);
        Objects.requireNonNull(headHash);
        files = List.copyOf(files);
    }

    /** Overall verdict. */
    public enum Status {
        /** Every record verifies. */
        OK,
        /** Every complete record verifies; the last one is incomplete. */
        TORN_TAIL,
        /** A record was altered, deleted, reordered or inserted. */
        BROKEN
    }

    /** The kind of damage at the first bad record. */
    public enum Problem {
        /** Nothing is wrong. */
        NONE,
        /** The record's content does not match its hash, or it is not a well-formed record. */
        ALTERED,
        /** Records (or a whole earlier file, or the anchored head) are missing. */
        DELETED,
        /** Records are present but out of order. */
        REORDERED,
        /** A record that is not part of the chain was added. */
        INSERTED,
        /** The last record is incomplete (no newline): a crash or a truncation mid-record. */
        TORN_TAIL
    }

    /** {@return true only when every record verifies and nothing is torn} */
    public boolean ok() { return status == Status.OK; }

    /** {@return a one-line JSON rendering (ASCII, escaped) for commands and logs} */
    public String toJson() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("ok", ok());
        m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        m.put("problem", problem.name().toLowerCase(java.util.Locale.ROOT));
        m.put("recordsChecked", recordsChecked);
        m.put("firstBadIndex", firstBadIndex);
        m.put("badFile", badFile);
        m.put("badLine", badLine);
        m.put("badSeq", badSeq);
        m.put("message", message);
        m.put("headSeq", headSeq);
        m.put("headHash", headHash);
        m.put("files", files);
        return Json.write(m);
    }
}
