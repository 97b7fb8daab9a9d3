package com.example.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nftj.api.AlreadyExistsException;
import org.nftj.api.Batch;
import org.nftj.api.Family;
import org.nftj.api.NftFailedException;
import org.nftj.api.NftText;
import org.nftj.api.NftTextException;
import org.nftj.api.NftjClient;
import org.nftj.api.PolicyDeniedException;
import org.nftj.api.Table;

/**
 * The firewall's contract, one suite run against two clients: the in-memory fake
 * ({@link FirewallFakeTest}: no root, no helper) and the real helper and kernel
 * ({@link FirewallHelperTest}). Whatever passes against the fake must pass against the kernel.
 * Each client's policy owns {@code inet app} and not {@code inet someone_else}.
 */
abstract class FirewallContract {
    /** The client under test, fresh or emptied of {@code inet app}. */
    abstract NftjClient open() throws Exception;

    NftjClient nft;
    Firewall firewall;

    @BeforeEach
    void start() throws Exception {
        nft = open();
        firewall = new Firewall(nft);
        firewall.uninstall();
    }

    @AfterEach
    void stop() throws Exception {
        firewall.uninstall();
        nft.close();
    }

    @Test
    void installsTheTableAndBlocksAddresses() throws Exception {
        firewall.install();
        assertEquals(List.of("chain input", "set blocklist"), firewall.objects());
        assertEquals(2, firewall.block(Stream.of("198.51.100.7", "192.0.2.0/24")));
        assertEquals(List.of("192.0.2.0/24", "198.51.100.7"), firewall.blocked());
    }

    @Test
    void anOverlappingPrefixIsRefusedAndNamedAndNothingChanges() throws Exception {
        firewall.install();
        firewall.block(Stream.of("192.0.2.0/24"));
        NftFailedException e = assertThrows(NftFailedException.class,
                () -> firewall.block(Stream.of("203.0.113.1", "192.0.2.128/25")));
        assertTrue(e.getMessage().startsWith("element 1 of 2, 192.0.2.128/25, is refused by set inet app blocklist"),
                e.getMessage());
        assertEquals(List.of("192.0.2.0/24"), firewall.blocked());
    }

    @Test
    void theTableIsCreatedOnce() throws Exception {
        firewall.install();
        assertThrows(AlreadyExistsException.class, () -> nft.apply(Batch.builder().create(Firewall.TABLE).build()));
    }

    @Test
    void tablesOutsideThePolicyAreRefused() {
        PolicyDeniedException e = assertThrows(PolicyDeniedException.class,
                () -> nft.apply(Batch.builder().add(new Table(Family.INET, "someone_else")).build()));
        assertTrue(e.getMessage().startsWith("table inet someone_else: "), e.getMessage());
    }

    @Test
    void theInstallationValidatesOffline() throws Exception {
        Firewall.installation().validate();
    }

    /**
     * The same firewall written in nft syntax, read by nft in a scratch namespace of this user's own
     * (no root), applies through either client to what the typed installation makes.
     */
    @Test
    void theFirewallWrittenInNftSyntaxIsTheSame() throws Exception {
        String text = """
                table inet app {
                	set blocklist {
                		type ipv4_addr
                		flags interval
                	}
                	chain input {
                		type filter hook input priority filter; policy accept;
                		ip saddr @blocklist drop
                	}
                }
                """;
        nft.apply(NftText.check(text));
        assertEquals(List.of("chain input", "set blocklist"), firewall.objects());
        String typed = nft.table(Firewall.TABLE).list().toString();
        firewall.uninstall();
        firewall.install();
        assertEquals(typed, nft.table(Firewall.TABLE).list().toString());
        NftTextException e = assertThrows(NftTextException.class, () -> NftText.check(text.replace("drop\n", "dorp\n")));
        assertEquals(8, e.line(), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
