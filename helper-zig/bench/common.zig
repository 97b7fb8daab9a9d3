//! Shared by the benchmark programs: monotonic time and medians.
const std = @import("std");

pub fn nowNanoseconds() u64 {
    var now: std.os.linux.timespec = undefined;
    _ = std.os.linux.clock_gettime(.MONOTONIC, &now);
    return @as(u64, @intCast(now.sec)) * 1_000_000_000 + @as(u64, @intCast(now.nsec));
}

pub fn report(name: []const u8, samples: []u64) void {
    std.mem.sort(u64, samples, {}, std.sort.asc(u64));
    const median = samples[samples.len / 2];
    const p90 = samples[samples.len * 9 / 10];
    std.debug.print("{s} median_us={d:.1} p90_us={d:.1} n={d}\n", .{
        name,
        @as(f64, @floatFromInt(median)) / 1000.0,
        @as(f64, @floatFromInt(p90)) / 1000.0,
        samples.len,
    });
}

pub fn iterations() usize {
    var arguments = std.process.args();
    _ = arguments.next();
    const text = arguments.next() orelse return 2000;
    return std.fmt.parseInt(usize, text, 10) catch 2000;
}
