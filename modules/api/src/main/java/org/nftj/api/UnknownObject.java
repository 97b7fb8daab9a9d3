package org.nftj.api;

import java.util.Map;
import java.util.Objects;
import org.nftj.api.expr.NftJson;

/**
 * A listed object this version does not model (or a known kind with fields it does not know): kept
 * as JSON and written back unchanged, so a newer nft's listing still decodes and round-trips.
 *
 * @param kind the object's key, as listed
 * @param json the object's JSON, as listed
 */
public record UnknownObject(String kind, Map<String, Object> json) implements NftObject {
    /** Checks that the kind is given. */
    public UnknownObject { Objects.requireNonNull(kind, "kind"); }

    @Override @SuppressWarnings("unchecked")
    public Map<String, Object> toJson() { return (Map<String, Object>) NftJson.copy(json); }

    /** {@return the object as listed, in JSON ({@code {"kind": {…}}}): nftj has no nft syntax for it} */
    @Override
    public String toString() { return Json.text(Map.of(kind, json == null ? Map.of() : json)); }
}
