package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.KernelTests;

/** A real full filesystem (a 256 KiB tmpfs): the write fails, nothing partial stays, the log refuses from then on. */
@KernelTest
class FullDiskTest {
    @TempDir Path tmp;
    Path mount;

    @BeforeEach
    void mountTinyFilesystem() throws Exception {
        KernelTests.require(); // mounting a tmpfs needs root
        mount = Files.createDirectory(tmp.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "nftj-audit-test", mount.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) run("umount", "--lazy", mount.toString());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed");
    }

    @Test
    void aFullDiskFailsTheAppendAndEveryOneAfter() throws Exception {
        Path f = mount.resolve("audit.jsonl");
        long acknowledged = 0;
        long sizeBefore = 0;
        IOException failure = null;
        try (FileAuditLog log = FileAuditLog.open(f)) {
            for (int i = 1; i <= 5; i++) acknowledged = log.appendNumbered(Samples.change(i));
            // Fill the filesystem; the file's last page may still have room for a few records.
            try (OutputStream out = Files.newOutputStream(mount.resolve("filler"))) {
                byte[] block = new byte[1024];
                while (true) out.write(block);
            } catch (IOException full) {
                assertTrue(full.getMessage().contains("No space left"), full.getMessage());
            }
            for (int i = 6; i < 40 && failure == null; i++) {
                sizeBefore = Files.size(f);
                try {
                    acknowledged = log.appendNumbered(Samples.change(i));
                } catch (IOException e) {
                    failure = e;
                }
            }
            assertTrue(failure != null, "the filesystem filled up");
            assertTrue(failure.getMessage().contains("No space left"), failure.getMessage());
            IOException again = assertThrows(IOException.class, () -> log.append(Samples.change(99)));
            assertTrue(again.getMessage().contains("failed earlier"), again.getMessage());
            assertEquals(sizeBefore, Files.size(f), "no partial record left behind");
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertEquals(acknowledged, r.recordsChecked(), "every acknowledged record, nothing more");
        // With room again, reopening continues the chain.
        Files.delete(mount.resolve("filler"));
        try (FileAuditLog reopened = FileAuditLog.open(f)) {
            assertEquals(acknowledged + 1, reopened.appendNumbered(Samples.change(100)));
        }
        assertTrue(AuditVerifier.verify(f).ok());
        assertEquals("record 100", Samples.entry(Samples.lines(f).getLast()).record().message());
    }
}
