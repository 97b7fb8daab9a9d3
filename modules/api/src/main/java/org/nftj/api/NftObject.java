package org.nftj.api;

import java.util.Map;

/**
 * Something a libnftables command names or a listing prints: a table, chain, rule, set or map,
 * elements, a stateful object, a flowtable. Immutable records; {@link Ruleset#decode} reads them
 * back from libnftables JSON.
 */
public sealed interface NftObject permits Table, Chain, Rule, NamedSet, Elements, NamedCounter, NamedQuota,
        NamedLimit, CtHelper, CtTimeout, CtExpectation, Secmark, NamedSynproxy, Flowtable, Metainfo, UnknownObject {
    /** {@return the libnftables object key, e.g. {@code table}, {@code chain}, {@code rule}, {@code ct helper}} */
    String kind();

    /** {@return the object's libnftables JSON (the value under {@link #kind()}), fresh and mutable} */
    Map<String, Object> toJson();

    /** {@return the command body {@code {kind: toJson()}}} */
    default Map<String, Object> toCommandBody() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(2);
        m.put(kind(), toJson());
        return m;
    }
}
