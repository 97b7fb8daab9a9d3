package org.nftj.transport;

/**
 * The {@code error} object of a failure response (docs/protocol.md).
 *
 * @param code stable code such as {@code policy_denied} or {@code not_found}
 * @param message the helper's text (libnftables' text included), as received
 * @param command index of the failing command, or -1 when not known
 * @param path JSON Pointer of the offending field, or "" when not known
 * @param applied true only for {@code response_too_large} after a mutating batch was applied
 */
public record HelperError(String code, String message, int command, String path, boolean applied) {}
