package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/** A secmark object: an SELinux security context for packets. */
public record Secmark(Family family, String table, String name, Long handle, String context, String comment)
        implements NftObject {
    public Secmark {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "secmark"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "context", context);
    }
}
