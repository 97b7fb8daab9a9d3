package com.example.firewall;

import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nftj.api.Nftj;
import org.nftj.api.NftjClient;
import org.nftj.api.NftjOptions;

/**
 * The firewall's contract against the real helper, named by {@code -Dhello.helper=/path/to/nftj-helper}
 * (its policy must own {@code inet app}); run it in a network namespace of its own
 * ({@code ip netns exec NS mvn test -Dhello.helper=...}), never against the host's ruleset.
 * Without the property it does not run.
 */
@EnabledIfSystemProperty(named = "hello.helper", matches = "/.+")
class FirewallHelperTest extends FirewallContract {
    @Override
    NftjClient open() throws Exception {
        return Nftj.open(NftjOptions.of(Path.of(System.getProperty("hello.helper"))).withPrincipal("hello-firewall-test"));
    }
}
