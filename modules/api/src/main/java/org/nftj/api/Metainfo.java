package org.nftj.api;

import java.util.Map;

/**
 * The first item of a listing: which nft printed it and the JSON schema version.
 *
 * @param version nft's version, e.g. {@code 1.0.6}
 * @param releaseName nft's release name
 * @param jsonSchemaVersion the version of the JSON schema, or null
 */
public record Metainfo(String version, String releaseName, Long jsonSchemaVersion) implements NftObject {
    @Override public String kind() { return "metainfo"; }

    /** {@return {@code # nft 1.0.6 (Lester Gooch #5), JSON schema 1}: a comment, as nft syntax has no metainfo} */
    @Override
    public String toString() {
        return "# nft " + version + (releaseName == null ? "" : " (" + releaseName + ")")
                + (jsonSchemaVersion == null ? "" : ", JSON schema " + jsonSchemaVersion);
    }

    @Override public Map<String, Object> toJson() {
        return Json.obj("version", version, "release_name", releaseName, "json_schema_version", jsonSchemaVersion);
    }
}
