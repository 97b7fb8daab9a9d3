package org.nftj.api.sysctl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready-made sets of values, applied as one all-or-nothing set
 * ({@code nftj.sysctl().apply(SysctlPreset.HARDENED_HOST)}; {@link #settings()} lists them). The helper's policy must allow every
 * name the preset uses.
 */
public enum SysctlPreset {
    /** Forward IPv4 and IPv6 between interfaces. */
    ROUTER,
    /**
     * A host that is not a router: strict reverse-path filtering, SYN cookies, no ICMP redirects
     * accepted or sent, no source-routed packets, martians logged, broadcast pings and bogus ICMP
     * errors ignored, RFC 1337 TIME-WAIT assassination protection.
     */
    HARDENED_HOST;

    private final Map<SysctlName, String> values;

    SysctlPreset() {
        this.values = Collections.unmodifiableMap(build(name()));
    }

    private static Map<SysctlName, String> build(String preset) {
        Map<SysctlName, String> m = new LinkedHashMap<>();
        if (preset.equals("ROUTER")) {
            m.put(SysctlParameter.IP_FORWARD.global(), "1");
            m.put(SysctlParameter.IPV4_FORWARDING.on("all"), "1");
            m.put(SysctlParameter.IPV6_FORWARDING.on("all"), "1");
            return m;
        }
        for (String iface : new String[] {"all", "default"}) {
            m.put(SysctlParameter.RP_FILTER.on(iface), "1");
            m.put(SysctlParameter.ACCEPT_REDIRECTS.on(iface), "0");
            m.put(SysctlParameter.SECURE_REDIRECTS.on(iface), "0");
            m.put(SysctlParameter.SEND_REDIRECTS.on(iface), "0");
            m.put(SysctlParameter.ACCEPT_SOURCE_ROUTE.on(iface), "0");
            m.put(SysctlParameter.LOG_MARTIANS.on(iface), "1");
            m.put(SysctlParameter.IPV6_ACCEPT_REDIRECTS.on(iface), "0");
        }
        m.put(SysctlParameter.TCP_SYNCOOKIES.global(), "1");
        m.put(SysctlParameter.ICMP_ECHO_IGNORE_BROADCASTS.global(), "1");
        m.put(SysctlParameter.ICMP_IGNORE_BOGUS_ERROR_RESPONSES.global(), "1");
        m.put(SysctlParameter.TCP_RFC1337.global(), "1");
        return m;
    }

    /** {@return the values, in the order they are written} */
    public Map<SysctlName, String> settings() { return values; }
}
