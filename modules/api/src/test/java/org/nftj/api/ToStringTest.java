package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;
import org.nftj.api.sysctl.SysctlChange;

/**
 * A Java developer who knows nft reads every rule, error and plan in nft syntax: every public type
 * of the api prints itself in nft's words (or, where nft has none, in the words of its domain), never
 * as a Java record or map. Checked over the compiled classes, so a new public type that forgets its
 * {@code toString()} fails here, and shown on each kind of value.
 */
class ToStringTest {
    static final Table APP = new Table(Family.INET, "app");

    /**
     * Public types whose {@code toString()} is not theirs to choose, with why: the client and option
     * types and builders (not values a user reads as nft), the static helpers (never instantiated), exceptions
     * (their message is the text: checked below), and enums of Java-side states that carry their
     * wire name in {@code wire()}.
     */
    private static final Set<String> EXEMPT = Set.of(
            "Nftj", "NftjClient", "NftjOptions", "HelperInfo", "Bulk", "Presets", "Sync", "SysctlClient",
            "NftSyntax", "NftText", "NftObject", "expr.Matches", "expr.NftJson", "expr.NftJsonText", "expr.Syntax",
            "expr.Keyword", "expr.Expr", "expr.Stmt", "sysctl.SysctlParameter", "sysctl.SysctlPreset",
            "Batch$Builder", "DesiredTable$Builder", "sysctl.SysctlParameter$Type", "NftjException$Outcome", "HelperUnavailableException$Reason", "HelperCrashedException$Site",
            "NftUnavailableException$Reason");

    /** Every public class of the api's exported packages, as compiled. */
    private static List<Class<?>> publicTypes() throws IOException, ClassNotFoundException {
        Path classes = Path.of(Family.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(Files.isDirectory(classes), classes.toString());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("org/nftj/api"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, ToStringTest.class.getClassLoader());
                if (isPublic(c) && !Throwable.class.isAssignableFrom(c)) out.add(c);
            }
        }
        return out;
    }

    private static boolean isPublic(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) if (!Modifier.isPublic(k.getModifiers())) return false;
        return !c.isAnonymousClass() && !c.isSynthetic();
    }

    /** Whether {@code c} writes its own toString (a record's generated one does not count). */
    private static boolean ownToString(Class<?> c) throws IOException {
        for (Class<?> k = c; k != null && k != Object.class && k != Record.class && k != Enum.class; k = k.getSuperclass()) {
            byte[] bytes;
            try (var in = k.getResourceAsStream(k.getSimpleName().isEmpty() ? "" : k.getName().substring(k.getName().lastIndexOf('.') + 1) + ".class")) {
                if (in == null) continue;
                bytes = in.readAllBytes();
            }
            ClassModel model = ClassFile.of().parse(bytes);
            for (MethodModel m : model.methods()) {
                if (!m.methodName().equalsString("toString") || !m.methodType().equalsString("()Ljava/lang/String;")) continue;
                boolean generated = m.code().map(code -> code.elementStream().anyMatch(e -> e instanceof InvokeDynamicInstruction i
                        && i.bootstrapMethod().owner().descriptorString().equals("Ljava/lang/runtime/ObjectMethods;"))).orElse(false);
                return !generated;
            }
        }
        return false;
    }

    @Test
    void everyPublicTypePrintsItselfInItsOwnWords() throws Exception {
        List<String> missing = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Class<?> c : publicTypes()) {
            String name = c.getName().substring("org.nftj.api.".length());
            seen.add(name);
            if (EXEMPT.contains(name) || c.isInterface() && !c.isSealed()) continue;
            if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) && !c.isEnum()) continue; // their implementations are listed
            if (!ownToString(c)) missing.add(name);
        }
        assertTrue(seen.containsAll(List.of("Ruleset", "Batch", "Result", "Chain$Hook", "expr.Expr$Payload", "sysctl.SysctlChange")),
                "the scan sees the api's types: " + seen);
        for (String e : EXEMPT) assertTrue(seen.contains(e), "an exemption names no public type: " + e);
        assertEquals(List.of(), missing, "public types that print as Java records or objects");
    }

    @Test
    void valuesPrintInNftSyntax() throws Exception {
        assertEquals("inet", Family.INET.toString());
        Chain input = Chain.base(APP, "input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP);
        assertEquals("type filter hook input priority 0; policy drop;", input.hook().toString());
        NamedSet set = NamedSet.of(APP, "blocklist", DataType.IPV4_ADDR, DataType.INET_SERVICE);
        assertEquals("type ipv4_addr . inet_service", set.key().toString());
        Rule rule = Rule.in(APP, "input", Matches.tcpDport(22), Stmt.accept());
        Batch batch = Batch.builder().add(APP).add(input).add(rule).delete(NamedSet.of(APP, "old", DataType.IPV4_ADDR)).build();
        assertEquals("""
                add table inet app
                add chain inet app input { type filter hook input priority filter; policy drop; }
                add rule inet app input tcp dport 22 accept
                delete set inet app old
                """, batch.toString());
        Ruleset listing = new Ruleset(List.of(APP, input, rule));
        assertEquals("""
                table inet app {
                	chain input {
                		type filter hook input priority filter; policy drop;
                		tcp dport 22 accept
                	}
                }
                """, listing.toString());
        assertEquals(listing.toString(), DesiredTable.of(APP).add(input).add(rule).build().toString());
        assertEquals("# nft 1.0.6 (Lester Gooch #5), JSON schema 1", new Metainfo("1.0.6", "Lester Gooch #5", 1L).toString());
        assertEquals("{\"synproxy\":{\"name\":\"x\"}}", new UnknownObject("synproxy", Map.of("name", "x")).toString());
        assertEquals("table inet app: chain input (1 rule), set blocklist (100000 elements)",
                new TableSummary(APP, List.of(input), List.of(set), Map.of("input", 1L), Map.of("blocklist", 100_000L)).toString());
        assertEquals("net.ipv4.ip_forward = 1 (was 0)", new SysctlChange("net.ipv4.ip_forward", "0", "1", true).toString());
        assertEquals("10.0.0.0/8", new Expr.Prefix(new Expr.Str("10.0.0.0"), 8).toString());
    }

    /** What a client answers and refuses, read as nft: results, plans and every kind of failure. */
    @Test
    void answersPlansAndErrorsPrintInNftSyntax() throws Exception {
        FakeNftj nft = FakeNftj.owning(APP);
        TableClient app = nft.table(APP);
        app.add(app.table(), app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP),
                app.set("hosts", DataType.IPV4_ADDR));
        Ruleset echoed = nft.applyEchoed(Batch.builder().add(app.rule("input", Matches.tcpDport(22), Stmt.accept())).build());
        assertEquals("table inet app {\n\tchain input {\n\t\ttcp dport 22 accept\n\t}\n}\n", echoed.toString());
        Result listed = nft.apply(Batch.parse("{\"nftables\":[{\"list\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}]}"));
        assertTrue(listed.toString().contains("\n\tchain input {\n"), listed.toString());
        Plan plan = nft.plan(DesiredTable.of(APP).add(app.chain("web")).build());
        assertTrue(plan.toString().startsWith("table inet app:\n"), plan.toString());
        assertFalse(plan.batch().toString().contains("{\"") || plan.batch().toString().contains("=["), plan.batch().toString());

        List<NftjException> failures = List.of(
                assertThrows(NotFoundException.class, () -> app.add(app.rule("nochain", Stmt.accept()))),
                assertThrows(AlreadyExistsException.class, () -> nft.apply(Batch.builder().create(APP).build())),
                assertThrows(PolicyDeniedException.class, () -> nft.apply(Batch.builder().add(new Table(Family.IP, "other")).build())),
                assertThrows(NftjException.class, () -> app.addElements("hosts", Stream.of("192.0.2.1", "2001:db8::1"))));
        for (NftjException e : failures) {
            String m = e.getMessage();
            assertFalse(m.contains("{\"") || m.contains("={") || m.contains("=[") || m.contains("Map"), "Java or JSON in: " + m);
            assertTrue(e.object().isPresent(), "names the object: " + m);
        }
        for (NftjException e : failures.subList(0, 3)) {
            assertTrue(e.getMessage().startsWith(e.object().orElseThrow().toString()), e.getMessage());
        }
        assertTrue(failures.get(0).getMessage().contains("(add rule inet app nochain accept)"), failures.get(0).getMessage());
        assertTrue(failures.get(3).getMessage().startsWith("element 1 of 2, 2001:db8::1, is refused by set inet app hosts"),
                failures.get(3).getMessage());
    }
}
