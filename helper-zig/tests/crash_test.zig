//! Unit tests of src/crash.zig: the line the fatal-signal handler writes.

const std = @import("std");
const helper = @import("helper");
const crash = helper.crash;

test "the handler's line names the signal and where it came" {
    var line: [96]u8 = undefined;
    var length = crash.append(&line, 0, "signal ");
    length = crash.appendNumber(&line, length, 11);
    try std.testing.expectEqualStrings("signal 11", line[0..length]);
    try std.testing.expectEqualStrings("SIGABRT", crash.signalName(6));
    try std.testing.expectEqualStrings("unknown", crash.signalName(99));
}
