package org.nftj.api.expr;

/** The syslog level of a {@code log} statement ({@code audit}: to the audit subsystem instead). */
public enum LogLevel implements Keyword {
    /** System is unusable. */
    EMERG,
    /** Action must be taken immediately. */
    ALERT,
    /** Critical conditions. */
    CRIT,
    /** Error conditions. */
    ERR,
    /** Warning conditions (nft's default level). */
    WARN,
    /** Normal but significant conditions. */
    NOTICE,
    /** Informational messages. */
    INFO,
    /** Debug messages. */
    DEBUG,
    /** To the kernel's audit subsystem, not to syslog. */
    AUDIT;

    /** {@return the level as nft writes it: {@code warn}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the level as nft writes it
     * @return the level
     * @throws IllegalArgumentException naming the allowed words
     */
    public static LogLevel of(String word) { return Keyword.of(LogLevel.class, word); }
}
