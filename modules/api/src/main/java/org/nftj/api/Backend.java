package org.nftj.api;

/**
 * What carries out a client's requests: the privileged helper behind the one gate ({@link Gate}),
 * or the in-memory kernel of {@link FakeNftj}. Everything a client does besides (typed listings,
 * table handles, naming what failed, plans, bulk loads) is {@link Nftj}'s, the same over both.
 */
interface Backend extends AutoCloseable {
    /**
     * Validates the batch (once per batch; a refusal is an {@link InvalidRequestException}), then
     * applies it as one transaction and answers with what libnftables would print.
     *
     * @param batch the commands
     * @param check a dry run: everything is checked, nothing changes
     * @param echo answer with the created objects and their handles
     */
    Result send(Batch batch, boolean check, boolean echo) throws NftjException;

    /** A document that did not validate, refused before sending: the gate audits it as refused. */
    NftjException refused(InvalidRequestException e);

    /** What the backend reports about itself. */
    HelperInfo info() throws NftjException;

    @Override
    void close();
}
