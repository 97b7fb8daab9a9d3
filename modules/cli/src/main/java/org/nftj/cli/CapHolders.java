package org.nftj.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds processes holding CAP_NET_ADMIN in their effective set: every one of them can change any
 * nftables table of its network namespace, whatever nftj's policy says. The audit module's /proc
 * scanner is meant to replace {@link #proc()} once it is merged; doctor depends only on this
 * interface.
 */
interface CapHolders {
    int CAP_NET_ADMIN = 12;

    /** A process and the command name the kernel reports for it. */
    record Holder(long pid, String name, long uid) { }

    List<Holder> scan() throws IOException;

    /** Reads /proc/PID/status of every process visible to this one. */
    static CapHolders proc() {
        return () -> {
            List<Holder> out = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path d : ds) {
                    String status;
                    try {
                        status = Files.readString(d.resolve("status"));
                    } catch (IOException gone) {
                        continue; // the process ended while we looked
                    }
                    ProcStatus s = ProcStatus.parse(status);
                    if (s.hasEffective(CAP_NET_ADMIN)) {
                        out.add(new Holder(Long.parseLong(d.getFileName().toString()), s.name(), s.uid()));
                    }
                }
            }
            return out;
        };
    }
}
