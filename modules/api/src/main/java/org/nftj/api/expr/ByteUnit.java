package org.nftj.api.expr;

/** The byte unit of a byte rate or a quota: {@code limit rate 10 mbytes/second}, {@code quota 100 mbytes}. */
public enum ByteUnit implements Keyword {
    /** Bytes. */
    BYTES,
    /** Kibibytes (1024 bytes). */
    KBYTES,
    /** Mebibytes (1024 kibibytes). */
    MBYTES;

    /** {@return the unit as nft writes it: {@code mbytes}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the unit as nft writes it
     * @return the unit
     * @throws IllegalArgumentException naming the allowed words
     */
    public static ByteUnit of(String word) { return Keyword.of(ByteUnit.class, word); }
}
