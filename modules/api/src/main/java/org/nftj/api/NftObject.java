package org.nftj.api;

import java.util.Map;

/** Something a libnftables command can name: a table, chain, rule, set, element list, … */
public interface NftObject {
    /** The libnftables object key, e.g. {@code table}, {@code chain}, {@code rule}. */
    String kind();

    /** The object's libnftables JSON (the value under {@link #kind()}), fresh and mutable. */
    Map<String, Object> toJson();
}
