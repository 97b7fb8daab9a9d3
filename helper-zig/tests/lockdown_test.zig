//! Unit tests of src/lockdown.zig that need no privilege (the root of `zig build test-lockdown`;
//! the lockdown itself is tested by the self-test programs and tests/lockdown-*.sh).

const std = @import("std");
const helper = @import("helper");
const lockdown = helper.lockdown;

test "statusNumber reads the fields the report needs" {
    const status = "Name:\tx\nUid:\t65534\t65534\t65534\t65534\nNoNewPrivs:\t1\nSeccomp:\t2\n" ++
        "CapEff:\t0000000000001000\nCapBnd:\t000001ffffffffff\n";
    try std.testing.expectEqual(@as(?u64, 65534), lockdown.statusNumber(status, "Uid", 10));
    try std.testing.expectEqual(@as(?u64, 1), lockdown.statusNumber(status, "NoNewPrivs", 10));
    try std.testing.expectEqual(@as(?u64, 2), lockdown.statusNumber(status, "Seccomp", 10));
    try std.testing.expectEqual(@as(?u64, 0x1000), lockdown.statusNumber(status, "CapEff", 16));
    try std.testing.expectEqual(@as(?u64, 0x1ffffffffff), lockdown.statusNumber(status, "CapBnd", 16));
    try std.testing.expectEqual(@as(?u64, null), lockdown.statusNumber(status, "CapAmb", 16));
    try std.testing.expectEqual(@as(?u64, null), lockdown.statusNumber(status, "Seccomp_filters", 10));
}

test "validatePathShape accepts only absolute normalised paths" {
    try std.testing.expectEqual(@as(?[]const u8, null), lockdown.validatePathShape("/run/nftj/lib/nftj-helper"));
    const refused = [_][]const u8{ "", "/", "relative/x", "/a//b", "/a/./b", "/a/../b", "/a/b/", "/a/..", "/a\x00b" };
    for (refused) |path| try std.testing.expect(lockdown.validatePathShape(path) != null);
}

test "the filter compiles" {
    const filter = lockdown.compileFilter(lockdown.export_own_pid) orelse return error.FilterRefused;
    helper.c_lockdown.seccomp_release(filter);
}
