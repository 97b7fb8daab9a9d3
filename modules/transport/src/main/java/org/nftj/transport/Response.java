package org.nftj.transport;

import java.util.Map;

/**
 * One answer from the helper.
 *
 * @param id the request id it answers
 * @param result the {@code result} object when {@code error} is null
 * @param error the failure when the helper refused or libnftables failed
 */
public record Response(long id, Map<String, Object> result, HelperError error) {
    /** {@return true when the helper answered with a result, false when with an error} */
    public boolean ok() { return error == null; }
}
