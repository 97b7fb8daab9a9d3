package org.nftj.validation;

import java.util.Objects;

/**
 * A table by family and name, as the helper's policy names it.
 *
 * @param family the family as libnftables writes it ({@code ip}, {@code ip6}, {@code inet},
 *        {@code arp}, {@code bridge}, {@code netdev})
 * @param name the table's name
 */
public record TableRef(String family, String name) {
    /**
     * Checks that both parts are present.
     *
     * @throws NullPointerException when {@code family} or {@code name} is null
     */
    public TableRef {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
    }

    // equals and hashCode by hand: a record's generated ones are bootstrapped through method handles
    // on first use, which costs a cold `nftj apply` several milliseconds (docs/benchmarks.md).
    @Override
    public boolean equals(Object o) {
        return o instanceof TableRef t && family.equals(t.family) && name.equals(t.name);
    }

    @Override
    public int hashCode() { return 31 * family.hashCode() + name.hashCode(); }

    @Override
    public String toString() { return family + " " + name; }
}
