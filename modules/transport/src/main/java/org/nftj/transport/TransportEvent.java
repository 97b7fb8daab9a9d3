package org.nftj.transport;

/** What the transport tells the api (and through it, audit) about the helper's life. */
public sealed interface TransportEvent {
    record HelperStarted(long pid, Hello hello) implements TransportEvent {}

    record HelperRestarted(long previousPid, long restarts) implements TransportEvent {}
}
