//! One request in, one response frame out: parse → typed request → validation → policy →
//! rate limit → canonical JSON → libnftables → filtered output.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;

const lockdown = @import("lockdown.zig");
const frame = @import("frame.zig");
const json = @import("json.zig");
const writer_module = @import("writer.zig");
const Buffer = writer_module.Buffer;
const response = @import("response.zig");
const request = @import("request.zig");
const validate = @import("validate.zig");
const policy_module = @import("policy.zig");
const names = @import("names.zig");
const nft = @import("nft.zig");
const schema = @import("schema.zig");
const judge_module = @import("judge.zig");
const sysctl = @import("sysctl.zig");
const mutation = @import("mutation.zig");
const nft_error = @import("nft_error.zig");
const resources = @import("resources.zig");
const hostwide = @import("hostwide.zig");
const netlink = @import("netlink.zig");
const ratelimit = @import("ratelimit.zig");
const direct = @import("direct.zig");
const set_listing = @import("listing.zig");
const table_summary = @import("summary.zig");
const assembly_module = @import("assembly.zig");
const state_digest = @import("digest.zig");

pub const helper_version = "0.1.0";

/// JSON values per parsed document (request or one libnftables output document).
pub const nodes_max: u32 = 4 * 1024 * 1024;
/// Bytes of unescaped strings (only strings that contained escapes are copied).
pub const string_bytes_max: u32 = 16 * 1024 * 1024;
/// Canonical input for libnftables: the request re-serialised (an assembled request is up to
/// assembly.bytes_max), plus the policy's rewrites (a size for each declared set).
pub const nft_input_bytes_max: u32 = assembly_module.bytes_max + 8 * 1024 * 1024;

/// JSON values of one census listing document (declarations and rules of one table).
pub const census_nodes_max: u32 = 2 * 1024 * 1024;
pub const census_string_bytes_max: u32 = 8 * 1024 * 1024;

/// The nfnetlink batch of one request (direct path, rate limit): the largest transaction the helper
/// sends in one sendto. Reserved untouched; pages are used only as a batch grows.
pub const batch_bytes_max: u32 = 256 * 1024 * 1024;

/// libnftables output: counters are 64-bit, strings (element lists aside) stay small.
pub const output_limits = json.Limits{
    .integer_magnitude_max = std.math.maxInt(u64),
    .string_bytes_max = 64 * 1024,
};

/// A request that moved more than this (its frames read and written, libnftables' output) gives
/// back the pages it touched once it is answered (Service.afterFrame): what a hostile or merely
/// busy client can leave the helper holding between requests stays about this size times the
/// few buffers a byte of a request passes through, not the 256 MiB arenas.
pub const release_after_bytes: u64 = 4 * 1024 * 1024;

/// The metainfo object of libnftables' output, written in its own order; anything longer is
/// not kept (hello then reports `null`).
const metainfo_bytes_max = 256;

/// Every large buffer, allocated once at startup (mmap; pages are touched only when used).
pub const Memory = struct {
    frame_body: []u8,
    nodes: []json.Node,
    strings: []u8,
    nft_input: []u8,
    response: []u8,
    summaries: []validate.Summary,
    /// The counting of src/resources.zig: its own arena (the request's tree stays valid) and
    /// entry table.
    census_nodes: []json.Node,
    census_strings: []u8,
    census_entries: []resources.Entry,
    batch: []align(8) u8,
    netlink_receive: []align(8) u8,
    direct_records: []direct.Record,
    direct_commands: []direct.Command,
    direct_intervals: []@import("interval_check.zig").Interval,
    direct_probes: []align(8) u8,
    /// One set's elements waiting to be listed in nft's order (src/listing.zig).
    listing_bytes: []u8,
    listing_entries: []set_listing.Entry,
    summary: *table_summary.Scratch,
    digest: *state_digest.Scratch,
    /// A request larger than one frame (src/assembly.zig): its text and the arena it is parsed in.
    assembly_text: []u8,
    assembly_nodes: []json.Node,
    assembly_strings: []u8,

    /// Reserves `n` items of fresh anonymous memory. Not through an Allocator: in ReleaseSafe,
    /// `Allocator.alloc` fills every byte with 0xAA, which touched all ~170 MiB of these buffers
    /// at start-up (about 300 ms and 170 MiB resident per helper, measured). mmap'd pages stay
    /// untouched, zero-filled by the kernel on first use, so a helper costs what it uses.
    fn untouched(comptime T: type, n: usize) ?[]T {
        assert(n > 0);
        const bytes = std.mem.alignForward(usize, n * @sizeOf(T), std.heap.pageSize());
        const mapping = std.posix.mmap(
            null,
            bytes,
            std.posix.PROT.READ | std.posix.PROT.WRITE,
            .{ .TYPE = .PRIVATE, .ANONYMOUS = true },
            -1,
            0,
        ) catch return null;
        const items: [*]T = @ptrCast(@alignCast(mapping.ptr));
        return items[0..n];
    }

    /// Gives the pages of every buffer that holds nothing between requests back to the kernel
    /// (madvise MADV_DONTNEED: the mapping stays, and the next use finds fresh zero-filled
    /// pages). Not the census' entry table, whose generations outlive a request, nor the small
    /// fixed-size scratch of the summary and the digest. Call only between requests, never while
    /// a request larger than a frame is being assembled.
    pub fn release(memory: *const Memory) void {
        inline for (.{
            memory.frame_body,       memory.nodes,            memory.strings,
            memory.nft_input,        memory.response,         memory.summaries,
            memory.census_nodes,     memory.census_strings,   memory.batch,
            memory.direct_records,   memory.direct_commands,  memory.direct_intervals,
            memory.direct_probes,    memory.listing_bytes,    memory.listing_entries,
            memory.assembly_text,    memory.assembly_nodes,   memory.assembly_strings,
        }) |buffer| {
            const bytes = std.mem.sliceAsBytes(buffer);
            const pages = std.mem.alignForward(usize, bytes.len, std.heap.pageSize());
            // Every buffer is a mapping of its own (untouched), so whole pages are its own.
            std.posix.madvise(@ptrCast(@alignCast(bytes.ptr)), pages, std.posix.MADV.DONTNEED) catch {};
        }
    }

    pub fn allocate() ?Memory {
        return .{
            .frame_body = untouched(u8, frame.frame_bytes_max) orelse return null,
            .nodes = untouched(json.Node, nodes_max) orelse return null,
            .strings = untouched(u8, string_bytes_max) orelse return null,
            .nft_input = untouched(u8, nft_input_bytes_max + 1) orelse return null,
            // Header, the largest allowed body, and one byte so that "too large" is detectable.
            .response = untouched(u8, frame.header_bytes + frame.response_bytes_max + 1) orelse return null,
            .summaries = untouched(validate.Summary, validate.commands_max) orelse return null,
            .census_nodes = untouched(json.Node, census_nodes_max) orelse return null,
            .census_strings = untouched(u8, census_string_bytes_max) orelse return null,
            .census_entries = untouched(resources.Entry, resources.entries_capacity) orelse return null,

            .batch = @alignCast(untouched(u8, batch_bytes_max) orelse return null),
            .netlink_receive = @alignCast(untouched(u8, netlink.receive_bytes) orelse return null),
            .direct_records = untouched(direct.Record, direct.records_max) orelse return null,
            .direct_commands = untouched(direct.Command, validate.commands_max) orelse return null,
            .direct_intervals = untouched(
                @import("interval_check.zig").Interval,
                direct.intervals_max,
            ) orelse return null,
            .direct_probes = @alignCast(untouched(u8, direct.probe_bytes) orelse return null),
            .listing_bytes = untouched(u8, set_listing.arena_bytes) orelse return null,
            .listing_entries = untouched(set_listing.Entry, set_listing.entries_max) orelse return null,
            .summary = &(untouched(table_summary.Scratch, 1) orelse return null)[0],
            .digest = &(untouched(state_digest.Scratch, 1) orelse return null)[0],
            .assembly_text = untouched(u8, assembly_module.bytes_max) orelse return null,
            .assembly_nodes = untouched(json.Node, assembly_module.nodes_max) orelse return null,
            .assembly_strings = untouched(u8, assembly_module.string_bytes_max) orelse return null,
        };
    }
};

pub const Service = struct {
    memory: Memory,
    context: *nft.Context,
    policy: policy_module.Policy,
    socket: *netlink.Socket,
    limiter: ratelimit.Limiter,
    batch: netlink.Batch,
    direct: direct.Executor,
    assembly: assembly_module.Assembly,
    response_buffer: Buffer,
    libnftables_version: [32]u8 = undefined,
    libnftables_version_len: u8 = 0,
    /// libnftables' metainfo object as it printed it (version, release name, schema version),
    /// for `hello`: a client prints it at the head of a listing, as `nft -j list` does.
    metainfo: [metainfo_bytes_max]u8 = undefined,
    metainfo_len: u16 = 0,
    path_buffer: [1024]u8 = undefined,
    sysctl_items: [sysctl.names_max]sysctl.Item = undefined,
    census: resources.Census,
    /// Set by the census: the batch adds elements to a set whose size is the policy's cap, so a
    /// full set (ENFILE) is the policy's limit.
    set_at_cap: bool = false,
    /// Sizes of bounded sets seen by earlier censuses (resources.SizeCache).
    set_sizes: resources.SizeCache = .{},
    /// Bytes of frames the current request has read and written so far (afterFrame).
    moved: u64 = 0,

    pub fn init(memory: Memory, context: *nft.Context, socket: *netlink.Socket, policy: policy_module.Policy) Service {
        return .{
            .census = .{ .entries = memory.census_entries },
            .memory = memory,
            .context = context,
            .policy = policy,
            .socket = socket,
            .limiter = ratelimit.Limiter.init(&policy),
            .batch = netlink.Batch.init(memory.batch),
            .direct = direct.Executor.init(
                memory.direct_records,
                memory.direct_commands,
                memory.direct_intervals,
                memory.direct_probes,
            ),
            .assembly = assembly_module.Assembly.init(memory.assembly_text),
            .response_buffer = Buffer.init(memory.response),
        };
    }

    /// `"summary": true`: one `list table`, answered by src/summary.zig.
    fn runSummary(service: *Service, tree: *const json.Tree, id: i64, commands: u32) []const u8 {
        const target = summaryTarget(tree, commands) orelse return response.failure(&service.response_buffer, id, .{
            .code = "invalid_request",
            .message = "summary takes exactly one list table command",
            .path = "/summary",
        });
        return table_summary.run(
            service.socket,
            service.memory.summary,
            &service.response_buffer,
            id,
            target.family,
            target.table,
        );
    }

    /// `list set` / `list map` of one set the helper renders itself (src/listing.zig): its
    /// elements from a kernel dump of that set alone, streamed in frames when asked. Null when
    /// the set is of a kind left to libnftables (or does not exist: libnftables says so).
    fn listSet(service: *Service, id: i64, target: direct.Executor.Target, stream: bool) ?[]const u8 {
        const info = switch (service.direct.describeOne(service.socket, target)) {
            .found => |value| value,
            .missing, .fallback => return null,
        };
        if (info.unlistable != null) return null;
        if (info.isMap() != std.mem.eql(u8, target.kind, "map")) return null;
        var lister = set_listing.Lister{
            .info = info,
            .buffer = &service.response_buffer,
            .id = id,
            .kind = target.kind,
            .sink = if (stream) .{ .context = service, .writeFn = writeFrame } else null,
            .arena = .{ .bytes = service.memory.listing_bytes, .entries = service.memory.listing_entries },
        };
        return switch (lister.run(service.socket)) {
            .answer => |bytes| bytes,
            .write_failed => response.failure(
                &service.response_buffer,
                id,
                .{ .code = "internal", .message = "the answer could not be written" },
            ),
        };
    }

    /// A streamed frame, written at once to stdout (the client's pipe paces the helper).
    fn writeFrame(context: *anyopaque, bytes: []const u8) bool {
        const service: *Service = @ptrCast(@alignCast(context));
        service.moved +|= bytes.len;
        frame.writeAll(1, bytes) catch return false;
        return true;
    }

    /// After each frame is answered (`read` bytes of it, `written` bytes of answer): once a request
    /// is complete, memory it made the helper touch goes back to the kernel. After a request that
    /// ran libnftables, what libnftables holds of the C heap above a bound
    /// (nft.Context.releaseHeap: a listing of a million elements through libnftables left some
    /// 690 MiB resident otherwise, measured); after a request that moved more than
    /// release_after_bytes (frames and libnftables' output), the pages of every request buffer
    /// (Memory.release: a streamed listing of a million elements left 26 MiB of the listing
    /// arena). Nothing is released in the middle of a request larger than a frame. False when
    /// the helper cannot go on (libnftables' output could not be buffered again).
    pub fn afterFrame(service: *Service, read: usize, written: usize) bool {
        service.moved +|= read + written;
        if (service.assembly.id() != null) return true;
        const moved = service.moved;
        service.moved = 0;
        if (mutation.removed(.release_memory)) return true;
        const work = service.context.releaseHeap() orelse return false;
        if (moved +| work.output_bytes > release_after_bytes) service.memory.release();
        return true;
    }

    fn directContext(service: *Service) direct.Context {
        return .{
            .socket = service.socket,
            .batch = &service.batch,
            .limiter = &service.limiter,
            .policy = &service.policy,
            .response_buffer = &service.response_buffer,
            .path_buffer = &service.path_buffer,
        };
    }

    /// Charges `units` to the policy's rate limit (src/ratelimit.zig); null when spent, else the
    /// refusal to answer.
    pub fn charge(service: *Service, id: i64, units: u64) ?[]const u8 {
        const buffer = &service.response_buffer;
        if (mutation.removed(.rate_limit)) return null;
        // The spend commits a transaction of its own.
        service.direct.forgetGeneration();
        return switch (service.limiter.spend(service.socket, &service.batch, units)) {
            .spent => null,
            .limited => response.failure(
                buffer,
                id,
                .{ .code = "rate_limited", .message = "mutating request rate of the policy exceeded" },
            ),
            .too_costly => response.failure(
                buffer,
                id,
                .{
                    .code = "limit_exceeded",
                    .message = "the request costs more rate-limit units than the policy's burst; " ++
                        "split it or raise the burst",
                },
            ),
            .failed => |message| response.failure(buffer, id, .{ .code = "internal", .message = message }),
        };
    }

    fn arena(service: *Service) json.Arena {
        return .{ .nodes = service.memory.nodes, .strings = service.memory.strings };
    }

    /// Runs one listing and records the libnftables version and metainfo. The listing is
    /// `list flowtables`: libnftables 1.0.6 reads every element of every set in the namespace for
    /// `list tables` (40 s with one million elements, measured), but only the tables and their
    /// flowtables here, and opens the same files and socket either way. It changes nothing: the
    /// rate limit's table is created by the first charge (src/ratelimit.zig).
    pub fn warmUp(service: *Service) bool {
        const outcome = service.context.run("{\"nftables\":[{\"list\":{\"flowtables\":null}}]}", false, false);
        if (!outcome.ok) return false;
        var lines = std.mem.splitScalar(u8, outcome.output, '\n');
        while (lines.next()) |line| {
            if (line.len == 0) continue;
            const tree = switch (json.parse(line, service.arena(), output_limits)) {
                .ok => |value| value,
                .err => return false,
            };
            const items = tree.member(tree.root, "nftables");
            if (items == json.none or tree.kind(items) != .array) return false;
            var item = tree.first(items);
            while (item != json.none) : (item = tree.next(item)) {
                if (tree.kind(item) != .object) continue;
                const metainfo = tree.member(item, "metainfo");
                if (metainfo == json.none or tree.kind(metainfo) != .object) continue;
                const version = tree.member(metainfo, "version");
                if (version == json.none or tree.kind(version) != .string) continue;
                const text = tree.string(version);
                const length = @min(text.len, service.libnftables_version.len);
                @memcpy(service.libnftables_version[0..length], text[0..length]);
                service.libnftables_version_len = @intCast(length);
                var copy = Buffer.init(&service.metainfo);
                copy.writeNodeInOrder(&tree, metainfo);
                service.metainfo_len = if (copy.overflow) 0 else @intCast(copy.len);
            }
        }
        return service.libnftables_version_len > 0;
    }

    /// Handles one frame body; returns the response frame (header included), or nothing (an
    /// empty slice) for a part of a request larger than a frame.
    pub fn handle(service: *Service, body: []const u8) []const u8 {
        const judged = judge_module.judge(service.judgeContext(service.arena()), body);
        if (judged.verdict == .part) return service.assemble(&judged.tree.?, judged.verdict.part);
        if (service.assembly.id()) |assembling| {
            // Any other frame ends the assembly (src/assembly.zig).
            const frame_id: ?i64 = switch (judged.verdict) {
                .refused => |refused| refused.id,
                .hello => |id| id,
                .nft => |plan| plan.id,
                .sysctl => |plan| plan.id,
                .digest => |plan| plan.id,
                .part => unreachable,
            };
            const answered = service.assembly.state == .discarding;
            service.assembly.reset();
            // A frame of the same id answers for the request; a dropped request was answered.
            if (frame_id == assembling and answered) return "";
            if (frame_id != assembling and !answered) service.interrupted(assembling);
        }
        return service.respond(judged);
    }

    fn judgeContext(service: *Service, arena_value: json.Arena) judge_module.Context {
        return .{
            .arena = arena_value,
            .summaries = service.memory.summaries,
            .policy = &service.policy,
            .path_buffer = &service.path_buffer,
            .sysctl_items = &service.sysctl_items,
            .assembling = service.assembly.id(),
        };
    }

    /// A frame of a request larger than one frame: kept until the last, which completes the
    /// request; the whole is then judged and run as one frame would be.
    fn assemble(service: *Service, tree: *const json.Tree, part: judge_module.Part) []const u8 {
        if (service.assembly.id()) |assembling| {
            if (assembling != part.id) {
                if (service.assembly.state == .assembling) service.interrupted(assembling);
                service.assembly.reset();
            }
        }
        switch (service.assembly.add(tree, part)) {
            .pending => return "",
            .overflow => {
                var message_bytes: [160]u8 = undefined;
                const message = std.fmt.bufPrint(
                    &message_bytes,
                    "the request is larger than the {d} MiB the helper assembles; split it into several requests",
                    .{assembly_module.bytes_max >> 20},
                ) catch unreachable;
                return response.failure(
                    &service.response_buffer,
                    part.id,
                    .{ .code = "limit_exceeded", .message = message, .path = "/batch/nftables" },
                );
            },
            .complete => |text| {
                const whole = json.Arena{
                    .nodes = service.memory.assembly_nodes,
                    .strings = service.memory.assembly_strings,
                };
                return service.respond(judge_module.judge(service.judgeContext(whole), text));
            },
        }
    }

    /// Answers a request whose parts were followed by a frame of another request: nothing of it
    /// ran. Written at once; the other frame is answered next.
    fn interrupted(service: *Service, id: i64) void {
        const bytes = response.failure(&service.response_buffer, id, .{
            .code = "invalid_request",
            .message = "another request came before the last frame of this one; nothing of it was run",
        });
        frame.writeAll(1, bytes) catch {};
    }

    fn respond(service: *Service, judged: judge_module.Judged) []const u8 {
        switch (judged.verdict) {
            .refused => |refused| return response.failure(&service.response_buffer, refused.id, .{
                .code = refused.code,
                .message = refused.message,
                .command = refused.command,
                .path = refused.path,
            }),
            .hello => |id| return service.hello(id),
            .nft => |plan| return service.runNft(&judged.tree.?, plan),
            .sysctl => |plan| return service.runSysctl(plan),
            .digest => |plan| return state_digest.run(
                service.socket,
                &service.policy,
                service.memory.digest,
                &service.response_buffer,
                plan.id,
                plan.since,
            ),
            // Judged with the assembly's id: a part of the assembled text is not possible.
            .part => return response.failure(
                &service.response_buffer,
                judged.verdict.part.id,
                .{ .code = "invalid_request", .message = "a part inside a part" },
            ),
        }
    }

    fn hello(service: *Service, id: i64) []const u8 {
        const buffer = &service.response_buffer;
        response.begin(buffer, id, true);
        buffer.raw("{\"protocol\":1,\"helper\":");
        buffer.string(helper_version);
        buffer.raw(",\"libnftables\":");
        buffer.string(service.libnftables_version[0..service.libnftables_version_len]);
        buffer.raw(",\"metainfo\":");
        buffer.raw(if (service.metainfo_len > 0) service.metainfo[0..service.metainfo_len] else "null");
        buffer.raw(",\"frameMax\":");
        buffer.unsigned(frame.frame_bytes_max);
        buffer.raw(",\"responseMax\":");
        buffer.unsigned(frame.response_bytes_max);
        buffer.raw(",\"requestMax\":");
        buffer.unsigned(assembly_module.bytes_max);
        service.writePolicy(buffer);
        writeSandbox(buffer);
        buffer.raw("}}");
        return response.finish(buffer) orelse unreachable;
    }

    /// hello's `"policy":{…}` (without its closing brace).
    fn writePolicy(service: *Service, buffer: *Buffer) void {
        buffer.raw(",\"policy\":{\"tables\":[");
        for (service.policy.tables[0..service.policy.table_count], 0..) |*table, index| {
            if (index > 0) buffer.byte(',');
            buffer.raw("{\"family\":");
            buffer.string(@tagName(table.family));
            buffer.raw(",\"name\":");
            buffer.string(table.name());
            buffer.byte('}');
        }
        buffer.raw("],\"operations\":[");
        var first = true;
        inline for (std.meta.fields(policy_module.Operation)) |field| {
            const operation: policy_module.Operation = @enumFromInt(field.value);
            if (service.policy.allows(operation)) {
                if (!first) buffer.byte(',');
                first = false;
                buffer.string(field.name);
            }
        }
        buffer.raw("],\"sysctl\":");
        const allowlist = &service.policy.sysctl;
        sysctl.writeNameList(buffer, allowlist.entries[0..allowlist.count]);
        buffer.raw(",\"version\":");
        buffer.unsigned(service.policy.version);
        buffer.raw(",\"limits\":");
        resources.writeLimits(buffer, &service.policy.limits);
        if (service.policy.hostwide.enabled) {
            buffer.byte(',');
            hostwide.writeRestrictions(buffer, &service.policy.hostwide);
        }
        buffer.raw(",\"rate\":{\"perSecond\":");
        buffer.unsigned(service.policy.rate_per_second);
        buffer.raw(",\"burst\":");
        buffer.unsigned(service.policy.rate_burst);
        buffer.raw(",\"commandsPerUnit\":");
        buffer.unsigned(ratelimit.commands_per_unit);
        buffer.raw(",\"elementsPerUnit\":");
        buffer.unsigned(ratelimit.elements_per_unit);
    }

    /// hello's `},"sandbox":{…` (without its closing brace): the state read back from the kernel.
    fn writeSandbox(buffer: *Buffer) void {
        const sandbox = lockdown.report();
        buffer.raw("}},\"sandbox\":{\"seccomp\":");
        buffer.unsigned(sandbox.seccomp_mode);
        buffer.raw(",\"noNewPrivs\":");
        buffer.boolean(sandbox.no_new_privs);
        buffer.raw(",\"dumpable\":");
        buffer.boolean(sandbox.dumpable);
        const capabilities = [_]struct { name: []const u8, value: u64 }{
            .{ .name = "capEffective", .value = sandbox.cap_effective },
            .{ .name = "capPermitted", .value = sandbox.cap_permitted },
            .{ .name = "capInheritable", .value = sandbox.cap_inheritable },
            .{ .name = "capAmbient", .value = sandbox.cap_ambient },
        };
        for (capabilities) |capability| {
            buffer.raw(",\"");
            buffer.raw(capability.name);
            buffer.raw("\":\"");
            var hex: [16]u8 = undefined;
            _ = std.fmt.bufPrint(&hex, "{x:0>16}", .{capability.value}) catch unreachable;
            buffer.raw(&hex);
            buffer.byte('"');
        }
        buffer.raw(",\"boundingDropped\":");
        buffer.boolean(sandbox.bounding_dropped);
        buffer.raw(",\"uid\":");
        buffer.unsigned(sandbox.uid);
        buffer.raw(",\"pid\":");
        buffer.unsigned(@intCast(linux.getpid()));
    }

    fn runNft(service: *Service, tree: *const json.Tree, plan: judge_module.Plan) []const u8 {
        const buffer = &service.response_buffer;
        const id = plan.id;
        const operation = plan.operation;
        // A summary is of one `list table` only: asked of `list ruleset` or `list tables` it is
        // refused, not ignored.
        if (operation.summary) return service.runSummary(tree, id, operation.commands);
        if (plan.listing) |kind| return service.runListing(id, kind);
        const applies = plan.mutating and !operation.check;
        if (!plan.mutating and !operation.libnftables) {
            if (direct.Executor.listTarget(tree, operation.commands)) |target| {
                if (service.listSet(id, target, operation.stream)) |answer| return answer;
            }
        }
        const units = ratelimit.units(ratelimit.workOf(tree, operation.commands));
        // The executor: one nfnetlink transaction for element changes on sets it encodes
        // (src/direct.zig), libnftables for everything else. Same judge, policy, caps (the direct
        // path checks the sets' sizes itself, from their descriptions) and charge.
        if (applies and !operation.libnftables and direct.Executor.eligible(
            tree,
            operation.commands,
            operation.check,
            operation.echo,
        )) {
            switch (service.direct.run(service.directContext(), tree, id, operation.commands, units)) {
                .answer => |bytes| return bytes,
                .fallback => {},
            }
        }
        // Refused requests do not consume tokens: the caps are checked first.
        if (!mutation.removed(.census)) {
            if (service.resourceRefusal(id, tree, plan)) |bytes| return bytes;
        }
        if (applies) {
            if (service.charge(id, units)) |refusal| return refusal;
        }

        // Canonical input: fresh JSON written from the validated tree, never the client's bytes,
        // with the policy's rewrites (add as create, set sizes).
        var input = Buffer.init(service.memory.nft_input[0..nft_input_bytes_max]);
        if (mutation.removed(.canonical_forward)) {
            input.raw(tree.source);
        } else if (mutation.removed(.canonical_forward_batch)) {
            input.raw(clientBatchBytes(tree.source));
        } else {
            const summaries = service.memory.summaries[0..plan.command_count];
            writeCanonicalBatch(&input, tree, operation.commands, summaries, &service.policy);
        }
        if (input.overflow) {
            return response.failure(
                buffer,
                id,
                .{ .code = "limit_exceeded", .message = "request too large for libnftables input" },
            );
        }
        service.memory.nft_input[input.len] = 0;
        const text: [:0]const u8 = service.memory.nft_input[0..input.len :0];
        const outcome = service.context.run(text, operation.check, operation.echo);
        if (applies) service.direct.forgetGeneration();
        if (!outcome.ok) return service.nftFailure(id, outcome.error_text, tree, plan.command_count);
        return service.result(id, outcome.output, plan.mutating and !operation.check);
    }

    /// A decided sysctl request: a set takes a rate token, then the kernel is asked.
    fn runSysctl(service: *Service, plan: judge_module.SysctlPlan) []const u8 {
        const buffer = &service.response_buffer;
        if (!lockdown.sysctlDirectoryOpen()) {
            return response.failure(
                buffer,
                plan.id,
                .{ .code = "policy_denied", .message = "sysctl access is not configured" },
            );
        }
        if (!plan.set) return sysctl.runGet(buffer, plan.id, plan.items);
        // A sysctl_set costs one unit of the policy's rate limit (src/ratelimit.zig).
        if (service.charge(plan.id, 1)) |refusal| return refusal;
        return sysctl.runSet(buffer, plan.id, plan.items);
    }

    /// The caps that need the kernel's state (src/resources.zig): for each table the batch adds
    /// chains, sets, maps, rules or elements to, one listing of its declarations (with its rules
    /// only when the batch adds rules), then the batch played on those counts. Null when the
    /// batch stays within the caps, otherwise the refusal frame.
    fn resourceRefusal(service: *Service, id: i64, tree: *const json.Tree, plan: judge_module.Plan) ?[]const u8 {
        service.set_at_cap = false;
        const summaries = service.memory.summaries[0..plan.command_count];
        const policy = &service.policy;
        const cache = &service.set_sizes;
        var counted = std.StaticBitSet(policy_module.tables_max).initEmpty();
        var with_rules = std.StaticBitSet(policy_module.tables_max).initEmpty();
        var invalidating = false;
        for (summaries) |summary| {
            if (resources.changesSetDeclarations(summary)) invalidating = true;
            if (!resources.needsCensus(summary)) continue;
            const slot = policy.tableSlot(summary.family.?, summary.table) orelse continue;
            // Elements into a set of known size need no listing (resources.SizeCache).
            if (resources.addsElements(summary)) {
                const name = tree.string(tree.member(resources.commandObject(tree, summary.node), "name"));
                if (cache.get(summary.family.?, summary.table, name)) |size| {
                    if (size == policy.limits.elements_per_set) service.set_at_cap = true;
                    continue;
                }
            }
            counted.set(slot);
            if (resources.addsRules(summary)) with_rules.set(slot);
        }
        if (invalidating) cache.clear();
        var slots = counted.iterator(.{});
        while (slots.next()) |slot| {
            const table = &policy.tables[slot];
            const census = &service.census;
            census.reset(table.family, table.name());
            if (!service.listForCensus(
                table.family,
                table.name(),
                with_rules.isSet(slot),
                if (invalidating) null else cache,
            )) {
                return response.failure(
                    &service.response_buffer,
                    id,
                    .{
                        .code = "internal",
                        .message = "the table could not be listed to count it against the policy's limits",
                    },
                );
            }
            if (census.play(tree, summaries, &policy.limits)) |excess| {
                var text_bytes: [512]u8 = undefined;
                const text = if (excess.constant_set) |set| resources.constantSetMessage(
                    &text_bytes,
                    @tagName(table.family),
                    table.name(),
                    set,
                ) else if (excess.cap) |cap| std.fmt.bufPrint(
                    &text_bytes,
                    "{s} ({d})",
                    .{ excess.message, cap },
                ) catch excess.message else excess.message;
                return response.failure(&service.response_buffer, id, .{
                    .code = excess.code,
                    .message = text,
                    .command = excess.command,
                    .path = request.pointer(tree, excess.node, null, &service.path_buffer),
                });
            }
            if (census.target_at_cap) service.set_at_cap = true;
        }
        return null;
    }

    /// One terse listing into the census: the table with its rules, or the family's chain, set
    /// and map declarations (no elements either way). A table that does not exist counts empty.
    fn listForCensus(
        service: *Service,
        family: names.Family,
        table: []const u8,
        with_rules: bool,
        cache: ?*resources.SizeCache,
    ) bool {
        var input = Buffer.init(service.memory.nft_input[0..nft_input_bytes_max]);
        if (with_rules) {
            input.raw("{\"nftables\":[{\"list\":{\"table\":{\"family\":");
            input.string(@tagName(family));
            input.raw(",\"name\":");
            input.string(table);
            input.raw("}}}]}");
        } else {
            input.raw("{\"nftables\":[");
            for ([_][]const u8{ "chains", "sets", "maps" }, 0..) |kind, position| {
                if (position > 0) input.byte(',');
                input.raw("{\"list\":{\"");
                input.raw(kind);
                input.raw("\":{\"family\":");
                input.string(@tagName(family));
                input.raw("}}}");
            }
            input.raw("]}");
        }
        assert(!input.overflow);
        service.memory.nft_input[input.len] = 0;
        const outcome = service.context.runMode(service.memory.nft_input[0..input.len :0], .{ .terse = true });
        if (!outcome.ok) return with_rules and std.mem.indexOf(
            u8,
            outcome.error_text,
            "No such file or directory",
        ) != null;
        const census_arena = json.Arena{
            .nodes = service.memory.census_nodes,
            .strings = service.memory.census_strings,
        };
        var lines = std.mem.splitScalar(u8, outcome.output, '\n');
        while (lines.next()) |line| {
            if (line.len == 0) continue;
            const listed = switch (json.parse(line, census_arena, census_limits)) {
                .ok => |value| value,
                .err => return false,
            };
            service.census.absorb(&listed, cache, &service.policy.limits);
        }
        return true;
    }

    /// `list tables` and `list ruleset`, limited to the policy's tables. The ruleset listing
    /// asks libnftables only for the owned tables that exist, so other tables are never read,
    /// one command per table: libnftables 1.0.6 fills its cache for the table of one `list table`
    /// command only, so a second table in the same command buffer would not be found.
    fn runListing(service: *Service, id: i64, kind: schema.ObjectKind) []const u8 {
        // Which owned tables exist: one GETTABLE each on the helper's own socket. libnftables
        // 1.0.6 would read every element of every set in the namespace for `list tables`.
        var existing = std.StaticBitSet(policy_module.tables_max).initEmpty();
        var handles: [policy_module.tables_max]u64 = undefined;
        for (service.policy.tables[0..service.policy.table_count], 0..) |*table, slot| {
            const family = std.meta.stringToEnum(netlink.Family, @tagName(table.family)) orelse continue;
            switch (table_summary.tableHandle(service.socket, family, table.name())) {
                .found => |table_handle| {
                    existing.set(slot);
                    handles[slot] = table_handle;
                },
                .missing => {},
                .failed => return response.failure(
                    &service.response_buffer,
                    id,
                    .{ .code = "internal", .message = "the owned tables could not be read from the kernel" },
                ),
            }
        }
        if (kind == .tables) return service.tablesAnswer(id, &existing, &handles);
        var answer = Answer.begin(service, id, false);
        for (service.policy.tables[0..service.policy.table_count], 0..) |*table, slot| {
            if (!existing.isSet(slot)) continue;
            var input = Buffer.init(service.memory.nft_input[0..nft_input_bytes_max]);
            input.raw("{\"nftables\":[{\"list\":{\"table\":{\"family\":");
            input.string(@tagName(table.family));
            input.raw(",\"name\":");
            input.string(table.name());
            input.raw("}}}]}");
            assert(!input.overflow);
            service.memory.nft_input[input.len] = 0;
            const listing = service.context.run(service.memory.nft_input[0..input.len :0], false, false);
            if (!listing.ok) return service.nftFailure(id, listing.error_text, null, 1);
            if (answer.append(listing.output)) |failed| return failed;
        }
        return answer.finish();
    }

    /// `list tables`: the owned tables that exist, as libnftables renders them.
    fn tablesAnswer(
        service: *Service,
        id: i64,
        existing: *const std.StaticBitSet(policy_module.tables_max),
        handles: *const [policy_module.tables_max]u64,
    ) []const u8 {
        const buffer = &service.response_buffer;
        response.begin(buffer, id, true);
        buffer.raw("{\"nftables\":[");
        var written: u32 = 0;
        for (service.policy.tables[0..service.policy.table_count], 0..) |*table, slot| {
            if (!existing.isSet(slot)) continue;
            if (written > 0) buffer.byte(',');
            written += 1;
            table_summary.writeTable(buffer, @tagName(table.family), handles[slot], table.name());
        }
        buffer.raw("]}");
        return response.finish(buffer) orelse unreachable;
    }

    /// The success response: every output document of libnftables (one per listing command,
    /// plus echo), merged into one array, with metainfo and anything outside the policy dropped.
    fn result(service: *Service, id: i64, output: []const u8, applied: bool) []const u8 {
        var answer = Answer.begin(service, id, applied);
        if (answer.append(output)) |failed| return failed;
        return answer.finish();
    }

    /// A success response written in parts: the output of one or more libnftables commands.
    const Answer = struct {
        service: *Service,
        id: i64,
        applied: bool,
        written: u64 = 0,

        fn begin(service: *Service, id: i64, applied: bool) Answer {
            response.begin(&service.response_buffer, id, true);
            service.response_buffer.raw("{\"nftables\":[");
            return .{ .service = service, .id = id, .applied = applied };
        }

        /// Adds the owned items of one command's output; a failure response when it cannot.
        fn append(answer: *Answer, output: []const u8) ?[]const u8 {
            const service = answer.service;
            const buffer = &service.response_buffer;
            // libnftables writes one compact JSON document per line; strings escape newlines.
            var lines = std.mem.splitScalar(u8, output, '\n');
            while (lines.next()) |line| {
                if (line.len == 0) continue;
                const tree = switch (json.parse(line, service.arena(), output_limits)) {
                    .ok => |value| value,
                    .err => |failure| {
                        if (failure.class == .limit_exceeded) return service.tooLarge(answer.id, answer.applied);
                        return response.failure(buffer, answer.id, .{
                            .code = "internal",
                            .message = "libnftables output could not be parsed",
                            .applied = answer.applied,
                        });
                    },
                };
                const items = tree.member(tree.root, "nftables");
                if (items == json.none or tree.kind(items) != .array) continue;
                var item = tree.first(items);
                while (item != json.none) : (item = tree.next(item)) {
                    const owner = ownerOf(&tree, item) orelse continue;
                    const owned = mutation.removed(.listing_filter) or
                        service.policy.ownsTable(owner.family, owner.table);
                    if (!owned) continue;
                    if (answer.written > 0) buffer.byte(',');
                    buffer.writeNodeInOrder(&tree, item);
                    answer.written += 1;
                    if (buffer.overflow) return service.tooLarge(answer.id, answer.applied);
                }
            }
            return null;
        }

        fn finish(answer: *Answer) []const u8 {
            answer.service.response_buffer.raw("]}");
            const service = answer.service;
            return response.finish(&service.response_buffer) orelse service.tooLarge(answer.id, answer.applied);
        }
    };

    fn tooLarge(service: *Service, id: i64, applied: bool) []const u8 {
        return response.failure(&service.response_buffer, id, .{
            .code = "response_too_large",
            .message = "the answer would exceed the response frame limit",
            .applied = applied,
        });
    }

    /// libnftables refused: the code and message are rebuilt by src/nft_error.zig (never its text
    /// as it is), prefixed with the failing command as the request wrote it, when known.
    fn nftFailure(
        service: *Service,
        id: i64,
        error_text: []const u8,
        tree: ?*const json.Tree,
        command_count: u32,
    ) []const u8 {
        var explained_bytes: [1024]u8 = undefined;
        const explained = if (mutation.removed(.error_text))
            nft_error.Explained{ .code = "nft_failed", .errno = null, .message = error_text }
        else
            nft_error.explain(error_text, &explained_bytes);
        var command: ?u32 = null;
        if (command_count == 1) command = 0;
        if (commandIndexFromError(error_text)) |index| {
            if (index < command_count) command = index;
        }
        var message_bytes: [2048]u8 = undefined;
        var message = Buffer.init(&message_bytes);
        if (command != null and tree != null) {
            describeCommand(&message, tree.?, service.memory.summaries[command.?]);
        } else if (command_count > 1) {
            message.raw("one of the batch's ");
            message.unsigned(command_count);
            message.raw(" commands");
        } else {
            message.raw("the listing of the policy's tables");
        }
        message.raw(": ");
        message.raw(explained.message);
        // ENFILE from an element insertion: a set is full (its size is reached).
        var code = explained.code;
        if (explained.errno) |errno| {
            if (std.mem.eql(u8, errno.name, "ENFILE")) {
                if (service.set_at_cap) {
                    code = "policy_denied";
                    message.raw(": a set of the batch is full at the policy's limits.elementsPerSet (");
                    message.unsigned(service.policy.limits.elements_per_set);
                    message.raw(")");
                } else {
                    message.raw(": a set of the batch is full (its size is reached)");
                }
            }
        }
        return response.failure(&service.response_buffer, id, .{
            .code = code,
            .message = if (message.overflow) explained.message else message.bytes[0..message.len],
            .command = command,
        });
    }
};

/// "add chain inet app input": the command's verb, object, family, table and name, every part
/// taken from the request (names the validator has checked), so nothing of other tables.
fn describeCommand(out: *Buffer, tree: *const json.Tree, summary: validate.Summary) void {
    out.raw(@tagName(summary.verb));
    out.byte(' ');
    out.raw(summary.kind.jsonName());
    const family = summary.family orelse return;
    out.byte(' ');
    out.raw(@tagName(family));
    out.byte(' ');
    out.raw(summary.table);
    if (summary.kind == .table) return;
    const object = tree.next(tree.first(tree.next(tree.first(summary.node))));
    const name_field: []const u8 = switch (summary.kind) {
        .rule => "chain",
        else => "name",
    };
    const name = tree.member(object, name_field);
    if (name != json.none and tree.kind(name) == .string) {
        out.byte(' ');
        out.raw(tree.string(name));
    }
    const handle = tree.member(object, "handle");
    if (handle != json.none and tree.kind(handle) == .integer) {
        out.raw(" handle ");
        out.integer(tree.integer(handle));
    }
}

/// {"nftables":[<command>,…]}: every command re-serialised canonically from the tree, with the
/// policy's rewrites (writeCommand). `summaries` are the judge's, one per command.
pub fn writeCanonicalBatch(
    input: *Buffer,
    tree: *const json.Tree,
    commands: u32,
    summaries: []const validate.Summary,
    policy: *const policy_module.Policy,
) void {
    input.raw("{\"nftables\":[");
    var command = tree.first(commands);
    var index: u32 = 0;
    while (command != json.none) : ({
        command = tree.next(command);
        index += 1;
    }) {
        if (index > 0) input.byte(',');
        writeCommand(input, tree, command, summaries[index], policy);
    }
    assert(index == summaries.len);
    input.raw("]}");
}

/// One command as libnftables gets it: `add` as `create` when the policy does not allow add to
/// change what exists (policy.addIsCreate), and a set or map without a size given the policy's
/// cap (src/resources.zig). Otherwise the command as the request wrote it, canonically.
fn writeCommand(
    input: *Buffer,
    tree: *const json.Tree,
    command: u32,
    summary: validate.Summary,
    policy: *const policy_module.Policy,
) void {
    const as_create = summary.verb == .add and policy.addIsCreate(summary.kind);
    const declares_set = (summary.kind == .set or summary.kind == .map) and (summary.verb == .add or
        summary.verb == .create);
    const object = resources.commandObject(tree, command);
    const sized = declares_set and tree.member(object, "size") == json.none and !mutation.removed(.set_size);
    if (!as_create and !sized) return input.writeNode(tree, command);
    const extras = [_]writer_module.Buffer.Extra{.{
        .key = "size",
        .value = .{ .unsigned = policy.limits.elements_per_set },
    }};
    const kind_key = tree.first(tree.next(tree.first(command)));
    input.byte('{');
    input.string(if (as_create) "create" else @tagName(summary.verb));
    input.raw(":{");
    input.string(tree.string(kind_key));
    input.byte(':');
    if (sized) input.writeObjectWith(tree, object, &extras) else input.writeNode(tree, object);
    input.raw("}}");
}

/// libnftables' listings for the census: like output_limits.
const census_limits = output_limits;

/// Mutation testing only (`-Dmutate=canonical_forward_batch`): the client's own bytes of the
/// `batch` member, as a helper that forwarded them would send. The mutant is expected to be
/// equivalent for valid requests (docs: threat-model/mutation-score.md).
fn clientBatchBytes(source: []const u8) []const u8 {
    const key = "\"batch\":";
    const start = (std.mem.indexOf(u8, source, key) orelse 0) + key.len;
    var depth: u32 = 0;
    var end = start;
    var in_string = false;
    while (end < source.len) : (end += 1) {
        const character = source[end];
        if (in_string) {
            if (character == '\\') end += 1 else if (character == '"') in_string = false;
            continue;
        }
        if (character == '"') in_string = true;
        if (character == '{' or character == '[') depth += 1;
        if (character == '}' or character == ']') {
            depth -= 1;
            if (depth == 0) return source[start .. end + 1];
        }
    }
    return source[start..end];
}

const Owner = struct { family: names.Family, table: []const u8 };

/// The table of `[{"list": {"table": {"family": F, "name": N}}}]` (as the judge validated it).
fn summaryTarget(tree: *const json.Tree, commands: u32) ?struct { family: netlink.Family, table: []const u8 } {
    if (tree.count(commands) != 1) return null;
    const command = tree.first(commands);
    if (tree.count(command) != 1 or !std.mem.eql(u8, tree.string(tree.first(command)), "list")) return null;
    const object = tree.next(tree.first(command));
    if (tree.kind(object) != .object or tree.count(object) != 1 or !std.mem.eql(
        u8,
        tree.string(tree.first(object)),
        "table",
    )) return null;
    const body = tree.next(tree.first(object));
    const family = tree.member(body, "family");
    const name = tree.member(body, "name");
    if (family == json.none or name == json.none) return null;
    if (tree.kind(family) != .string or tree.kind(name) != .string) return null;
    return .{ .family = std.meta.stringToEnum(
        netlink.Family,
        tree.string(family),
    ) orelse return null, .table = tree.string(name) };
}

/// The table an output item belongs to: {"kind": {"family", "table"|"name"}}, or the same
/// wrapped in one command (echo output). Anything else belongs to no table and is dropped.
fn ownerOf(tree: *const json.Tree, item: u32) ?Owner {
    var node = item;
    var level: u32 = 0;
    while (level < 2) : (level += 1) {
        if (tree.kind(node) != .object or tree.count(node) != 1) return null;
        const key = tree.first(node);
        const name = tree.string(key);
        const value = tree.next(key);
        if (std.meta.stringToEnum(schema.Verb, name) != null and level == 0) {
            node = value;
            continue;
        }
        if (std.mem.eql(u8, name, "metainfo")) return null;
        if (tree.kind(value) != .object) return null;
        const family_node = tree.member(value, "family");
        const table_node = tree.member(value, if (std.mem.eql(u8, name, "table")) "name" else "table");
        if (family_node == json.none or table_node == json.none) return null;
        if (tree.kind(family_node) != .string or tree.kind(table_node) != .string) return null;
        const family = names.familyFromString(tree.string(family_node)) orelse return null;
        return .{ .family = family, .table = tree.string(table_node) };
    }
    return null;
}

/// libnftables 1.0.6 reports JSON parse failures as "... command array at index N failed."
fn commandIndexFromError(text: []const u8) ?u32 {
    const marker = "command array at index ";
    const start = std.mem.indexOf(u8, text, marker) orelse return null;
    const digits_start = start + marker.len;
    var end = digits_start;
    while (end < text.len and end - digits_start < 6 and std.ascii.isDigit(text[end])) end += 1;
    if (end == digits_start) return null;
    return std.fmt.parseInt(u32, text[digits_start..end], 10) catch null;
}
