package com.example.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nftj.api.AlreadyExistsException;
import org.nftj.api.Batch;
import org.nftj.api.FakeNftj;
import org.nftj.api.Family;
import org.nftj.api.NftFailedException;
import org.nftj.api.PolicyDeniedException;
import org.nftj.api.Table;

/** The firewall logic, unit-tested against the in-memory fake: no root, no helper. */
class FirewallTest {
    private final FakeNftj nft = FakeNftj.owning(Firewall.TABLE);
    private final Firewall firewall = new Firewall(nft);

    @Test
    void installsTheTableAndBlocksAddresses() throws Exception {
        firewall.install();
        assertEquals(List.of("chain input", "set blocklist"), firewall.objects());
        assertEquals(2, firewall.block(Stream.of("198.51.100.7", "192.0.2.0/24")));
        assertEquals(List.of("192.0.2.0/24", "198.51.100.7"), firewall.blocked());
        assertTrue(nft.dumpJson().contains("\"blocklist\""), nft.dumpJson());
    }

    @Test
    void anOverlappingPrefixIsRefusedAndNamed() throws Exception {
        firewall.install();
        firewall.block(Stream.of("192.0.2.0/24"));
        NftFailedException e = assertThrows(NftFailedException.class, () -> firewall.block(Stream.of("192.0.2.128/25")));
        assertTrue(e.getMessage().startsWith("element 0 of 1, 192.0.2.128/25, is refused by set inet app blocklist"), e.getMessage());
        assertEquals(List.of("192.0.2.0/24"), firewall.blocked());
    }

    @Test
    void theTableIsCreatedOnce() throws Exception {
        firewall.install();
        assertThrows(AlreadyExistsException.class, () -> nft.apply(Batch.builder().create(new Table(Family.INET, "app")).build()));
    }

    @Test
    void theInstallationValidatesOffline() throws Exception {
        Firewall.installation().validate();
    }

    @Test
    void tablesOutsideThePolicyAreRefused() {
        Firewall other = new Firewall(FakeNftj.owning(new Table(Family.INET, "someone_else")));
        assertThrows(PolicyDeniedException.class, other::install);
    }
}
