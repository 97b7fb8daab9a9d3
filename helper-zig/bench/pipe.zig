//! A bare pipe round trip between two processes: 64 bytes there, 64 bytes back.
const std = @import("std");
const linux = std.os.linux;
const common = @import("common.zig");

fn readFull(fd: i32, buffer: []u8) void {
    var done: usize = 0;
    while (done < buffer.len) {
        const rc = linux.read(fd, buffer[done..].ptr, buffer.len - done);
        if (linux.E.init(rc) != .SUCCESS or rc == 0) linux.exit(1);
        done += rc;
    }
}

fn writeFull(fd: i32, buffer: []const u8) void {
    var done: usize = 0;
    while (done < buffer.len) {
        const rc = linux.write(fd, buffer[done..].ptr, buffer.len - done);
        if (linux.E.init(rc) != .SUCCESS) linux.exit(1);
        done += rc;
    }
}

pub fn main() !void {
    const count = common.iterations();
    var there: [2]i32 = undefined;
    var back: [2]i32 = undefined;
    _ = linux.pipe(&there);
    _ = linux.pipe(&back);
    const pid = linux.fork();
    var message: [64]u8 = [_]u8{'x'} ** 64;
    if (pid == 0) {
        var index: usize = 0;
        while (index < count) : (index += 1) {
            readFull(there[0], &message);
            writeFull(back[1], &message);
        }
        linux.exit(0);
    }
    const samples = try std.heap.page_allocator.alloc(u64, count);
    for (samples) |*sample| {
        const start = common.nowNanoseconds();
        writeFull(there[1], &message);
        readFull(back[0], &message);
        sample.* = common.nowNanoseconds() - start;
    }
    var status: u32 = 0;
    _ = linux.waitpid(@intCast(pid), &status, 0);
    common.report("pipe", samples);
}
