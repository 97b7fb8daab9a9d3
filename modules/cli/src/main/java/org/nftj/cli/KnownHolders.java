package org.nftj.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which holders of CAP_NET_ADMIN a normal host has, and how doctor tells them from others (D19).
 *
 * <p>A process's command name is its own choice (prctl, or a copied binary), so a name alone
 * proves nothing. A holder counts as known only by facts the process cannot choose:
 * <ul>
 *   <li>PID 1, the init of its pid namespace;</li>
 *   <li>an ancestor of this doctor (the sudo, su or runuser that started it);</li>
 *   <li>a service systemd started: its cgroup is {@code /system.slice/UNIT.service} (only root can
 *       move a process into a cgroup there) and its name is one that unit runs, from the table
 *       below;</li>
 *   <li>a process of root's own login sessions: cgroup {@code /user.slice/user-0.slice/...}, which
 *       logind creates for uid 0 only, and uid 0.</li>
 * </ul>
 * When its executable is readable (doctor as root, or the same user), it must also lie in a
 * system directory ({@code /usr}, {@code /bin}, {@code /sbin}, {@code /lib*}, {@code /opt}); a
 * binary anywhere else is unknown whatever its name and cgroup.
 */
final class KnownHolders {
    private KnownHolders() {}

    /**
     * Command names (as the kernel truncates them, 15 characters) of system services that hold
     * CAP_NET_ADMIN on usual hosts, with the systemd units that run them ({@code @*} matches any
     * instance).
     */
    static final Map<String, List<String>> SERVICES = Map.ofEntries(
            Map.entry("systemd-journal", List.of("systemd-journald.service")),
            Map.entry("systemd-udevd", List.of("systemd-udevd.service")),
            Map.entry("(udev-worker)", List.of("systemd-udevd.service")),
            Map.entry("systemd-logind", List.of("systemd-logind.service")),
            Map.entry("systemd-network", List.of("systemd-networkd.service")),
            Map.entry("systemd-resolve", List.of("systemd-resolved.service")),
            Map.entry("systemd-timesyn", List.of("systemd-timesyncd.service")),
            Map.entry("systemd-machine", List.of("systemd-machined.service")),
            Map.entry("NetworkManager", List.of("NetworkManager.service")),
            Map.entry("wpa_supplicant", List.of("wpa_supplicant.service", "wpa_supplicant@*.service", "NetworkManager.service")),
            Map.entry("dhclient", List.of("NetworkManager.service", "networking.service", "ifup@*.service", "dhclient.service",
                    "dhclient@*.service")),
            Map.entry("dhcpcd", List.of("dhcpcd.service", "dhcpcd@*.service")),
            Map.entry("ModemManager", List.of("ModemManager.service")),
            Map.entry("containerd", List.of("containerd.service")),
            Map.entry("containerd-shim", List.of("containerd.service", "docker.service")),
            Map.entry("dockerd", List.of("docker.service")),
            Map.entry("docker-proxy", List.of("docker.service")),
            Map.entry("firewalld", List.of("firewalld.service")),
            Map.entry("libvirtd", List.of("libvirtd.service")),
            Map.entry("kubelet", List.of("kubelet.service")),
            Map.entry("cron", List.of("cron.service", "crond.service")),
            Map.entry("sshd", List.of("ssh.service", "sshd.service")),
            Map.entry("rsyslogd", List.of("rsyslog.service")),
            Map.entry("agetty", List.of("getty@*.service", "serial-getty@*.service")),
            Map.entry("login", List.of("getty@*.service", "serial-getty@*.service")),
            Map.entry("atd", List.of("atd.service")),
            Map.entry("unattended-upgr", List.of("unattended-upgrades.service")),
            Map.entry("qemu-ga", List.of("qemu-guest-agent.service")),
            Map.entry("irqbalance", List.of("irqbalance.service")),
            Map.entry("multipathd", List.of("multipathd.service")),
            Map.entry("chronyd", List.of("chrony.service", "chronyd.service")));

    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/", "/opt/");

    /** Why {@code h} is expected on a normal host, or null when it is not known. */
    static String why(CapHolders.Holder h, Set<Long> ancestors) {
        if (!h.exe().isEmpty() && SYSTEM_DIRECTORIES.stream().noneMatch(h.exe()::startsWith)) return null;
        if (h.pid() == 1) return "init";
        if (ancestors.contains(h.pid())) return "started this doctor";
        String unit = systemUnit(h.cgroup());
        if (unit != null) {
            for (String pattern : SERVICES.getOrDefault(h.name(), List.of())) {
                if (matches(pattern, unit)) return unit;
            }
            return null;
        }
        if (h.uid() == 0 && h.cgroup().startsWith("/user.slice/user-0.slice/")) return "root's session";
        return null;
    }

    /** {@code NAME.service} of a cgroup {@code /system.slice/NAME.service[/...]}, else null. */
    static String systemUnit(String cgroup) {
        if (!cgroup.startsWith("/system.slice/")) return null;
        String rest = cgroup.substring("/system.slice/".length());
        int slash = rest.indexOf('/');
        String unit = slash < 0 ? rest : rest.substring(0, slash);
        return unit.endsWith(".service") ? unit : null;
    }

    private static boolean matches(String pattern, String unit) {
        if (!pattern.contains("@*")) return pattern.equals(unit);
        String prefix = pattern.substring(0, pattern.indexOf("@*") + 1);
        String suffix = pattern.substring(pattern.indexOf("@*") + 2);
        return unit.startsWith(prefix) && unit.endsWith(suffix) && unit.length() > prefix.length() + suffix.length();
    }
}
