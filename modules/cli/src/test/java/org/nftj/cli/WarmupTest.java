package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bin/nftj warms up only for commands that parse JSON and talk to the helper. */
class WarmupTest {
    @Test
    void onlyCommandsThatTalkToTheHelperAreWarmedUp() {
        assertTrue(Warmup.helps(new String[] {"apply", "f.json"}));
        assertTrue(Warmup.helps(new String[] {"--helper", "/opt/nftj/lib/nftj-helper", "check", "f.json"}));
        assertTrue(Warmup.helps(new String[] {"--json", "list"}));
        assertTrue(Warmup.helps(new String[] {"elements", "add", "inet/app/s"}));
        assertFalse(Warmup.helps(new String[] {"--version"}));
        assertFalse(Warmup.helps(new String[] {"apply", "--help"}));
        assertFalse(Warmup.helps(new String[] {"apply", "-h"}));
        assertFalse(Warmup.helps(new String[] {"audit", "verify", "log"}));
        assertFalse(Warmup.helps(new String[] {"doctor"}));
        assertFalse(Warmup.helps(new String[] {}));
    }
}
