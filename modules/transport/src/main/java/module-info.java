/**
 * Spawns and supervises the nftj helper and speaks its framed protocol (docs/protocol.md); starts
 * the library's only other process, nft in a scratch namespace ({@link org.nftj.transport.ScratchNft}).
 *
 * <p>Exported only to {@code org.nftj.api}: applications never reach the helper except through the
 * api's single gate ({@code org.nftj.api.Gate}, pinned by the arch-tests module), and the only
 * request type accepted is a {@link org.nftj.validation.ValidatedBatch}, which only
 * {@code org.nftj.validation} can mint.
 *
 * <h2>Starting the helper</h2>
 * The helper is started by the absolute path in
 * {@link org.nftj.transport.TransportConfig#helper()}, directly (no shell, no arguments) and with
 * an empty environment. The handshake ({@code hello}) must answer within the start timeout, speak
 * protocol 1 and report its sandbox; a helper without its full lockdown (seccomp filter,
 * no_new_privs, not dumpable, CAP_NET_ADMIN alone) is refused under
 * {@link org.nftj.transport.LockdownMode#REQUIRE} and accepted with a
 * {@link org.nftj.transport.TransportEvent.LockdownMissing} event under
 * {@link org.nftj.transport.LockdownMode#WARN}.
 *
 * <h2>The one other process: nft in a scratch namespace</h2>
 * {@link org.nftj.transport.ScratchNft} runs the {@code nft} command for the api's {@code NftText}
 * (texts in nft syntax, which only nft parses) inside a network namespace made for the one run, in
 * a user namespace of its own unless the JVM is root: a fixed script, absolute paths, an empty
 * environment, a deadline. It never reaches the helper or the host's ruleset.
 *
 * <h2>Limits and timeouts</h2>
 * <table class="striped">
 * <caption>TransportConfig, with the defaults of {@code TransportConfig.defaults(helper)}</caption>
 * <thead><tr><th>setting</th><th>default</th><th>meaning</th></tr></thead>
 * <tbody>
 * <tr><td>{@code requestTimeout}</td><td>30 s</td><td>from submission to answer, waiting for a
 *     slot included. A request that misses it fails as {@code TIMEOUT}
 *     (outcome unknown if it was mutating and had been written) and the helper is killed: it
 *     answers in order, so a stalled helper would hold every request behind it. The other
 *     requests in flight fail as {@code CRASHED}.</td></tr>
 * <tr><td>{@code startTimeout}</td><td>10 s</td><td>for the helper to answer {@code hello}.</td></tr>
 * <tr><td>{@code maxInFlight}</td><td>64 (at most 4096)</td><td>requests submitted but not yet
 *     answered. Further callers wait for a slot (back-pressure, no unbounded queue); the wait
 *     counts against their own request timeout.</td></tr>
 * <tr><td>{@code maxResponseBytes}</td><td>64 MiB</td><td>a response frame announcing more is a
 *     protocol error, refused before anything is allocated; large frames are read in steps, so a
 *     peer that announces a big frame and stalls holds little memory.</td></tr>
 * <tr><td>request</td><td>the helper's {@code requestMax} (64 MiB) in frames of its
 *     {@code frameMax} (16 MiB)</td><td>a request larger than a frame is sent in several, cut between
 *     commands, with nothing between them (docs/protocol.md, "Requests larger than a frame"); a
 *     request larger than {@code requestMax}, or one command larger than a frame, fails as
 *     {@code TOO_LARGE} and is not sent.</td></tr>
 * <tr><td>stderr</td><td>4 KiB kept</td><td>the helper's stderr is drained continuously; its first
 *     4 KiB are kept for error messages.</td></tr>
 * <tr><td>close deadline</td><td>5 s ({@code close(Duration)})</td><td>graceful close: new requests
 *     are refused, requests in flight may finish within the deadline, then stdin is closed (the
 *     helper exits 0) or, past the deadline, the helper is killed and what is left fails.</td></tr>
 * <tr><td>restart back-off</td><td>50 ms doubling to 5 s</td><td>only after failed starts; a helper
 *     that ran and died is replaced at once on the next request.</td></tr>
 * </tbody>
 * </table>
 *
 * <h2>Threads</h2>
 * Per helper: one writer thread (callers never block on the pipe: a stalled helper fills the pipe,
 * the writer blocks, the request timeout kills the helper and releases it; a caller writes its own
 * frame only while the unanswered bytes plus its frame fit in one page, which the pipe always
 * takes), one reader thread that dispatches answers by request id, one stderr drain. One shared
 * timer thread for all request timeouts. {@link org.nftj.transport.TransportEvent}s are delivered on these threads.
 *
 * <h2>Failures</h2>
 * Every failure is one {@link org.nftj.transport.TransportException}: its
 * {@link org.nftj.transport.TransportException.Kind kind} says what happened (the helper is
 * unavailable, crashed, timed out, broke the protocol, or the request is too large) and its
 * accessors carry the data of that kind; the api's gate maps each kind to a public exception.
 * {@code outcomeUnknown()} is true exactly when a mutating request had been written to a helper
 * that then died or was stopped. A crash carries the exit status (128+N after signal N; SIGSYS is
 * named a sandbox violation); an unavailable helper its {@link org.nftj.transport.TransportException.Reason
 * reason}: the helper's own startup reason, or what this side saw. Deaths, restarts (counted),
 * failed starts and missing lockdown are published as events for the audit log.
 */
module org.nftj.transport {
    requires transitive org.nftj.validation; // ValidatedBatch is in the exported signatures
    requires tools.jackson.jr.ob;            // reading response frames

    exports org.nftj.transport to org.nftj.api;
}
