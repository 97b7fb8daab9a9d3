package com.example.firewall;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nftj.api.Batch;
import org.nftj.api.Chain;
import org.nftj.api.ChainHook;
import org.nftj.api.ChainPolicy;
import org.nftj.api.ChainType;
import org.nftj.api.Family;
import org.nftj.api.HelperInfo;
import org.nftj.api.HelperUnavailableException;
import org.nftj.api.InvalidRequestException;
import org.nftj.api.NamedSet;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.api.Priority;
import org.nftj.api.Problem;
import org.nftj.api.Table;

/**
 * Creates the table {@code inet app} with a base chain and a set, in one transaction, through the
 * helper given as the first argument (e.g. /opt/nftj/lib/nftj-helper), then lists it.
 * The JVM needs no privilege: the helper holds CAP_NET_ADMIN and its policy must own "inet app".
 */
public final class HelloFirewall {
    private HelloFirewall() {}

    public static void main(String[] args) throws NftjException {
        if (args.length != 1) {
            System.err.println("usage: HelloFirewall /absolute/path/to/nftj-helper");
            System.exit(2);
        }
        Table app = new Table(Family.INET, "app");
        Batch batch = Batch.builder()
                .add(app)
                .add(new NamedSet(Family.INET, "app", "blocklist", "ipv4_addr", List.of("interval")))
                .add(Chain.base(app, "input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.ACCEPT))
                .build();
        try {
            batch.validate(); // offline, as the helper will check it: no helper needed yet
        } catch (InvalidRequestException e) {
            for (Problem p : e.problems()) System.err.println("hello-firewall: " + p);
            throw e;
        }
        try (Nftj nft = Nftj.open(NftjOptions.of(Path.of(args[0])).withPrincipal("hello-firewall"))) {
            HelperInfo helper = nft.helper();
            System.out.println("helper " + helper.helperVersion() + " (pid " + helper.pid() + ") owns " + helper.ownedTables());
            nft.apply(batch); // one transaction: all of it or nothing
            for (Map<String, Object> o : nft.list(app)) {
                String kind = o.keySet().iterator().next();
                if (!kind.equals("metainfo")) System.out.println(kind + " " + ((Map<?, ?>) o.get(kind)).get("name"));
            }
        } catch (HelperUnavailableException e) {
            System.err.println("hello-firewall: the helper is unavailable (" + e.reason().wire() + "): " + e.getMessage());
            throw e;
        } catch (NftjException e) {
            System.err.println("hello-firewall: " + e.code() + ": " + e.getMessage() + " (" + e.outcome() + ")");
            throw e;
        }
    }
}
