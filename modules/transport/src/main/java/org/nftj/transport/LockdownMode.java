package org.nftj.transport;

/** What the transport does when the helper reports that it is running without its full lockdown. */
public enum LockdownMode {
    /** Refuse the helper: the connection fails with {@link TransportException.Reason#NOT_LOCKED_DOWN}. */
    REQUIRE,
    /** Use the helper, and publish {@link TransportEvent.LockdownMissing} so the audit log can alert. */
    WARN
}
