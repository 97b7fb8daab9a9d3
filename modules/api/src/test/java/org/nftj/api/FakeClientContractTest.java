package org.nftj.api;

/** The client contract against the in-memory kernel: no root, no helper, no namespace. */
class FakeClientContractTest extends ClientContract {
    @Override
    NftjClient open() {
        // the caps of the test deployments' policy (testkit Policy)
        return FakeNftj.owning(new Table(Family.INET, "app"), new Table(Family.INET, "nftj_demo"))
                .withLimits(16_777_216, 65_536, 65_536, 1_048_576);
    }

    @Override
    void release() {}

    @Override
    String nftText() throws Exception { return ((FakeNftj) nft()).dumpNft(); }
}
