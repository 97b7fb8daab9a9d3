package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.NftJson;
import org.nftj.api.expr.Per;
import org.nftj.api.expr.Stmt;
import org.nftj.api.expr.Verdict;

/** Generated statements: decode(encode(s)) equals s, structurally, and nothing decodes to Unknown. */
class RoundTripPropertiesTest {
    @Property(tries = 300)
    void encodeThenDecodeIsIdentity(@ForAll("stmts") Stmt s) {
        Stmt back = NftJson.stmt(NftJson.copy(s.toJson()));
        assertEquals(s, back);
        assertEquals(List.of(), NftJson.unknowns(back));
    }

    @Provide
    Arbitrary<Stmt> stmts() {
        Arbitrary<Expr> left = Arbitraries.oneOf(
                Arbitraries.of("tcp", "udp", "ip", "ip6", "th", "sctp", "dccp").flatMap(p ->
                        Arbitraries.of("sport", "dport", "saddr", "daddr", "length").map(f -> (Expr) new Expr.Payload(p, f))),
                Arbitraries.of("mark", "l4proto", "iifname", "oifname", "nfproto", "skuid").map(k -> (Expr) new Expr.Meta(k)),
                Arbitraries.of("state", "mark", "status", "zone").map(k -> (Expr) Expr.Ct.of(k)),
                Arbitraries.of("mtu", "nexthop").map(k -> (Expr) new Expr.Rt(k, null)));
        Arbitrary<Expr> value = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 65535).map(n -> (Expr) new Expr.Num(n)),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).filter(s -> !s.startsWith("@")).map(s -> (Expr) new Expr.Str(s)),
                Arbitraries.integers().between(0, 32).map(l -> (Expr) new Expr.Prefix(new Expr.Str("10.0.0.0"), l)),
                Arbitraries.longs().between(0, 100).map(n -> (Expr) new Expr.Range(new Expr.Num(n), new Expr.Num(n + 1))),
                Arbitraries.longs().between(0, 100).list().ofMinSize(1).ofMaxSize(4)
                        .map(l -> (Expr) new Expr.SetOf(l.stream().map(n -> (Expr) new Expr.Num(n)).toList())),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).map(s -> (Expr) new Expr.SetRef(s)));
        Arbitrary<Stmt> match = Arbitraries.of("==", "!=", "<", ">", "<=", ">=", "in").flatMap(op ->
                left.flatMap(l -> value.map(v -> (Stmt) new Stmt.Match(op, l, v))));
        Arbitrary<Stmt> other = Arbitraries.of(
                Verdict.ACCEPT, Verdict.DROP, Verdict.RETURN, Verdict.jump("other"), Stmt.counter(), new Stmt.Counter(1L, 2L),
                Stmt.limit(10, Per.MINUTE, 5), Stmt.limit(3, Per.SECOND, 1).overRate(), Stmt.log("x: "), Stmt.reject(),
                new Stmt.Reject("icmpx", new Expr.Str("admin-prohibited")), Stmt.masquerade(), Stmt.snat("192.0.2.1", 1000),
                Stmt.dnat("fd00::5", 80), Stmt.redirect(8080), Stmt.notrack(), Stmt.setMark(7), new Stmt.CtCount(10, true),
                new Stmt.Quota(100, "mbytes", null, null, true), Stmt.counter("c1"),
                new Stmt.SetUpdate("add", new Expr.Payload("ip", "saddr"), "dyn", List.of(Stmt.limit(1, Per.SECOND, 1))),
                new Stmt.VerdictMap(new Expr.Payload("ip", "saddr"), new Expr.SetRef("vm")),
                new Stmt.Mangle(Expr.Ct.of("mark"), Expr.Binop.of("|", new Expr.Meta("mark"), new Expr.Num(1))));
        return Arbitraries.oneOf(match, other);
    }
}
