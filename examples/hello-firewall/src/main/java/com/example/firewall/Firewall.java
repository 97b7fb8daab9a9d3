package com.example.firewall;

import java.util.List;
import java.util.stream.Stream;
import org.nftj.api.Batch;
import org.nftj.api.Chain;
import org.nftj.api.ChainHook;
import org.nftj.api.ChainPolicy;
import org.nftj.api.ChainType;
import org.nftj.api.DataType;
import org.nftj.api.Family;
import org.nftj.api.NamedSet;
import org.nftj.api.NftjClient;
import org.nftj.api.NftjException;
import org.nftj.api.Priority;
import org.nftj.api.Rule;
import org.nftj.api.Ruleset;
import org.nftj.api.SetFlag;
import org.nftj.api.Table;
import org.nftj.api.TableClient;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;

/**
 * The application's firewall logic, written against {@link NftjClient}: the real client in
 * production ({@link HelloFirewall}), the in-memory {@code FakeNftj} in its unit test.
 * Table {@code inet app}: an input chain that drops what is in the blocklist and lets the rest
 * through.
 */
public final class Firewall {
    private final TableClient app;

    public Firewall(NftjClient nft) {
        this.app = nft.table(TABLE);
    }

    /** The table this firewall manages. */
    public static final Table TABLE = new Table(Family.INET, "app");

    /**
     * The table, the blocklist and the input chain, as one batch; it needs no client, so it can be
     * validated offline ({@link Batch#validate()}) before any helper starts.
     */
    public static Batch installation() {
        return Batch.builder()
                .add(TABLE)
                .add(NamedSet.of(TABLE, "blocklist", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL))
                .add(Chain.base(TABLE, "input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.ACCEPT))
                .add(Rule.in(TABLE, "input", Matches.saddrIn("blocklist", false), Stmt.drop()))
                .build();
    }

    /** Creates the table, the blocklist and the input chain in one transaction: all of it or nothing. */
    public void install() throws NftjException {
        app.apply(installation());
    }

    /** Removes the table and everything in it, if it is there. */
    public void uninstall() throws NftjException {
        if (app.exists()) app.delete();
    }

    /** Adds addresses or prefixes to the blocklist; returns how many. */
    public long block(Stream<String> addresses) throws NftjException {
        return app.addElements("blocklist", addresses);
    }

    /** What the blocklist holds, as nft lists it ({@code 10.0.0.0/8}, {@code 192.0.2.1}): an element prints in nft syntax. */
    public List<String> blocked() throws NftjException {
        return app.listElements("blocklist").map(Expr::toString).toList();
    }

    /** The chains and sets of the table, as {@code chain input}, {@code set blocklist}. */
    public List<String> objects() throws NftjException {
        Ruleset listed = app.list();
        return Stream.concat(listed.of(Chain.class).stream().map(c -> "chain " + c.name()),
                listed.of(NamedSet.class).stream().map(s -> "set " + s.name())).toList();
    }
}
