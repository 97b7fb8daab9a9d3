package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import org.nftj.testkit.Policy;

/** {@code nftj sysctl get|set} in-process, against the real helper in a throwaway namespace. */
@KernelTest
class SysctlCommandTest {
    private record Run(int status, String out, String err) {}

    private static Run nftj(NetnsHelper h, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--helper";
        all[1] = h.helperPath().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int status = new NftjTool().run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new Run(status, out.toString(), err.toString());
    }

    private static String kernel(NetnsHelper h, String path) {
        return String.join(" ", h.exec("cat", path).trim().split("\\s+"));
    }

    @Test
    void getAndSet() {
        Policy policy = Policy.sample().withSysctl("net.ipv4.ip_forward", "net.ipv4.conf.*.rp_filter", "net.ipv4.ip_local_port_range");
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.UNPRIVILEGED, policy)) {
            String forward = kernel(h, "/proc/sys/net/ipv4/ip_forward");
            Run get = nftj(h, "sysctl", "get", "net.ipv4.ip_forward", "net.ipv4.ip_local_port_range");
            assertEquals(0, get.status(), get.err());
            assertEquals("net.ipv4.ip_forward = " + forward + "\nnet.ipv4.ip_local_port_range = "
                    + kernel(h, "/proc/sys/net/ipv4/ip_local_port_range") + "\n", get.out());

            String flipped = forward.equals("1") ? "0" : "1";
            Run set = nftj(h, "sysctl", "set", "net.ipv4.ip_forward=" + flipped, "net.ipv4.conf.lo.rp_filter=2",
                    "net.ipv4.ip_local_port_range=40000 50000");
            assertEquals(0, set.status(), set.err());
            assertTrue(set.out().contains("net.ipv4.ip_forward: " + forward + " -> " + flipped), set.out());
            assertEquals(flipped, kernel(h, "/proc/sys/net/ipv4/ip_forward"));
            assertEquals("2", kernel(h, "/proc/sys/net/ipv4/conf/lo/rp_filter"));
            assertEquals("40000 50000", kernel(h, "/proc/sys/net/ipv4/ip_local_port_range"));

            // Refusals: bad value and bad name (exit 2, nothing sent), outside the policy (exit 77).
            Run bad = nftj(h, "sysctl", "set", "net.ipv4.conf.lo.rp_filter=3");
            assertEquals(2, bad.status());
            assertTrue(bad.err().contains("outside 0..2"), bad.err());
            Run name = nftj(h, "sysctl", "get", "net.ipv4.conf.../x.rp_filter");
            assertEquals(2, name.status());
            Run denied = nftj(h, "sysctl", "set", "net.ipv4.tcp_syncookies=1");
            assertEquals(77, denied.status());
            assertTrue(denied.err().startsWith("nftj: policy_denied: the helper's policy does not allow sysctl net.ipv4.tcp_syncookies"
                    + " (its \"sysctl\" list names what may be read or set) (hint: nothing was changed; as root, add "
                    + "\"net.ipv4.tcp_syncookies\""), denied.err());
            Run deniedGet = nftj(h, "sysctl", "get", "net.ipv4.ip_forward", "net.ipv4.tcp_syncookies");
            assertEquals(77, deniedGet.status());
            assertTrue(deniedGet.err().contains("does not allow sysctl net.ipv4.tcp_syncookies "), deniedGet.err());
            Run usage = nftj(h, "sysctl", "set", "net.ipv4.ip_forward");
            assertEquals(2, usage.status());
            assertEquals("2", kernel(h, "/proc/sys/net/ipv4/conf/lo/rp_filter"), "a refusal changed a value");
        }
    }
}
