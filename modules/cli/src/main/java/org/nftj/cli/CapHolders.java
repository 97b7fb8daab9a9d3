package org.nftj.cli;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.nftj.audit.internal.CapabilityScanner;

/**
 * Finds processes holding CAP_NET_ADMIN in their effective set: every one of them can change any
 * nftables table of its network namespace, whatever nftj's policy says. Doctor depends only on
 * this interface; {@link #proc()} is the audit module's /proc scanner.
 */
interface CapHolders {
    /**
     * A process, the command name the kernel reports for it (chosen by the process: spoofable),
     * its parent, its cgroup (chosen by whoever started it) and its executable ("" when unreadable).
     */
    record Holder(long pid, String name, long uid, long ppid, String cgroup, String exe) {
        /** For tests and callers that know only the name. */
        Holder(long pid, String name, long uid) {
            this(pid, name, uid, 0, "", "");
        }
    }

    List<Holder> scan() throws IOException;

    /** Every process visible in /proc except kernel threads. */
    static CapHolders proc() {
        return () -> CapabilityScanner.scan(Set.of()).stream()
                .map(h -> new Holder(h.pid(), h.name(), h.uid(), h.ppid(), h.cgroup(), h.exe())).toList();
    }
}
