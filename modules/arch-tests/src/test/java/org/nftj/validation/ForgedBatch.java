package org.nftj.validation;

import java.util.List;
import java.util.Set;

/**
 * Planted violation: a class that mints a ValidatedBatch without validating. It compiles only
 * because this test source shares the package name on the class path (a split package that the
 * module path refuses); ONLY_THE_VALIDATOR_MINTS must catch it.
 */
public final class ForgedBatch {
    public static ValidatedBatch forge() {
        return ValidatedBatch.mint("nft", "{\"op\":\"nft\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, true,
                false, List.of("flush"), Set.of());
    }

    public static ValidatedBatch forgeNft() {
        return ValidatedBatch.mintNft("{\"op\":\"nft\",\"batch\":{\"nftables\":[]}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                1, true, false, false, List.of("flush"), Set.of());
    }
}
