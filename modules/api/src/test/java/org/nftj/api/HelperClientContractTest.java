package org.nftj.api;

import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * The client contract against the real helper and kernel, each test in a throwaway network
 * namespace (the helper's policy owns {@code inet app} and {@code inet nftj_demo}).
 */
@KernelTest
class HelperClientContractTest extends ClientContract {
    private NetnsHelper helper;

    @Override
    NftjClient open() throws NftjException {
        helper = NetnsHelper.create();
        return Nftj.open(NftjOptions.of(helper.helperPath()).withRequireLockdown(false));
    }

    @Override
    String nftText() { return helper.ruleset(); }

    @Override
    void release() {
        if (helper != null) helper.close();
        helper = null;
    }
}
