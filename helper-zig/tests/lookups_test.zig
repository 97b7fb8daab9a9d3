//! The helper's own protocols table (src/lookups.zig) against the C library's.

const std = @import("std");
const helper = @import("helper");
const lookups = helper.lookups;
const c = helper.c_lockdown;

test "lookups: the protocols table answers by number, name and alias, first entry wins" {
    if (lookups.protocolCount() == 0) lookups.loadProtocols();
    // Every C library's protocols database has these (netbase's /etc/protocols on Debian).
    const tcp = lookups.getprotobynumber(6) orelse return error.TestUnexpectedResult;
    try std.testing.expectEqualStrings("tcp", std.mem.span(tcp.p_name));
    try std.testing.expectEqual(@as(c_int, 6), tcp.p_proto);
    const by_name = lookups.getprotobyname("udp") orelse return error.TestUnexpectedResult;
    try std.testing.expectEqual(@as(c_int, 17), by_name.p_proto);
    // An alias resolves to its entry, as in the C library ("TCP" is tcp's alias in netbase).
    if (lookups.getprotobyname("TCP")) |alias| try std.testing.expectEqual(@as(c_int, 6), alias.p_proto);
    try std.testing.expect(lookups.getprotobyname("no-such-protocol") == null);
    try std.testing.expect(lookups.getprotobynumber(255) == null or lookups.getprotobynumber(255).?.p_proto == 255);
    // The table equals the C library's own answer for every number (nft prints those names).
    var number: c_int = 0;
    while (number < 256) : (number += 1) {
        var entry: c.protoent = undefined;
        var result: ?*c.protoent = null;
        var buffer: [4096]u8 = undefined;
        const found = c.getprotobynumber_r(number, &entry, &buffer, buffer.len, &result) == 0 and result != null;
        const ours = lookups.getprotobynumber(number);
        try std.testing.expectEqual(found, ours != null);
        if (ours) |protocol| {
            try std.testing.expectEqualStrings(std.mem.span(entry.p_name), std.mem.span(protocol.p_name));
        }
    }
}
