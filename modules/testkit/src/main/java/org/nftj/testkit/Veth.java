package org.nftj.testkit;

import java.util.List;
import java.util.UUID;

/**
 * A two-host topology for traffic tests: a veth pair joining namespace {@code a} (usually the
 * helper's, where the firewall under test lives) and namespace {@code b} (a peer), with addresses
 * from 10.x and fd00:: that exist only inside those namespaces. Nothing touches the host's network.
 *
 * <p>Addresses: a = 10.77.0.1/24 and fd00:77::1/64, b = 10.77.0.2/24 and fd00:77::2/64 (IPv6 DAD
 * disabled so the addresses are usable at once).
 */
public final class Veth {
    /** The addresses: {@code A4}/{@code A6} in namespace a, {@code B4}/{@code B6} in namespace b. */
    public static final String A4 = "10.77.0.1", B4 = "10.77.0.2", A6 = "fd00:77::1", B6 = "fd00:77::2";

    private Veth() {}

    /**
     * Joins the namespaces with a veth pair and gives each end its addresses.
     *
     * @param a the first namespace's name (gets {@link #A4} and {@link #A6})
     * @param b the peer namespace's name (gets {@link #B4} and {@link #B6})
     * @param ifA the interface's name in a, at most 15 bytes
     * @param ifB the interface's name in b, at most 15 bytes
     * @throws IllegalStateException when an {@code ip} or {@code sysctl} command fails
     */
    public static void join(String a, String b, String ifA, String ifB) {
        String tmp = "vt" + UUID.randomUUID().toString().substring(0, 8);
        NetnsHelper.run(List.of("ip", "link", "add", tmp, "netns", a, "type", "veth", "peer", "name", ifB, "netns", b));
        ns(a, "ip", "link", "set", tmp, "name", ifA);
        setup(a, ifA, A4, A6);
        setup(b, ifB, B4, B6);
    }

    private static void setup(String ns, String dev, String v4, String v6) {
        ns(ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
        ns(ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
        ns(ns, "sysctl", "-q", "-w", "net.ipv6.conf." + dev + ".accept_dad=0");
        ns(ns, "ip", "link", "set", "lo", "up");
        ns(ns, "ip", "addr", "add", v4 + "/24", "dev", dev);
        ns(ns, "ip", "addr", "add", v6 + "/64", "dev", dev, "nodad");
        ns(ns, "ip", "link", "set", dev, "up");
    }

    /**
     * Runs a command in namespace {@code ns}.
     *
     * @param ns the namespace's name
     * @param cmd the command and its arguments
     * @return what it wrote to stdout
     * @throws IllegalStateException carrying its error text when it fails
     */
    public static String ns(String ns, String... cmd) {
        List<String> full = new java.util.ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return NetnsHelper.run(full);
    }

    /**
     * How long one probe process may live: generous, since starting python3 on a loaded machine
     * can take seconds. The probe's own socket timeout (2 s) decides what counts as dropped.
     */
    private static final String PROBE_PROCESS_SECONDS = "30";

    /**
     * Tries a TCP connection from namespace {@code from} to {@code addr}:{@code port} with a bounded
     * timeout.
     *
     * @param from the namespace the connection starts in
     * @param addr the address to connect to, IPv4 or IPv6
     * @param port the TCP port (a server must listen there, e.g. {@link #server})
     * @return true when it was established within 2 seconds, false when refused, dropped or timed out
     */
    public static boolean tcpConnects(String from, String addr, int port) {
        String py = "import socket,sys\ns=socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)\n"
                + "s.settimeout(2)\ntry:\n s.connect((sys.argv[1],int(sys.argv[2])));print('ok')\nexcept Exception as e:\n print('no',e)\n";
        return ns(from, "timeout", PROBE_PROCESS_SECONDS, "python3", "-c", py, addr, Integer.toString(port)).startsWith("ok");
    }

    /**
     * Sends one UDP datagram and waits (bounded) for the echo server's reply.
     *
     * @param from the namespace the datagram leaves from
     * @param addr the address to send to, IPv4 or IPv6
     * @param port the UDP port of an echo server ({@link #server})
     * @return true when the reply came within 2 seconds
     */
    public static boolean udpAnswers(String from, String addr, int port) {
        String py = "import socket,sys\ns=socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET,socket.SOCK_DGRAM)\n"
                + "s.settimeout(2)\ntry:\n s.sendto(b'x',(sys.argv[1],int(sys.argv[2])));s.recvfrom(100);print('ok')\nexcept Exception as e:\n print('no',e)\n";
        return ns(from, "timeout", PROBE_PROCESS_SECONDS, "python3", "-c", py, addr, Integer.toString(port)).startsWith("ok");
    }

    /**
     * Starts a small echo server (TCP and UDP on {@code port}, IPv4 and IPv6) in namespace
     * {@code ns}; it exits by itself after {@code seconds}.
     *
     * @param ns the namespace's name
     * @param port the TCP and UDP port to serve
     * @param seconds how long it serves before it exits by itself
     * @return the server's process, listening already (destroy it in finally)
     * @throws IllegalStateException when it cannot be started or does not get ready
     */
    public static Process server(String ns, int port, int seconds) {
        String py = "import socket,threading,sys,time\np=int(sys.argv[1])\n"
                + "def tcp(fam,a):\n s=socket.socket(fam);s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                + " if fam==socket.AF_INET6: s.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_V6ONLY,1)\n"
                + " s.bind((a,p));s.listen(16)\n while True:\n  c,_=s.accept();c.close()\n"
                + "def udp(fam,a):\n s=socket.socket(fam,socket.SOCK_DGRAM)\n"
                + " if fam==socket.AF_INET6: s.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_V6ONLY,1)\n"
                + " s.bind((a,p))\n while True:\n  d,r=s.recvfrom(100);s.sendto(d,r)\n"
                + "for f,a in ((socket.AF_INET,'0.0.0.0'),(socket.AF_INET6,'::')):\n"
                + " threading.Thread(target=tcp,args=(f,a),daemon=True).start()\n"
                + " threading.Thread(target=udp,args=(f,a),daemon=True).start()\n"
                + "print('ready',flush=True)\ntime.sleep(int(sys.argv[2]))\n";
        try {
            Process p = new ProcessBuilder("ip", "netns", "exec", ns, "timeout", Integer.toString(seconds + 5), "python3", "-c",
                    py, Integer.toString(port), Integer.toString(seconds)).redirectErrorStream(true).start();
            byte[] buf = new byte[6];
            int n = p.getInputStream().readNBytes(buf, 0, 6);
            if (n < 5) throw new IllegalStateException("test server did not start in " + ns);
            return p;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot start a test server: " + e.getMessage(), e);
        }
    }
}
