package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.ByteUnit;
import org.nftj.api.expr.CtState;
import org.nftj.api.expr.Keyword;
import org.nftj.api.expr.LogLevel;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Per;
import org.nftj.api.expr.Stmt;

/**
 * The typed vocabulary: each value is nft's word, and what the builders make from it is what nft
 * reads. PriorityKernelTest checks the priority table against nft itself.
 */
class VocabularyTest {
    static final Table APP = new Table(Family.INET, "app");

    @Test
    void everyValueIsNftsWordAndReadsBack() {
        List<Class<? extends Enum<?>>> vocabularies = List.of(ChainType.class, ChainHook.class, ChainPolicy.class,
                Priority.class, DataType.class, SetFlag.class, SetPolicy.class, CtState.class, Per.class, ByteUnit.class,
                LogLevel.class);
        for (Class<? extends Enum<?>> v : vocabularies) {
            for (Enum<?> e : v.getEnumConstants()) {
                String word = ((Keyword) e).wire();
                assertEquals(word, e.toString());
                assertTrue(word.matches("[a-z0-9_]+"), word);
                assertEquals(e, of(v, word));
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainHook.of("inptu"));
        assertEquals("'inptu' is not one of [prerouting, input, forward, output, postrouting, ingress, egress]", e.getMessage());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object of(Class<? extends Enum<?>> type, String word) {
        return Keyword.of((Class) type, word);
    }

    @Test
    void namedPrioritiesResolvePerFamilyAndHook() {
        assertEquals(0, Priority.FILTER.value(Family.INET, ChainHook.INPUT));
        assertEquals(-200, Priority.FILTER.value(Family.BRIDGE, ChainHook.INPUT));
        assertEquals(100, Priority.SRCNAT.value(Family.IP, ChainHook.POSTROUTING));
        assertEquals(300, Priority.SRCNAT.value(Family.BRIDGE, ChainHook.POSTROUTING));
        assertEquals(-300, Priority.DSTNAT.value(Family.BRIDGE, ChainHook.PREROUTING));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Priority.SRCNAT.value(Family.INET, ChainHook.INPUT));
        assertEquals("priority srcnat is not defined for inet input chains; names there: [raw, mangle, filter, security]",
                e.getMessage());
        assertFalse(Priority.MANGLE.allows(Family.NETDEV, ChainHook.INGRESS));
        assertEquals("filter + 10", Priority.describe(Family.INET, ChainHook.INPUT, 10));
        assertEquals("security - 10", Priority.describe(Family.INET, ChainHook.INPUT, 40));
        assertEquals("11", Priority.describe(Family.INET, ChainHook.INPUT, 11));
        assertEquals("90", Priority.describe(Family.INET, ChainHook.PREROUTING, 90), "srcnat is not allowed on prerouting");
        assertEquals("out - 5", Priority.describe(Family.BRIDGE, ChainHook.OUTPUT, 95));
        assertEquals("2147483647", Priority.describe(Family.INET, ChainHook.INPUT, Integer.MAX_VALUE));
    }

    @Test
    void typedBuildersWriteNftsWords() throws Exception {
        Chain input = Chain.base(APP, "input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP);
        assertEquals(Map.of("family", "inet", "table", "app", "name", "input", "type", "filter", "hook", "input", "prio", 0L,
                "policy", "drop"), input.toJson());
        Chain post = Chain.base(new Table(Family.BRIDGE, "br"), "post", ChainType.FILTER, ChainHook.POSTROUTING,
                Priority.SRCNAT, ChainPolicy.ACCEPT);
        assertEquals(300, post.hook().priority());
        assertEquals("srcnat", post.hook().priorityName(Family.BRIDGE));
        NamedSet deny = NamedSet.of(APP, "deny", DataType.IPV4_ADDR, DataType.INET_SERVICE)
                .withFlags(SetFlag.INTERVAL, SetFlag.TIMEOUT).withPolicy(SetPolicy.MEMORY);
        assertEquals(List.of("ipv4_addr", "inet_service"), deny.key().types());
        assertEquals(List.of("interval", "timeout"), deny.flags());
        assertTrue(deny.has(SetFlag.TIMEOUT));
        assertFalse(deny.has(SetFlag.CONSTANT));
        assertEquals("memory", deny.policy());
        NamedSet vmap = NamedSet.map(APP, "ports", DataType.INET_SERVICE, DataType.VERDICT);
        assertEquals(List.of("verdict"), vmap.dataType());
        assertEquals("minute", Stmt.limit(10, Per.MINUTE, 5).per());
        assertEquals("mbytes", Stmt.limit(10, ByteUnit.MBYTES, Per.SECOND).rateUnit());
        assertEquals("warn", Stmt.log("x: ").withLevel(LogLevel.WARN).level());
        // What the builders make is what the validator (and so the helper) takes.
        Batch.builder().add(APP).add(input).add(deny).add(vmap)
                .add(Rule.in(APP, "input", Matches.ctState(CtState.ESTABLISHED, CtState.RELATED), Stmt.accept()))
                .add(Rule.in(APP, "input", Matches.tcpDport(22), Stmt.limit(10, Per.MINUTE, 5), Stmt.accept()))
                .add(Rule.in(APP, "input", Stmt.limit(1, ByteUnit.MBYTES, Per.SECOND), Stmt.quota(5, ByteUnit.MBYTES),
                        Stmt.log("x: ").withLevel(LogLevel.INFO)))
                .build().validate();
    }

    @Test
    void everyDataTypeIsAcceptedAsNftjsLanguageTakesIt() throws Exception {
        Batch.Builder b = Batch.builder().add(APP);
        for (DataType t : DataType.values()) {
            if (t == DataType.VERDICT || t == DataType.COUNTER || t == DataType.QUOTA) {
                b.add(NamedSet.map(APP, "m_" + t.wire(), DataType.MARK, t));
            } else {
                b.add(NamedSet.of(APP, "s_" + t.wire(), t));
            }
        }
        b.build().validate();
    }
}
