package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

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

    /**
     * The answer of read-only {@code list} commands, handed to {@code parts} a part at a time in
     * order (the real helper streams it in frames; the fake answers in one part).
     */
    void stream(List<Map<String, Object>> listCommands, Consumer<List<Map<String, Object>>> parts) throws NftjException;

    /**
     * The summary of one table ({@code listTable} is one {@code list table} command):
     * {@code {"nftables":[table, chains, sets without elements], "counts":{"rules":{CHAIN:N},"elements":{SET:N}}}}.
     */
    Map<String, Object> summary(Map<String, Object> listTable) throws NftjException;

    @Override
    void close();
}
