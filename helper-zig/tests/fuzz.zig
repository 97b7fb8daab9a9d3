//! A small deterministic mutation fuzzer over the frame decoder, the judge (parser, typed
//! request, validators, policy) and the canonical writer. Seeds: the shared test vectors, sysctl
//! requests of every parameter the helper knows, every object of the in-repo rulesets
//! (test-vectors/rulesets) as a request, and, when present, the optional external expression
//! corpus (tests/rulesets.zig). Runs for a bounded time (tests/fuzz.sh SECONDS).
//!
//! Invariants checked on every input:
//!   - nothing crashes (ReleaseSafe: every assertion and bounds check is live);
//!   - an accepted nft request, written canonically, re-parses, is accepted again, and writing
//!     it again yields the same bytes (the canonical form is a fixed point);
//!   - an accepted sysctl request names only parameters the policy allows, every name maps to a
//!     path below /proc/sys/net, and every value reads back as itself;
//!   - the frame decoder, fed the input as a byte stream in random chunks, terminates.
//! On a crash the input is saved to tests/fuzz-crashes/ before the default panic runs.

const std = @import("std");
const helper = @import("helper");
const json = helper.json;
const frame = helper.frame;
const judge_module = helper.judge;
const validate = helper.validate;
const policy_module = helper.policy;
const writer_module = helper.writer;
const service = helper.service;
const rulesets = @import("rulesets.zig");
const sysctl = helper.sysctl;

pub const panic = std.debug.FullPanic(saveAndPanic);

var current_input: []const u8 = "";

fn saveAndPanic(message: []const u8, first_trace_address: ?usize) noreturn {
    std.fs.cwd().makePath("tests/fuzz-crashes") catch {};
    var name_buffer: [96]u8 = undefined;
    const hash = std.hash.Wyhash.hash(0, current_input);
    const name = std.fmt.bufPrint(
        &name_buffer,
        "tests/fuzz-crashes/crash-{x:0>16}.bin",
        .{hash},
    ) catch "tests/fuzz-crashes/crash.bin";
    std.fs.cwd().writeFile(.{ .sub_path = name, .data = current_input }) catch {};
    std.debug.print("fuzz: crash, input saved to {s}\n", .{name});
    std.debug.defaultPanic(message, first_trace_address);
}

const seeds_max: u32 = 4096;
const input_bytes_max: u32 = 256 * 1024;

pub fn main() !u8 {
    const allocator = std.heap.page_allocator;
    var arguments = try std.process.argsWithAllocator(allocator);
    defer arguments.deinit();
    _ = arguments.next();
    const seconds = std.fmt.parseInt(u64, arguments.next() orelse "10", 10) catch 10;
    const seed = std.fmt.parseInt(u64, arguments.next() orelse "1", 10) catch 1;

    var seeds = std.ArrayList([]u8){};
    try loadSeeds(allocator, &seeds);
    if (seeds.items.len == 0) {
        std.debug.print("fuzz: no seeds found\n", .{});
        return 1;
    }
    var fuzzer = try Fuzzer.init(allocator);
    var prng = std.Random.DefaultPrng.init(seed);
    const random = prng.random();
    const deadline = std.time.milliTimestamp() + @as(i64, @intCast(seconds * 1000));
    while (std.time.milliTimestamp() < deadline) fuzzer.run(random, seeds.items);
    std.debug.print("fuzz: {d} executions, {d} accepted nft requests, {d} accepted sysctl requests, " ++
        "{d} seeds, no crash\n", .{
        fuzzer.executions, fuzzer.accepted_nft, fuzzer.accepted_sysctl, seeds.items.len,
    });
    return 0;
}

fn loadSeeds(allocator: std.mem.Allocator, seeds: *std.ArrayList([]u8)) !void {
    try loadVectorSeeds(allocator, seeds);
    const vector_seeds = seeds.items.len;
    try loadSysctlSeeds(allocator, seeds);
    const sysctl_seeds = seeds.items.len - vector_seeds;
    try loadRulesetSeeds(allocator, seeds);
    const ruleset_seeds = seeds.items.len - vector_seeds - sysctl_seeds;
    var external_buffer: [std.fs.max_path_bytes]u8 = undefined;
    const external = try std.fmt.bufPrint(&external_buffer, "{s}/nft-expr-json", .{rulesets.externalRoot()});
    try loadExternalSeeds(allocator, seeds, external);
    const external_seeds = seeds.items.len - vector_seeds - sysctl_seeds - ruleset_seeds;
    std.debug.print("fuzz: seeds: {d} vectors, {d} sysctl requests, {d} in-repo ruleset objects, " ++
        "{d} external corpus arrays ({s})\n", .{ vector_seeds, sysctl_seeds, ruleset_seeds, external_seeds, external });
}

/// The judge's memory (twice: a canonical form is judged again in the second), the policy, and
/// the counts of one run.
const Fuzzer = struct {
    policy: policy_module.Policy,
    context: judge_module.Context,
    context_second: judge_module.Context,
    canonical: []u8,
    canonical_again: []u8,
    rewrapped: []u8,
    input: []u8,
    decoder_body: []u8,
    executions: u64 = 0,
    accepted_nft: u64 = 0,
    accepted_sysctl: u64 = 0,

    fn init(allocator: std.mem.Allocator) !*Fuzzer {
        const fuzzer = try allocator.create(Fuzzer);
        fuzzer.* = .{
            .policy = try fuzzPolicy(allocator),
            .context = try judgeContext(allocator, &fuzzer.policy),
            .context_second = try judgeContext(allocator, &fuzzer.policy),
            .canonical = try allocator.alloc(u8, 2 * input_bytes_max + 64),
            .canonical_again = try allocator.alloc(u8, 2 * input_bytes_max + 64),
            .rewrapped = try allocator.alloc(u8, 2 * input_bytes_max + 128),
            .input = try allocator.alloc(u8, input_bytes_max),
            .decoder_body = try allocator.alloc(u8, frame.frame_bytes_max),
        };
        return fuzzer;
    }

    /// One execution: a seed, mutated, judged (and its invariants checked), and decoded as a
    /// byte stream.
    fn run(fuzzer: *Fuzzer, random: std.Random, seeds: []const []u8) void {
        const base = seeds[random.uintLessThan(usize, seeds.len)];
        var length = @min(base.len, fuzzer.input.len);
        @memcpy(fuzzer.input[0..length], base[0..length]);
        const mutations = 1 + random.uintLessThan(u32, 8);
        for (0..mutations) |_| length = mutate(random, fuzzer.input, length, seeds);
        const input = fuzzer.input[0..length];
        current_input = input;
        const judged = judge_module.judge(fuzzer.context, input);
        switch (judged.verdict) {
            .nft => |plan| {
                fuzzer.accepted_nft += 1;
                checkCanonical(
                    fuzzer.context_second,
                    &judged.tree.?,
                    fuzzer.context.summaries[0..plan.command_count],
                    plan,
                    fuzzer.canonical,
                    fuzzer.canonical_again,
                    fuzzer.rewrapped,
                );
            },
            .sysctl => |plan| {
                fuzzer.accepted_sysctl += 1;
                checkSysctl(&fuzzer.policy, plan);
            },
            .refused, .hello, .part, .digest => {},
        }
        decodeStream(random, input, fuzzer.decoder_body);
        fuzzer.executions += 1;
    }
};

fn judgeContext(allocator: std.mem.Allocator, policy: *const policy_module.Policy) !judge_module.Context {
    return .{
        .arena = .{
            .nodes = try allocator.alloc(json.Node, 1 << 20),
            .strings = try allocator.alloc(u8, 4 * 1024 * 1024),
        },
        .summaries = try allocator.alloc(validate.Summary, validate.commands_max),
        .policy = policy,
        .path_buffer = try allocator.alloc(u8, 1024),
        .sysctl_items = try allocator.create([sysctl.names_max]sysctl.Item),
    };
}

/// The sample policy, plus a sysctl allowlist of every other parameter of the table (interfaces
/// by wildcard), so that both the accepted and the refused sysctl paths are reached.
fn fuzzPolicy(allocator: std.mem.Allocator) !policy_module.Policy {
    const policy_text = try std.fs.cwd().readFileAlloc(
        allocator,
        "conf/nftj-helper.policy.json",
        policy_module.policy_file_bytes_max,
    );
    const nodes = try allocator.alloc(json.Node, 1 << 16);
    const strings = try allocator.alloc(u8, 1 << 20);
    var policy = switch (policy_module.parse(policy_text, .{ .nodes = nodes, .strings = strings })) {
        .ok => |value| value,
        .err => return error.BadPolicy,
    };
    for (sysctl.parameters, 0..) |parameter, index| {
        if (index % 2 == 1) continue;
        policy.sysctl.entries[policy.sysctl.count] = sysctl.resolve(parameter.name, true).ok;
        policy.sysctl.count += 1;
    }
    return policy;
}

/// An accepted sysctl request names only what the policy allows, maps every name to a path that
/// stays below /proc/sys/net, and carries values that read back as themselves.
fn checkSysctl(policy: *const policy_module.Policy, plan: judge_module.SysctlPlan) void {
    if (plan.items.len == 0 or plan.items.len > sysctl.names_max) @panic("sysctl plan without items or too many");
    for (plan.items) |*item| {
        if (!policy.sysctl.allows(&item.name)) @panic("sysctl name outside the policy accepted");
        var path_buffer: [sysctl.name_bytes_max + 1]u8 = undefined;
        const path = item.name.relativePath(&path_buffer);
        if (!sysctl.pathStaysBelow(path) or std.mem.indexOfScalar(u8, path, 0) != null) @panic("sysctl path escapes");
        if (!plan.set) continue;
        var text_buffer: [sysctl.value_bytes_max]u8 = undefined;
        const parsed = sysctl.parseValue(item.name.kind(), item.value.format(&text_buffer));
        if (parsed != .ok or !parsed.ok.eql(item.value)) @panic("sysctl value does not read back as itself");
    }
}

/// `summaries` are the first judgment's (of `tree`); `context` judges the canonical form again.
fn checkCanonical(
    context: judge_module.Context,
    tree: *const json.Tree,
    summaries: []const validate.Summary,
    plan: judge_module.Plan,
    canonical: []u8,
    canonical_again: []u8,
    rewrapped: []u8,
) void {
    var first = writer_module.Buffer.init(canonical);
    service.writeCanonicalBatch(&first, tree, plan.operation.commands, summaries, context.policy);
    if (first.overflow) return;
    // Re-wrap the canonical batch in a request and judge it again: it must still be accepted.
    var wrap = writer_module.Buffer.init(rewrapped);
    wrap.raw("{\"id\":1,\"op\":\"nft\",\"batch\":");
    wrap.raw(first.written());
    wrap.raw("}");
    if (wrap.overflow) return;
    const again = judge_module.judge(context, wrap.written());
    switch (again.verdict) {
        .nft => |second_plan| {
            var second = writer_module.Buffer.init(canonical_again);
            service.writeCanonicalBatch(
                &second,
                &again.tree.?,
                second_plan.operation.commands,
                context.summaries[0..second_plan.command_count],
                context.policy,
            );
            if (!std.mem.eql(u8, first.written(), second.written())) @panic("canonical form is not a fixed point");
        },
        .refused => |refused| {
            std.debug.print(
                "fuzz: canonical form refused: {s} {s} {s}\n",
                .{ refused.code, refused.message, refused.path orelse "-" },
            );
            @panic("canonical form of an accepted request was refused");
        },
        .hello, .sysctl, .part, .digest => @panic("canonical nft request judged as another op"),
    }
}

const StreamSource = struct {
    bytes: []const u8,
    position: usize = 0,
    random: std.Random,

    fn read(context: *anyopaque, buffer: []u8) frame.ReadError!usize {
        const source: *StreamSource = @ptrCast(@alignCast(context));
        if (source.random.uintLessThan(u8, 16) == 0) return error.Interrupted;
        const available = source.bytes.len - source.position;
        const count = @min(available, buffer.len, 1 + source.random.uintLessThan(usize, 64));
        @memcpy(buffer[0..count], source.bytes[source.position..][0..count]);
        source.position += count;
        return count;
    }
};

fn decodeStream(random: std.Random, bytes: []const u8, body: []u8) void {
    var source = StreamSource{ .bytes = bytes, .random = random };
    var decoder = frame.Decoder.init(.{ .context = &source, .readFn = StreamSource.read }, body, frame.frame_bytes_max);
    var frames: usize = 0;
    while (frames <= bytes.len / 5 + 1) : (frames += 1) {
        switch (decoder.next()) {
            .frame => {},
            .end_of_input, .violation => return,
        }
    }
    @panic("frame decoder produced more frames than the input can hold");
}

fn mutate(random: std.Random, input: []u8, length: usize, seeds: []const []u8) usize {
    const interesting = "\"\\{}[],:-0123456789eE.+ \x00\xff\xc0\xed\xef@*/tfnu";
    var size = length;
    switch (random.uintLessThan(u8, 7)) {
        0 => if (size > 0) {
            input[random.uintLessThan(usize, size)] ^= @as(u8, 1) << random.int(u3);
        },
        1 => if (size > 0) {
            input[random.uintLessThan(usize, size)] = interesting[random.uintLessThan(usize, interesting.len)];
        },
        2 => if (size < input.len) { // insert a byte
            const at = random.uintLessThan(usize, size + 1);
            std.mem.copyBackwards(u8, input[at + 1 .. size + 1], input[at..size]);
            input[at] = interesting[random.uintLessThan(usize, interesting.len)];
            size += 1;
        },
        3 => if (size > 1) { // delete a range
            const at = random.uintLessThan(usize, size);
            const count = @min(size - at, 1 + random.uintLessThan(usize, 16));
            std.mem.copyForwards(u8, input[at .. size - count], input[at + count .. size]);
            size -= count;
        },
        4 => if (size > 1) { // duplicate a range
            const at = random.uintLessThan(usize, size);
            const count = @min(size - at, 1 + random.uintLessThan(usize, 32), input.len - size);
            std.mem.copyBackwards(u8, input[at + count .. size + count], input[at..size]);
            size += count;
        },
        5 => { // splice a piece of another seed
            const other = seeds[random.uintLessThan(usize, seeds.len)];
            if (other.len == 0 or size == 0) return size;
            const from = random.uintLessThan(usize, other.len);
            const count = @min(other.len - from, 1 + random.uintLessThan(usize, 64), input.len - size);
            const at = random.uintLessThan(usize, size);
            std.mem.copyBackwards(u8, input[at + count .. size + count], input[at..size]);
            @memcpy(input[at..][0..count], other[from..][0..count]);
            size += count;
        },
        else => if (size > 4) { // prepend a frame header (stream fuzzing)
            const count = @min(4, input.len - size);
            std.mem.copyBackwards(u8, input[count .. size + count], input[0..size]);
            for (input[0..count]) |*byte| byte.* = random.int(u8);
            size += count;
        },
    }
    return size;
}

fn loadVectorSeeds(allocator: std.mem.Allocator, seeds: *std.ArrayList([]u8)) !void {
    var directory = std.fs.cwd().openDir("../test-vectors/requests", .{ .iterate = true }) catch return;
    defer directory.close();
    const nodes = try allocator.alloc(json.Node, 1 << 18);
    defer allocator.free(nodes);
    const strings = try allocator.alloc(u8, 1 << 20);
    defer allocator.free(strings);
    var iterator = directory.iterate();
    while (try iterator.next()) |entry| {
        if (seeds.items.len >= seeds_max) return;
        if (!std.mem.endsWith(u8, entry.name, ".json")) continue;
        const text = try directory.readFileAlloc(allocator, entry.name, 4 * 1024 * 1024);
        defer allocator.free(text);
        const arena = json.Arena{ .nodes = nodes, .strings = strings };
        const tree = switch (json.parse(text, arena, .{ .string_bytes_max = 1 << 20 })) {
            .ok => |value| value,
            .err => continue,
        };
        var out = try allocator.alloc(u8, input_bytes_max);
        var length: usize = 0;
        if (tree.member(tree.root, "frame") != json.none) {
            var buffer = writer_module.Buffer.init(out);
            buffer.writeNode(&tree, tree.member(tree.root, "frame"));
            if (buffer.overflow) continue;
            length = buffer.len;
        } else if (tree.member(tree.root, "frame_text") != json.none) {
            const value = tree.string(tree.member(tree.root, "frame_text"));
            length = @min(value.len, out.len);
            @memcpy(out[0..length], value[0..length]);
        } else if (tree.member(tree.root, "frame_hex") != json.none) {
            const hex = tree.string(tree.member(tree.root, "frame_hex"));
            if (hex.len / 2 > out.len) continue;
            length = (std.fmt.hexToBytes(out, hex) catch continue).len;
        } else continue;
        try seeds.append(allocator, out[0..length]);
    }
}

/// sysctl_get and sysctl_set requests of every parameter of the table (interface "eth0"), one
/// name each, and one of all names together.
fn loadSysctlSeeds(allocator: std.mem.Allocator, seeds: *std.ArrayList([]u8)) !void {
    var all_names = writer_module.Buffer.init(try allocator.alloc(u8, 16 * 1024));
    all_names.raw("{\"id\":3,\"op\":\"sysctl_get\",\"names\":[");
    for (sysctl.parameters, 0..) |parameter, index| {
        var name_buffer: [sysctl.name_bytes_max]u8 = undefined;
        const size = std.mem.replacementSize(u8, parameter.name, "*", "eth0");
        _ = std.mem.replace(u8, parameter.name, "*", "eth0", &name_buffer);
        const name = name_buffer[0..size];
        const value: []const u8 = switch (parameter.kind) {
            .boolean => "1",
            .range => "2",
            .port_range => "32768 60999",
        };
        try seeds.append(
            allocator,
            try std.fmt.allocPrint(allocator, "{{\"id\":1,\"op\":\"sysctl_get\",\"names\":[\"{s}\"]}}", .{name}),
        );
        try seeds.append(
            allocator,
            try std.fmt.allocPrint(
                allocator,
                "{{\"id\":2,\"op\":\"sysctl_set\",\"values\":{{\"{s}\":\"{s}\"}}}}",
                .{ name, value },
            ),
        );
        if (index > 0) all_names.byte(',');
        all_names.string(name);
    }
    all_names.raw("]}");
    try seeds.append(allocator, all_names.bytes[0..all_names.len]);
}

/// Every object of every in-repo ruleset, as the `add` request a client would send.
fn loadRulesetSeeds(allocator: std.mem.Allocator, seeds: *std.ArrayList([]u8)) !void {
    var directory = std.fs.cwd().openDir(rulesets.rulesets_directory, .{ .iterate = true }) catch return;
    defer directory.close();
    const names = try rulesets.listingNames(allocator, directory);
    defer rulesets.freeNames(allocator, names);
    const nodes = try allocator.alloc(json.Node, 1 << 20);
    defer allocator.free(nodes);
    const strings = try allocator.alloc(u8, 4 << 20);
    defer allocator.free(strings);
    for (names) |name| {
        const text = try directory.readFileAlloc(allocator, name, 16 * 1024 * 1024);
        defer allocator.free(text);
        const listing = rulesets.Listing.parse(text, .{ .nodes = nodes, .strings = strings }) orelse continue;
        var item = listing.tree.first(listing.items);
        while (item != json.none) : (item = listing.tree.next(item)) {
            if (seeds.items.len >= seeds_max) return;
            const kind = listing.kindOf(item) orelse continue;
            if (std.mem.eql(u8, kind, "metainfo")) continue;
            const out = try allocator.alloc(u8, input_bytes_max);
            var buffer = writer_module.Buffer.init(out);
            listing.writeRequest(item, &buffer);
            if (buffer.overflow) continue;
            try seeds.append(allocator, out[0..buffer.len]);
        }
    }
}

/// Every expression array of the external corpus, wrapped into an add rule command of table
/// inet app. Nothing when the corpus is not present.
fn loadExternalSeeds(allocator: std.mem.Allocator, seeds: *std.ArrayList([]u8), root: []const u8) !void {
    var directory = std.fs.cwd().openDir(root, .{ .iterate = true }) catch return;
    defer directory.close();
    var walker = try directory.walk(allocator);
    defer walker.deinit();
    while (try walker.next()) |entry| {
        if (entry.kind != .file or !std.mem.endsWith(u8, entry.basename, ".t.json")) continue;
        const text = try directory.readFileAlloc(allocator, entry.path, 4 * 1024 * 1024);
        defer allocator.free(text);
        var blocks = rulesets.Blocks{ .text = text };
        while (blocks.next()) |block| {
            if (seeds.items.len >= seeds_max) return;
            const prefix = "{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"rule\":" ++
                "{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"expr\":";
            const suffix = "}}}]}}";
            if (prefix.len + block.array.len + suffix.len > input_bytes_max) continue;
            const out = try std.mem.concat(allocator, u8, &.{ prefix, block.array, suffix });
            try seeds.append(allocator, out);
        }
    }
}
