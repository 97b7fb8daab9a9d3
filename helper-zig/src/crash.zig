//! The helper's crash path: whatever kills it, it dies by its own signal and makes only calls the
//! seccomp filter allows, so a crash of libnftables is reported as that crash, not as a sandbox
//! violation (SIGSYS).
//!
//! Zig's segfault handler (which prints a stack trace, opening files and mapping memory) is
//! turned off by `std_options` in the root file; `install` sets one handler instead, for SIGSEGV,
//! SIGBUS, SIGILL, SIGFPE and SIGABRT. It writes one line to stderr,
//!
//!     nftj-helper: fatal signal 11 (SIGSEGV) in libnftables
//!
//! ("in the helper" when the signal came while the helper's own code ran), then sends the same
//! signal to itself again: the handler was installed with SA_RESETHAND (the default action is
//! back) and SA_NODEFER (the signal is not blocked inside it), so the process ends by that
//! signal right there. A Zig panic writes its message and calls abort(). glibc's abort() (also
//! behind libnftables' assertions) blocks signals with rt_sigprocmask and sends SIGABRT with
//! tgkill. The filter allows exactly these: write on stderr, getpid, gettid, rt_sigprocmask, and
//! tgkill of the helper's own process with one of the five signals (src/seccomp_policy.zig).

const std = @import("std");
const linux = std.os.linux;
const mutation = @import("mutation.zig");

pub const Signal = struct { number: u8, name: []const u8 };

pub const fatal_signals = [_]Signal{
    .{ .number = linux.SIG.SEGV, .name = "SIGSEGV" },
    .{ .number = linux.SIG.BUS, .name = "SIGBUS" },
    .{ .number = linux.SIG.ILL, .name = "SIGILL" },
    .{ .number = linux.SIG.FPE, .name = "SIGFPE" },
    .{ .number = linux.SIG.ABRT, .name = "SIGABRT" },
};

/// For the root file: no Zig segfault handler (this file's handler replaces it).
pub const std_options: std.Options = .{ .enable_segfault_handler = false };

/// Set while libnftables runs (src/nft.zig), read by the handler.
var inside_library = std.atomic.Value(bool).init(false);

pub fn enterLibrary() void {
    inside_library.store(true, .seq_cst);
}

pub fn leaveLibrary() void {
    inside_library.store(false, .seq_cst);
}

/// Installs the handler for every fatal signal. Called at start-up, before the seal.
pub fn install() bool {
    const action = linux.Sigaction{
        .handler = .{ .handler = handle },
        .mask = linux.sigemptyset(),
        .flags = linux.SA.RESETHAND | linux.SA.NODEFER,
    };
    if (mutation.removed(.crash_handler)) return true;
    for (fatal_signals) |signal| {
        if (linux.E.init(linux.sigaction(signal.number, &action, null)) != .SUCCESS) return false;
    }
    return true;
}

fn handle(number: i32) callconv(.c) void {
    // Async-signal-safe: a line built on the stack, one write, then the signal again.
    var line: [96]u8 = undefined;
    var length: usize = 0;
    length = append(&line, length, "nftj-helper: fatal signal ");
    length = appendNumber(&line, length, @intCast(@max(number, 0)));
    length = append(&line, length, " (");
    length = append(&line, length, signalName(number));
    length = append(&line, length, if (inside_library.load(.seq_cst)) ") in libnftables\n" else ") in the helper\n");
    _ = linux.write(2, &line, length);
    _ = linux.tgkill(linux.getpid(), linux.gettid(), number);
    // Not reached: the default action of the signal ends the process inside tgkill.
    linux.exit_group(128 + number);
}

pub fn signalName(number: i32) []const u8 {
    for (fatal_signals) |signal| {
        if (signal.number == number) return signal.name;
    }
    return "unknown";
}

pub fn append(line: []u8, start: usize, text: []const u8) usize {
    const count = @min(text.len, line.len - start);
    @memcpy(line[start..][0..count], text[0..count]);
    return start + count;
}

pub fn appendNumber(line: []u8, start: usize, value: u32) usize {
    var digits: [10]u8 = undefined;
    var count: usize = 0;
    var rest = value;
    while (true) {
        digits[digits.len - 1 - count] = @intCast('0' + rest % 10);
        count += 1;
        rest /= 10;
        if (rest == 0) break;
    }
    return append(line, start, digits[digits.len - count ..]);
}

/// The root file's panic handler (`pub const panic = std.debug.FullPanic(crash.panic)`): the
/// message on stderr, then abort(), which ends the helper by SIGABRT through the handler above.
pub fn panic(message: []const u8, first_trace_address: ?usize) noreturn {
    _ = first_trace_address;
    const prefix = "nftj-helper: panic: ";
    _ = linux.write(2, prefix, prefix.len);
    _ = linux.write(2, message.ptr, message.len);
    _ = linux.write(2, "\n", 1);
    std.c.abort();
}
