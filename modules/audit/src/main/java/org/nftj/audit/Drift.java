package org.nftj.audit;

/** Whether the owned tables changed outside nftj since nftj last changed or checked them. */
public enum Drift {
    /** No earlier digest to compare with: this one becomes the baseline. */
    BASELINE,
    /** The owned tables are as nftj left them. */
    NONE,
    /** They changed outside nftj; a {@code drift} record was written. */
    DRIFTED
}
