package org.nftj.api;

import java.io.Serial;

/**
 * nft did not take a text in its own syntax ({@code nft_text}): a syntax error, or the scratch
 * kernel's refusal of what the text asks (a rule into a missing chain, a feature this kernel lacks),
 * at the line and column nft names. Nothing was applied anywhere ({@link #outcome()} is
 * {@link Outcome#NOT_APPLIED}): the text was only tried in a private scratch namespace
 * ({@link NftText}).
 */
public final class NftTextException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;
    /** nft's line, 1-based, or 0 when nft named none. */
    private final int line;
    /** nft's first column, 1-based, or 0 when nft named none. */
    private final int column;
    /** What nft printed, as it printed it (its diagnostics, the source line and the caret). */
    private final String nftMessage;

    /**
     * nft refused the text.
     *
     * @param message what failed, for a person: nft's first error with its line and column
     * @param line nft's line (1-based), or 0 when it named none
     * @param column nft's first column (1-based), or 0 when it named none
     * @param nftMessage everything nft printed about it
     */
    public NftTextException(String message, int line, int column, String nftMessage) {
        super("nft_text", message, -1, "", Outcome.NOT_APPLIED, null);
        this.line = line;
        this.column = column;
        this.nftMessage = nftMessage == null ? "" : nftMessage;
    }

    /** {@return the line of the text nft's first error names, 1-based; 0 when it named none} */
    public int line() { return line; }

    /** {@return the column where nft's first error starts, 1-based; 0 when it named none} */
    public int column() { return column; }

    /** {@return everything nft printed: each error with the source line and a caret under the columns} */
    public String nftMessage() { return nftMessage; }
}
