package org.nftj.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.nftj.audit.support.ProcessFacts;

/**
 * Finds processes whose effective capability set holds CAP_NET_ADMIN (bit 12 of {@code CapEff}
 * in {@code /proc/PID/status}): anything that can change the firewall besides our helper. Kernel
 * threads are left out (they hold every capability and run no user code). A process that exits
 * while being read is skipped. This is the doctor's check; the result is information, not proof:
 * a process can gain the capability after the scan.
 */
public final class CapabilityScanner {
    /** CAP_NET_ADMIN, from linux/capability.h. */
    public static final int CAP_NET_ADMIN = 12;
    private static final long PF_KTHREAD = 0x00200000L;

    /**
     * A process holding CAP_NET_ADMIN.
     *
     * @param pid its process id
     * @param name the process's command name (from the kernel, attacker-chosen: escape before printing)
     * @param uid its real user id
     * @param capEff the effective capability set as hex
     * @param netns its network namespace ({@code net:[inode]}) when readable, else ""
     * @param ppid its parent's pid (0 when it has none in this pid namespace)
     * @param cgroup its cgroup v2 path ({@code 0::} line of {@code /proc/PID/cgroup}, e.g.
     *               {@code /system.slice/NetworkManager.service}), or the systemd hierarchy's on a
     *               cgroup v1 host, else "". Set by whoever started it (systemd), not by the
     *               process: an unprivileged process cannot move itself into a root-owned cgroup.
     * @param exe the target of {@code /proc/PID/exe} when readable (this user's processes, or
     *            any as root), else ""
     */
    public record Holder(long pid, String name, long uid, String capEff, String netns, long ppid, String cgroup,
                         String exe) {}

    private CapabilityScanner() {}

    /**
     * Scans /proc, leaving out the given pids (our helpers) and kernel threads.
     *
     * @param exclude process ids to leave out
     * @return the holders, sorted by pid
     * @throws IOException when /proc cannot be listed (a process that ends while read is skipped)
     */
    public static List<Holder> scan(Set<Long> exclude) throws IOException {
        return scan(Path.of("/proc"), exclude);
    }

    static List<Holder> scan(Path proc, Set<Long> exclude) throws IOException {
        List<Holder> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d{1,10}"))) {
            for (Path p : ds) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (exclude.contains(pid)) continue;
                Holder h = read(p, pid);
                if (h != null) out.add(h);
            }
        }
        out.sort(Comparator.comparingLong(Holder::pid));
        return out;
    }

    /**
     * Tests one capability in a set as /proc prints it.
     *
     * @param capHex the capability set, 1 to 16 hex digits
     * @param bit the capability's number, e.g. {@link #CAP_NET_ADMIN}
     * @return true when the set holds the bit; false also when {@code capHex} is not such a set
     */
    public static boolean has(String capHex, int bit) {
        if (capHex.isEmpty() || capHex.length() > 16 || !capHex.matches("[0-9a-fA-F]+")) return false;
        return (Long.parseUnsignedLong(capHex, 16) >>> bit & 1L) != 0;
    }

    private static Holder read(Path dir, long pid) {
        String name = "";
        String capEff = "";
        long uid = -1;
        long ppid = 0;
        try {
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Name:")) name = line.substring(5).strip();
                else if (line.startsWith("CapEff:")) capEff = line.substring(7).strip();
                else if (line.startsWith("Uid:")) uid = Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
                else if (line.startsWith("PPid:")) ppid = Long.parseLong(line.substring(5).strip());
            }
            if (!has(capEff, CAP_NET_ADMIN) || kernelThread(dir)) return null;
        } catch (IOException | RuntimeException e) {
            return null; // exited while we read it, or unreadable
        }
        return new Holder(pid, name, uid, capEff, ProcessFacts.netns(pid), ppid, cgroup(dir), exe(dir));
    }

    /** The unified (v2) hierarchy's path, else the systemd (v1) one's, else "". */
    static String cgroup(Path dir) {
        String v1 = "";
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("0::")) return line.substring(3);
                if (line.contains(":name=systemd:")) v1 = line.substring(line.indexOf(":name=systemd:") + 14);
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return v1;
    }

    private static String exe(Path dir) {
        try {
            return Files.readSymbolicLink(dir.resolve("exe")).toString();
        } catch (IOException | RuntimeException e) {
            return ""; // another user's process (ptrace access mode), or exited
        }
    }

    private static boolean kernelThread(Path dir) throws IOException {
        String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[6]) & PF_KTHREAD) != 0;
    }
}
