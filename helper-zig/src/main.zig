//! nftj-helper: the privileged side of nftj. Reads length-prefixed JSON requests on stdin,
//! answers on stdout, and drives libnftables. It assumes the process feeding it is hostile.
//!
//! Startup order (every sandbox step is in src/lockdown.zig):
//!   1. lockdown.checkStartup          streams, descriptors, SIGPIPE, self-check, CAP_NET_ADMIN
//!   2. the policy file                lockdown.checkPolicyDirectories, policy.readFile, policy.parse
//!   3. lockdown.openSysctlDirectory   only when the policy names sysctl parameters
//!   4. lockdown.reduce                capabilities, dumpable, resource limits
//!      lockdown.prepareLookups        what libnftables resolves while printing (src/lookups.zig)
//!   5. libnftables context, the helper's nfnetlink socket, warm-up: everything either opens
//!      on first use is open before seccomp
//!   6. lockdown.confineToSysctl       only with sysctl access: Landlock beneath /proc/sys/net
//!   7. lockdown.seal                  no_new_privs, the seccomp filter
//!   8. the request loop

const std = @import("std");
const linux = std.os.linux;

const lockdown = @import("lockdown.zig");
const frame = @import("frame.zig");
const json = @import("json.zig");
const writer_module = @import("writer.zig");
const response = @import("response.zig");
const request = @import("request.zig");
const policy_module = @import("policy.zig");
const nft = @import("nft.zig");
const service = @import("service.zig");
const netlink = @import("netlink.zig");
const crash = @import("crash.zig");

// The crash path (src/crash.zig): no Zig segfault handler, a panic that only writes and aborts.
pub const std_options = crash.std_options;
pub const panic = std.debug.FullPanic(crash.panic);

pub fn main() u8 {
    if (lockdown.checkStartup()) |failure| fatalStartup(failure);
    if (!crash.install()) fatalStartup(.{
        .reason = "prctl",
        .message = "installing the fatal-signal handler failed",
        .exit_code = 24,
    });

    var policy_text: [policy_module.policy_file_bytes_max]u8 = undefined;
    var policy_nodes: [policy_module.policy_file_bytes_max / 8]json.Node = undefined;
    var policy_strings: [policy_module.policy_file_bytes_max]u8 = undefined;
    const policy = loadPolicy(&policy_text, .{ .nodes = &policy_nodes, .strings = &policy_strings });
    // /proc/sys/net is opened before lockdown, and only when the policy names sysctl parameters;
    // afterwards the seccomp filter allows openat relative to it alone.
    if (!policy.sysctl.empty()) {
        if (lockdown.openSysctlDirectory()) |failure| fatalStartup(failure);
    }

    if (lockdown.reduce()) |failure| fatalStartup(failure);
    if (lockdown.prepareLookups()) |failure| fatalStartup(failure);

    const memory = service.Memory.allocate() orelse initFailed("cannot allocate the request buffers");
    var context = nft.Context.init() orelse initFailed("nft_ctx_new or output buffering failed");
    // The helper's own nfnetlink socket (rate limit, direct element path): opened, bound and
    // configured here, because socket, bind and the netlink options are not allowed after the seal.
    var socket = netlink.Socket.open(memory.netlink_receive) orelse initFailed("cannot open the nfnetlink socket");
    var helper = service.Service.init(memory, &context, &socket, policy);
    // Warm-up: a harmless listing so that everything libnftables and jansson open on first use
    // (netlink socket, /dev/urandom, realm and group tables) is opened before seccomp.
    if (!helper.warmUp()) initFailed("libnftables warm-up command failed");

    // With sysctl access, a Landlock ruleset limits every later open to /proc/sys/net.
    if (!policy.sysctl.empty()) {
        if (lockdown.confineToSysctl()) |failure| fatalStartup(failure);
    }
    if (lockdown.seal()) |failure| fatalStartup(failure);

    const stdin_fd: i32 = 0;
    var decoder = frame.Decoder.init(frame.fdSource(&stdin_fd), memory.frame_body, frame.frame_bytes_max);
    // One iteration per frame; the loop ends at end of input or on a fatal framing error.
    while (true) {
        switch (decoder.next()) {
            .end_of_input => return 0,
            .violation => |violation| {
                const bytes = response.failure(
                    &helper.response_buffer,
                    null,
                    .{ .code = violation.code(), .message = violation.message() },
                );
                // The exit code names the violation even when stdout is already gone.
                frame.writeAll(1, bytes) catch {};
                return violation.exitCode();
            },
            .frame => |body| {
                const bytes = helper.handle(body);
                // Nothing is answered for a part of a request larger than a frame.
                if (bytes.len > 0) frame.writeAll(1, bytes) catch return 13;
                // libnftables' output buffer could not be made again (no memory): its output
                // would reach stdout, the protocol channel.
                if (!helper.afterFrame(body.len, bytes.len)) return 70;
            },
        }
    }
}

/// Start-up failed before the seal: libnftables, the helper's socket or the request buffers.
fn initFailed(message: []const u8) noreturn {
    fatalStartup(.{ .reason = "nft_init", .message = message, .exit_code = 26 });
}

fn loadPolicy(text_buffer: []u8, arena: json.Arena) policy_module.Policy {
    const failure = lockdown.Failure{
        .reason = "policy",
        .message = "policy file missing, unsafe or invalid",
        .exit_code = 25,
    };
    var executable_buffer: [std.fs.max_path_bytes]u8 = undefined;
    const rc = linux.readlink("/proc/self/exe", &executable_buffer, executable_buffer.len);
    if (linux.E.init(rc) != .SUCCESS or rc >= executable_buffer.len) fatalStartup(failure);
    const executable = executable_buffer[0..rc];
    var path_buffer: [std.fs.max_path_bytes]u8 = undefined;
    const path = policy_module.pathFromExecutable(executable, &path_buffer) orelse fatalStartup(failure);
    if (lockdown.checkPolicyDirectories(path)) |chain_failure| fatalStartup(chain_failure);
    const text = switch (policy_module.readFile(path, text_buffer)) {
        .ok => |value| value,
        .err => |message| fatalStartup(.{ .reason = "policy", .message = message, .exit_code = 25 }),
    };
    return switch (policy_module.parse(text, arena)) {
        .ok => |value| value,
        .err => |message| fatalStartup(.{ .reason = "policy", .message = message, .exit_code = 25 }),
    };
}

fn fatalStartup(failure: lockdown.Failure) noreturn {
    var bytes: [4096]u8 = undefined;
    var buffer = writer_module.Buffer.init(&bytes);
    const frame_bytes = response.failure(
        &buffer,
        null,
        .{ .code = "startup_failed", .reason = failure.reason, .message = failure.message },
    );
    frame.writeAll(1, frame_bytes) catch {};
    var line: [512]u8 = undefined;
    const text = std.fmt.bufPrint(
        &line,
        "nftj-helper: startup failed ({s}): {s}\n",
        .{ failure.reason, failure.message },
    ) catch "nftj-helper: startup failed\n";
    frame.writeAll(2, text) catch {};
    std.posix.exit(failure.exit_code);
}
