package org.nftj.audit;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a separate JVM by {@link CrashConsistencyTest}, which kills it with SIGKILL.
 * {@code loop FILE ROTATE_BYTES}: appends records forever (rotating), printing each acknowledged seq.
 * {@code torn FILE}: appends 3 records, then writes the first half of a fourth line and waits to be killed.
 * {@code turns FILE N ROTATE_BYTES}: appends N records to a log other processes write too, printing each seq.
 */
public final class CrashWriter {
    private CrashWriter() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        if (args[0].equals("turns")) {
            // One of several processes sharing the log: appends N records, printing each seq.
            try (FileAuditLog log = FileAuditLog.open(file, FileAuditLog.Options.defaults()
                    .withRotateBytes(Long.parseLong(args[3])))) {
                for (int i = 1; i <= Integer.parseInt(args[2]); i++) {
                    System.out.println(log.appendNumbered(Samples.change(i)));
                }
            }
            return;
        }
        if (args[0].equals("loop")) {
            try (FileAuditLog log = FileAuditLog.open(file, FileAuditLog.Options.defaults()
                    .withRotateBytes(Long.parseLong(args[2])))) {
                for (int i = 1; ; i++) {
                    long seq = log.appendNumbered(Samples.change(i));
                    System.out.println(seq);
                    System.out.flush();
                }
            }
        }
        String next;
        try (FileAuditLog log = FileAuditLog.open(file)) {
            for (int i = 1; i <= 3; i++) log.append(Samples.change(i));
            FileAuditLog.Head h = log.head();
            next = AuditEntry.seal(h.seq() + 1, h.hash(), java.time.Instant.now(), System.nanoTime(), 1, "", "", "",
                    "", Samples.change(4)).toLine();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(next.substring(0, next.length() / 2).getBytes(StandardCharsets.US_ASCII)));
            ch.force(false);
        }
        System.out.println("torn");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
