package org.nftj.validation;

import java.util.Objects;

/** A table by family and name, as the helper's policy names it. */
public record TableRef(String family, String name) {
    public TableRef {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() { return family + " " + name; }
}
