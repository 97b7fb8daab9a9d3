package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * The one place that asserts the helper's lockdown as the client sees it: with the default
 * options (lockdown required) the client accepts the real helper, and what the helper read back
 * from the kernel is the promised sandbox: seccomp filter mode, no_new_privs, not dumpable,
 * CAP_NET_ADMIN and nothing else.
 */
@KernelTest
class LockdownTest {
    @Test
    void theDefaultClientAcceptsOnlyALockedDownHelper() throws Exception {
        try (NetnsHelper h = NetnsHelper.create(); Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            HelperInfo info = nft.helper();
            assertTrue(info.locked(), info.toString());
            assertEquals(2, info.seccompMode(), "seccomp filter mode");
            assertTrue(info.noNewPrivs());
            assertEquals(false, info.dumpable());
            assertEquals("0000000000001000", info.capEffective(), "CAP_NET_ADMIN only");
        }
    }
}
