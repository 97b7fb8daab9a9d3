package com.example.firewall;

import org.nftj.api.FakeNftj;
import org.nftj.api.NftjClient;

/** The firewall's contract against the in-memory fake: no root, no helper, no namespace. */
class FirewallFakeTest extends FirewallContract {
    @Override
    NftjClient open() { return FakeNftj.owning(Firewall.TABLE); }
}
