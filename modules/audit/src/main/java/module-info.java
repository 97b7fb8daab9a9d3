/**
 * The tamper-evident audit log of every firewall change nftj makes, and monitoring events.
 */
module org.nftj.audit {
    requires tools.jackson.jr.ob; // JSON Lines records

    exports org.nftj.audit;
}
