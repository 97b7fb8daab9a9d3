package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SysctlValidatorTest {

    @Test
    void namesResolveWithInterfacesKeptWhole() {
        assertEquals(SysctlSpec.IP_FORWARD, SysctlValidator.resolve("net.ipv4.ip_forward").spec());
        SysctlValidator.Resolved vlan = SysctlValidator.resolve("net.ipv4.conf.eth0.100.rp_filter");
        assertEquals(SysctlSpec.RP_FILTER, vlan.spec());
        assertEquals("eth0.100", vlan.iface());
        assertEquals("net.ipv4.conf.eth0.100.rp_filter", vlan.name());
        assertEquals("0123456789abcde", SysctlValidator.resolve("net.ipv6.conf.0123456789abcde.forwarding").iface());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "net.", "kernel.hostname", "/proc/sys/net/ipv4/ip_forward", "net/ipv4/ip_forward",
            "net.ipv4.conf.../../../kernel.rp_filter", "net.ipv4.conf...rp_filter", "net.ipv4.conf..rp_filter",
            "net.ipv4.conf.a/b.rp_filter", "net.ipv4.conf.0123456789abcdef.rp_filter", "net.ipv4.conf.a b.rp_filter",
            "net.ipv4.conf.a:1.rp_filter", "net.ipv4.conf.*.rp_filter", "net.ipv4.conf.\u00e9.rp_filter",
            "NET.IPV4.IP_FORWARD", "net.ipv4.tcp_fake", "net.ipv4.ip_forward."})
    void badNamesAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SysctlValidator.resolve(name));
        assertTrue(!e.getMessage().isBlank());
        ValidationException v = assertThrows(ValidationException.class, () -> SysctlValidator.get(List.of(name)));
        assertEquals("/names/0", v.first().path());
    }

    @Test
    void valuesFollowTheKernelsRanges() {
        assertNull(SysctlValidator.valueProblem(SysctlSpec.RP_FILTER, "2"));
        assertNull(SysctlValidator.valueProblem(SysctlSpec.TCP_TW_REUSE, "2"));
        assertNull(SysctlValidator.valueProblem(SysctlSpec.IP_FORWARD, "1"));
        assertNull(SysctlValidator.valueProblem(SysctlSpec.IP_LOCAL_PORT_RANGE, "32768 60999"));
        assertNull(SysctlValidator.valueProblem(SysctlSpec.SOMAXCONN, "2147483647"));
        for (String v : List.of("2", "-1", "01", "+1", " 1", "1\n", "true", "", "-0")) {
            assertTrue(SysctlValidator.valueProblem(SysctlSpec.IP_FORWARD, v) != null, v);
        }
        assertTrue(SysctlValidator.valueProblem(SysctlSpec.RP_FILTER, "3").contains("outside 0..2"));
        assertTrue(SysctlValidator.valueProblem(SysctlSpec.SOMAXCONN, "2147483648") != null);
        for (String v : List.of("60999 32768", "0 100", "1 70000", "1000", "1000  2000", "1000\t2000")) {
            assertTrue(SysctlValidator.valueProblem(SysctlSpec.IP_LOCAL_PORT_RANGE, v) != null, v);
        }
    }

    @Test
    void aSetReportsEveryProblemAndMintsNothing() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("net.ipv4.ip_forward", "1");
        values.put("net.ipv4.conf.all.rp_filter", "3");
        values.put("kernel.hostname", "x");
        ValidationException e = assertThrows(ValidationException.class, () -> SysctlValidator.set(values));
        assertEquals(2, e.problems().size());
        assertEquals("/values/net.ipv4.conf.all.rp_filter", e.problems().get(0).path());
    }

    @Test
    void limitsMatchTheHelper() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) many.put("net.ipv4.conf.v" + i + ".rp_filter", "1");
        assertEquals("limit_exceeded", assertThrows(ValidationException.class, () -> SysctlValidator.set(many)).first().code());
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 129; i++) names.add("net.ipv4.conf.v" + i + ".rp_filter");
        assertEquals("limit_exceeded", assertThrows(ValidationException.class, () -> SysctlValidator.get(names)).first().code());
    }

    @Test
    void canonicalBodies() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("net.ipv4.ip_forward", "1");
        values.put("net.ipv4.ip_local_port_range", "32768 60999");
        ValidatedBatch set = SysctlValidator.set(values);
        assertEquals("{\"op\":\"sysctl_set\",\"values\":{\"net.ipv4.ip_forward\":\"1\",\"net.ipv4.ip_local_port_range\":\"32768 60999\"}}",
                set.bodyAsString());
        assertTrue(set.mutating());
        ValidatedBatch get = SysctlValidator.get(List.of("net.ipv4.ip_forward"));
        assertEquals("{\"op\":\"sysctl_get\",\"names\":[\"net.ipv4.ip_forward\"]}", get.bodyAsString());
        assertEquals("sysctl_get", get.op());
        ValidationException dup = assertThrows(ValidationException.class,
                () -> SysctlValidator.get(List.of("net.ipv4.ip_forward", "net.ipv4.ip_forward")));
        assertEquals("/names/1", dup.first().path());
    }

    /** One table on each side: SysctlSpec must equal the helper's (helper-zig/src/sysctl.zig). */
    @Test
    void javaTableEqualsTheHelpersTable() throws IOException {
        Path zig = Path.of("../../helper-zig/src/sysctl.zig");
        String source = Files.readString(zig);
        String table = source.substring(source.indexOf("pub const parameters = [_]Parameter{"), source.indexOf("// zig fmt: on"));
        Pattern entry = Pattern.compile("(boolean|range)\\s*\\(\"([^\"]+)\"(?:,\\s*([0-9_a-z]+),\\s*([0-9_a-z]+))?\\)|\\.name = \"([^\"]+)\", \\.kind = \\.port_range");
        Matcher m = entry.matcher(table);
        Map<String, String> helper = new LinkedHashMap<>();
        while (m.find()) {
            if (m.group(5) != null) helper.put(m.group(5), "PORT_RANGE 1 65535");
            else if (m.group(1).equals("boolean")) helper.put(m.group(2), "BOOLEAN 0 1");
            else helper.put(m.group(2), "INTEGER " + number(m.group(3)) + " " + number(m.group(4)));
        }
        Map<String, String> java = new LinkedHashMap<>();
        for (SysctlSpec s : SysctlSpec.values()) java.put(s.pattern(), s.kind() + " " + s.min() + " " + s.max());
        assertEquals(helper, java);
    }

    private static long number(String zig) {
        return zig.equals("int_max") ? Integer.MAX_VALUE : Long.parseLong(zig.replace("_", ""));
    }
}
