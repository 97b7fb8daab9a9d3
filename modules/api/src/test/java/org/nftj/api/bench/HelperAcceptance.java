package org.nftj.api.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nftj.api.Batch;
import org.nftj.api.Chain;
import org.nftj.api.ChainHook;
import org.nftj.api.ChainPolicy;
import org.nftj.api.ExpressionCorpus;
import org.nftj.api.Family;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.api.Rule;
import org.nftj.api.Table;
import org.nftj.api.expr.NftJson;
import org.nftj.api.expr.Stmt;
import org.nftj.testkit.NetnsHelper;
import tools.jackson.jr.ob.JSON;

/**
 * Report (not a test): which rules of nftables' expression corpus ({@link ExpressionCorpus}, kept
 * outside the repository; the report says so and stops when it is absent) the whole path —
 * validation and the helper — accepts, as dry runs ({@code check}) of one rule each in an inet
 * table's chain. Prints refusals grouped by code and JSON path, with one example each: what the
 * model can express that the helper's language refuses.
 */
public final class HelperAcceptance {
    public static void main(String[] args) throws Exception {
        var dir = ExpressionCorpus.directory(System.out);
        if (dir.isEmpty()) return;
        List<ExpressionCorpus.Block> blocks = ExpressionCorpus.blocks(dir.get(), System.out);
        Table app = new Table(Family.INET, "app");
        Map<String, List<String>> refused = new TreeMap<>();
        int ok = 0, total = 0;
        try (NetnsHelper h = NetnsHelper.create(); Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(Batch.builder().add(app).add(Chain.base(app, "c", Chain.Hook.filter(ChainHook.INPUT, 0, ChainPolicy.ACCEPT))).build());
            for (ExpressionCorpus.Block b : blocks) {
                total++;
                List<Stmt> stmts = NftJson.stmts(JSON.std.anyFrom(b.json()));
                try {
                    nft.check(Batch.builder().add(new Rule(Family.INET, "app", "c", stmts, null)).build());
                    ok++;
                } catch (NftjException e) {
                    String key = e.code() + " " + e.path().replaceAll("/[0-9]+", "/N");
                    refused.computeIfAbsent(key, k -> new ArrayList<>()).add(b.file() + ": " + b.rule() + " — " + e.getMessage());
                }
            }
        }
        System.out.printf("corpus rules checked: %d, accepted (incl. kernel check): %d, refused: %d%n", total, ok, total - ok);
        for (var e : refused.entrySet()) {
            System.out.printf("%5d  %s%n       e.g. %s%n", e.getValue().size(), e.getKey(), e.getValue().get(0));
        }
    }
}
