//! Runs every shared test vector (../test-vectors/requests/*.json) through the helper's own
//! decision path (frame decoder, parser, typed request, validators, policy) and checks the
//! expected outcome. A vector with "sysctlPolicy" is judged under the sample policy plus that
//! sysctl allowlist. Other vectors marked helperOnly depend on the running helper's state (its
//! clock, for the rate limit) and are left to the black-box tests.

const std = @import("std");
const helper = @import("helper");
const json = helper.json;
const frame = helper.frame;
const judge_module = helper.judge;
const writer_module = helper.writer;
const testing_support = @import("testing_support.zig");

const vectors_directory = "../test-vectors/requests";

test "shared test vectors: every expected outcome holds" {
    const allocator = std.testing.allocator;
    var fixture = try testing_support.Fixture.init(allocator);
    defer fixture.deinit(allocator);
    var sysctl_fixture = try testing_support.Fixture.init(allocator);
    defer sysctl_fixture.deinit(allocator);
    const sample_policy = try std.fs.cwd().readFileAlloc(allocator, "conf/nftj-helper.policy.json", 64 * 1024);
    defer allocator.free(sample_policy);

    var scratch = try Scratch.init(allocator);
    defer scratch.deinit(allocator);
    var directory = try std.fs.cwd().openDir(vectors_directory, .{ .iterate = true });
    defer directory.close();
    var iterator = directory.iterate();
    var checked: u32 = 0;
    var skipped: u32 = 0;
    var failures: u32 = 0;
    while (try iterator.next()) |entry| {
        if (entry.kind != .file or !std.mem.endsWith(u8, entry.name, ".json")) continue;
        const text = try directory.readFileAlloc(allocator, entry.name, 4 * 1024 * 1024);
        defer allocator.free(text);
        const outcome = try checkVector(
            &scratch,
            .{ .sample = &fixture, .sysctl = &sysctl_fixture, .sample_policy = sample_policy },
            text,
        );
        switch (outcome) {
            .passed => checked += 1,
            .skipped => skipped += 1,
            .failed => |message| {
                failures += 1;
                std.debug.print("vector {s}: {s}\n", .{ entry.name, message });
            },
        }
    }
    std.debug.print("vectors: {d} checked, {d} helper-only (black-box), {d} failed\n", .{ checked, skipped, failures });
    try std.testing.expect(checked > 300);
    try std.testing.expectEqual(@as(u32, 0), failures);
}

const Outcome = union(enum) { passed, skipped, failed: []const u8 };

/// The judge under the sample policy, and a second one whose policy a vector's "sysctlPolicy"
/// sets (the sample policy plus that sysctl allowlist).
const Fixtures = struct {
    sample: *testing_support.Fixture,
    sysctl: *testing_support.Fixture,
    sample_policy: []const u8,

    fn forVector(fixtures: Fixtures, scratch: *Scratch, vector: *const json.Tree) !*testing_support.Fixture {
        const allowlist = vector.member(vector.root, "sysctlPolicy");
        if (allowlist == json.none) return fixtures.sample;
        const end = std.mem.lastIndexOfScalar(u8, fixtures.sample_policy, '}') orelse return error.BadPolicy;
        var buffer = writer_module.Buffer.init(scratch.body);
        buffer.raw(fixtures.sample_policy[0..end]);
        buffer.raw(",\"sysctl\":");
        buffer.writeNode(vector, allowlist);
        buffer.byte('}');
        try fixtures.sysctl.setPolicy(buffer.written());
        return fixtures.sysctl;
    }
};

/// Buffers reused by every vector (allocated once: the suite must stay fast).
const Scratch = struct {
    nodes: []json.Node,
    strings: []u8,
    body: []u8,
    decoder_body: []u8,

    fn init(allocator: std.mem.Allocator) !Scratch {
        return .{
            .nodes = try allocator.alloc(json.Node, 1 << 18),
            .strings = try allocator.alloc(u8, 1 << 20),
            .body = try allocator.alloc(u8, 1 << 20),
            .decoder_body = try allocator.alloc(u8, frame.frame_bytes_max),
        };
    }

    fn deinit(scratch: *Scratch, allocator: std.mem.Allocator) void {
        allocator.free(scratch.nodes);
        allocator.free(scratch.strings);
        allocator.free(scratch.body);
        allocator.free(scratch.decoder_body);
    }
};

fn checkVector(scratch: *Scratch, fixtures: Fixtures, text: []const u8) !Outcome {
    // Vector files are trusted test data but still parsed by our parser (with roomier limits).
    const arena = json.Arena{ .nodes = scratch.nodes, .strings = scratch.strings };
    const vector = switch (json.parse(text, arena, .{ .string_bytes_max = 1 << 20 })) {
        .ok => |tree| tree,
        .err => return .{ .failed = "vector file does not parse" },
    };
    const root = vector.root;
    const helper_only = vector.member(root, "helperOnly");
    const judged_here = helper_only == json.none or vector.kind(helper_only) == .false_value or
        vector.member(root, "sysctlPolicy") != json.none;
    if (!judged_here) return .skipped;
    const fixture = try fixtures.forVector(scratch, &vector);
    const expect = vector.member(root, "expect");
    if (expect == json.none) return .{ .failed = "no expect" };
    const expect_ok = vector.kind(vector.member(expect, "ok")) == .true_value;
    const expect_code_node = vector.member(expect, "code");
    const expect_code: ?[]const u8 = if (expect_code_node != json.none) vector.string(expect_code_node) else null;
    const expect_path_node = vector.member(expect, "path");
    const expect_path: ?[]const u8 = if (expect_path_node != json.none) vector.string(expect_path_node) else null;

    const body_storage = scratch.body;
    var body: []const u8 = undefined;
    if (vector.member(root, "frame") != json.none) {
        var buffer = writer_module.Buffer.init(body_storage);
        buffer.writeNode(&vector, vector.member(root, "frame"));
        body = buffer.written();
    } else if (vector.member(root, "frame_text") != json.none) {
        body = vector.string(vector.member(root, "frame_text"));
    } else if (vector.member(root, "frame_hex") != json.none) {
        body = try std.fmt.hexToBytes(body_storage, vector.string(vector.member(root, "frame_hex")));
    } else if (vector.member(root, "stream_hex") != json.none) {
        const stream = try std.fmt.hexToBytes(body_storage, vector.string(vector.member(root, "stream_hex")));
        return checkStream(scratch, fixture, stream, vector, expect);
    } else return .{ .failed = "no frame" };

    const judged = judge_module.judge(fixture.context(), body);
    switch (judged.verdict) {
        .refused => |refused| {
            if (expect_ok) {
                std.debug.print(
                    "  refused with {s}: {s} at {s}\n",
                    .{ refused.code, refused.message, refused.path orelse "-" },
                );
                return .{ .failed = "expected ok, was refused" };
            }
            if (expect_code) |code| {
                if (!std.mem.eql(u8, code, refused.code)) {
                    std.debug.print(
                        "  expected {s}, got {s}: {s} at {s}\n",
                        .{ code, refused.code, refused.message, refused.path orelse "-" },
                    );
                    return .{ .failed = "wrong error code" };
                }
            }
            if (expect_path) |path| {
                if (!std.mem.eql(u8, path, refused.path orelse "")) {
                    std.debug.print("  expected path {s}, got {s}\n", .{ path, refused.path orelse "-" });
                    return .{ .failed = "wrong error path" };
                }
            }
            return .passed;
        },
        .hello, .nft, .sysctl, .part, .digest => {
            if (!expect_ok) return .{ .failed = "expected a refusal, was accepted" };
            return .passed;
        },
    }
}

const MemorySource = struct {
    bytes: []const u8,
    position: usize = 0,

    fn read(context: *anyopaque, buffer: []u8) frame.ReadError!usize {
        const source: *MemorySource = @ptrCast(@alignCast(context));
        // One byte at a time: the decoder must reassemble everything.
        if (source.position >= source.bytes.len) return 0;
        buffer[0] = source.bytes[source.position];
        source.position += 1;
        return 1;
    }
};

fn checkStream(
    scratch: *Scratch,
    fixture: *testing_support.Fixture,
    stream: []const u8,
    vector: json.Tree,
    expect: u32,
) !Outcome {
    var source = MemorySource{ .bytes = stream };
    const body = scratch.decoder_body;
    var decoder = frame.Decoder.init(.{ .context = &source, .readFn = MemorySource.read }, body, frame.frame_bytes_max);
    var responses: u64 = 0;
    var exit_code: u8 = 0;
    var code: []const u8 = "";
    var steps: u32 = 0;
    while (steps < 1000) : (steps += 1) {
        switch (decoder.next()) {
            .end_of_input => break,
            .violation => |violation| {
                exit_code = violation.exitCode();
                code = violation.code();
                break;
            },
            .frame => |bytes| {
                _ = judge_module.judge(fixture.context(), bytes);
                responses += 1;
            },
        }
    }
    const expected_exit = vector.magnitude(vector.member(expect, "exit"));
    if (expected_exit != exit_code) return .{ .failed = "wrong exit code" };
    const code_node = vector.member(expect, "code");
    if (code_node != json.none and !std.mem.eql(u8, vector.string(code_node), code)) {
        return .{ .failed = "wrong framing code" };
    }
    const responses_node = vector.member(expect, "responses");
    if (responses_node != json.none and vector.magnitude(responses_node) != responses) return .{ .failed = "wrong " ++
        "number of frames" };
    return .passed;
}
