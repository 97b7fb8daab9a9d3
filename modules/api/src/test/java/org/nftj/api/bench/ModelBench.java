package org.nftj.api.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nftj.api.Chain;
import org.nftj.api.ChainHook;
import org.nftj.api.ChainPolicy;
import org.nftj.api.Family;
import org.nftj.api.NamedSet;
import org.nftj.api.NftObject;
import org.nftj.api.Rule;
import org.nftj.api.Ruleset;
import org.nftj.api.Table;
import org.nftj.api.expr.CtState;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;
import tools.jackson.jr.ob.JSON;

/**
 * Harness (not a test): model encode/decode throughput for a large ruleset — 10 000 rules and a
 * 100 000-element interval set — against the baseline of jackson-jr parsing/writing the same JSON
 * as plain maps (the floor for any JSON model). Medians of 7 runs after 3 warm-ups.
 * Run: scripts/bench api-model.
 */
public final class ModelBench {
    public static void main(String[] args) throws Exception {
        Table t = new Table(Family.INET, "app");
        List<NftObject> objs = new ArrayList<>();
        objs.add(t);
        objs.add(Chain.base(new Table(Family.INET, "app"), "input", Chain.Hook.filter(ChainHook.INPUT, 0, ChainPolicy.DROP)));
        List<Expr> el = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) el.add(new Expr.Prefix(new Expr.Str("10." + (i >> 8 & 255) + "." + (i & 255) + ".0"), 24));
        objs.add(NamedSet.of(t, "deny", "ipv4_addr").withFlags("interval").withElements(el));
        for (int i = 0; i < 10_000; i++) {
            objs.add(Rule.in(t, "input", Matches.saddr("192.0." + (i >> 8 & 255) + "." + (i & 255)), Matches.tcpDport(1 + i % 60000),
                    Matches.ctState(CtState.NEW), Stmt.counter(), Stmt.accept()));
        }
        Ruleset rs = new Ruleset(objs);
        JSON w = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
        String doc = rs.toDocument();
        System.out.printf("document: %.1f MB, %d objects%n", doc.length() / 1e6, objs.size());
        long[] enc = new long[7], dec = new long[7], base = new long[7], baseW = new long[7];
        for (int r = -3; r < 7; r++) {
            long a = System.nanoTime();
            String s = rs.toDocument();
            long b = System.nanoTime();
            Ruleset back = Ruleset.parse(s);
            long c = System.nanoTime();
            Object tree = JSON.std.anyFrom(s);
            long d = System.nanoTime();
            String s2 = w.asString(tree);
            long e = System.nanoTime();
            if (back.objects().size() != objs.size() || s2.length() != s.length()) throw new IllegalStateException("mismatch");
            if (r >= 0) { enc[r] = b - a; dec[r] = c - b; base[r] = d - c; baseW[r] = e - d; }
        }
        double mEnc = median(enc), mDec = median(dec), mBase = median(base), mBaseW = median(baseW);
        System.out.printf("encode model -> JSON text: %.0f ms (%.1f MB/s); baseline jackson-jr maps -> text %.0f ms; ratio %.2fx%n",
                mEnc / 1e6, doc.length() / (mEnc / 1e3), mBaseW / 1e6, mEnc / mBaseW);
        System.out.printf("decode JSON text -> model: %.0f ms (%.1f MB/s); baseline jackson-jr text -> maps %.0f ms; ratio %.2fx%n",
                mDec / 1e6, doc.length() / (mDec / 1e3), mBase / 1e6, mDec / mBase);
        System.out.printf("objects/s: encode %.0f, decode %.0f%n", objs.size() / (mEnc / 1e9), objs.size() / (mDec / 1e9));
        Map<String, Object> unused = Map.of();
        if (!unused.isEmpty()) throw new IllegalStateException();
    }

    static double median(long[] v) {
        long[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }
}
