package com.example.firewall;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.nftj.api.HelperInfo;
import org.nftj.api.HelperUnavailableException;
import org.nftj.api.InvalidRequestException;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.api.Problem;

/**
 * Installs the application's firewall ({@link Firewall}: table {@code inet app}) through the
 * helper given as the first argument (e.g. /opt/nftj/lib/nftj-helper), blocks two addresses,
 * then lists what it made. The batch is validated offline first, before any helper starts. The
 * JVM needs no privilege: the helper holds CAP_NET_ADMIN and its policy must own "inet app".
 */
public final class HelloFirewall {
    private HelloFirewall() {}

    public static void main(String[] args) throws NftjException {
        if (args.length != 1) {
            System.err.println("usage: HelloFirewall /absolute/path/to/nftj-helper");
            System.exit(2);
        }
        try {
            Firewall.installation().validate(); // offline, as the helper will check it: no helper needed yet
        } catch (InvalidRequestException e) {
            for (Problem p : e.problems()) System.err.println("hello-firewall: " + p);
            throw e;
        }
        try (Nftj nft = Nftj.open(NftjOptions.of(Path.of(args[0])).withPrincipal("hello-firewall"))) {
            Firewall firewall = new Firewall(nft);
            HelperInfo helper = nft.helper();
            System.out.println("helper " + helper.helperVersion() + " (pid " + helper.pid() + ") owns " + helper.ownedTables());
            firewall.install();
            firewall.block(Stream.of("192.0.2.0/24", "198.51.100.7"));
            firewall.objects().forEach(System.out::println);
            System.out.println("blocked " + firewall.blocked());
        } catch (HelperUnavailableException e) {
            System.err.println("hello-firewall: the helper is unavailable (" + e.reason().wire() + "): " + e.getMessage());
            throw e;
        } catch (NftjException e) {
            System.err.println("hello-firewall: " + e.code() + ": " + e.getMessage() + " (" + e.outcome() + ")");
            throw e;
        }
    }
}
