//! The helper's round trip for a one-element add: frame out, response frame back, through the
//! real helper (path in NFTJ_HELPER), in the same way the Java transport drives it.
const std = @import("std");
const common = @import("common.zig");

fn readFrame(file: std.fs.File, buffer: []u8) ![]u8 {
    var header: [4]u8 = undefined;
    if (try file.readAll(&header) != 4) return error.HelperGone;
    const length = std.mem.readInt(u32, &header, .big);
    if (length > buffer.len) return error.TooLarge;
    if (try file.readAll(buffer[0..length]) != length) return error.HelperGone;
    return buffer[0..length];
}

fn request(child: *std.process.Child, body: []const u8, buffer: []u8) ![]u8 {
    var header: [4]u8 = undefined;
    std.mem.writeInt(u32, &header, @intCast(body.len), .big);
    var frame: [512]u8 = undefined;
    @memcpy(frame[0..4], &header);
    @memcpy(frame[4..][0..body.len], body);
    try child.stdin.?.writeAll(frame[0 .. 4 + body.len]);
    return readFrame(child.stdout.?, buffer);
}

pub fn main() !void {
    const count = common.iterations();
    const allocator = std.heap.page_allocator;
    const helper = std.posix.getenv("NFTJ_HELPER") orelse return error.NoHelper;
    var child = std.process.Child.init(&.{helper}, allocator);
    child.stdin_behavior = .Pipe;
    child.stdout_behavior = .Pipe;
    child.stderr_behavior = .Inherit;
    var environment = std.process.EnvMap.init(allocator);
    child.env_map = &environment;
    try child.spawn();
    var buffer: [65536]u8 = undefined;
    _ = try request(&child, "{\"id\":1,\"op\":\"hello\",\"protocol\":1}", &buffer);
    const setup = try request(
        &child,
        "{\"id\":2,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":" ++
            "\"app\"}}},{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"type\":" ++
            "\"ipv4_addr\"}}}]}}",
        &buffer,
    );
    if (std.mem.indexOf(u8, setup, "\"ok\":true") == null) return error.SetupFailed;
    const samples = try allocator.alloc(u64, count);
    var body: [256]u8 = undefined;
    for (samples, 0..) |*sample, index| {
        const text = try std.fmt.bufPrint(
            &body,
            "{{\"id\":{d},\"op\":\"nft\",\"batch\":{{\"nftables\":[{{\"add\":{{\"element\":{{\"family\":\"inet\"," ++
                "\"table\":\"app\",\"name\":\"s\",\"elem\":[\"10.{d}.{d}.{d}\"]}}}}}}]}}}}",
            .{ index + 10, index >> 16 & 255, index >> 8 & 255, index & 255 },
        );
        const start = common.nowNanoseconds();
        const answer = try request(&child, text, &buffer);
        sample.* = common.nowNanoseconds() - start;
        if (std.mem.indexOf(u8, answer, "\"ok\":true") == null) {
            std.debug.print("helper answered: {s}\n", .{answer});
            return error.AddFailed;
        }
    }
    child.stdin.?.close();
    child.stdin = null;
    _ = try child.wait();
    common.report("helper", samples);
}
