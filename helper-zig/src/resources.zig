//! The kernel resources an owned table may hold, capped by the policy ("limits", any version):
//!
//!   "limits": {"elementsPerSet": 131072, "setsPerTable": 16, "chainsPerTable": 128, "rulesPerTable": 8192}
//!
//! (each member optional; these are the defaults, also for a policy without the key).
//!
//! - Elements per set: the kernel enforces a set's `size` on every insertion (from requests and
//!   from the packet path), so the helper gives every set and map it creates a size: the cap when
//!   the request names none (written into the canonical command, so it is visible in listings),
//!   and refuses a size above the cap, a size of 0 (unbounded) and an element command carrying
//!   more elements than the cap. Elements for a set that the batch does not declare are accepted
//!   only into a set whose size is at most the cap (one listing of the sets' declarations per
//!   batch, without their elements); a set without size (created before this rule, or by root)
//!   is refused until a batch declares it again: the kernel (6.x) takes the new size of an
//!   existing set, and the helper gives the declaration its size. When the kernel answers ENFILE (a set is full)
//!   and a set of the batch has the cap as its size, the answer is `policy_denied` naming the cap.
//! - Anonymous sets (a set written inside a rule, `{"set": [...]}`, is a kernel set too): the
//!   elements of all of a table's anonymous sets together count against elementsPerSet, from
//!   the table's listing and the batch's rules (a rule's own anonymous sets are checked from the
//!   request alone). Deleting or replacing one rule does not give its count back until a flush
//!   of its chain or table (the census knows chains, not single rules): at worst a refusal early.
//! - Sets (and maps), chains and rules per table: counted from a listing of each table that the
//!   batch adds them to (declarations only; rules only when the batch adds rules), then the batch
//!   is played on the counts in order (new names, deletes, flushes) and refused when a count would
//!   end above its cap.
//!
//! Pure parts (`parse`, `requestRefusal`, `Census`) are unit tested; service.zig runs the listings.

const std = @import("std");
const mutation = @import("mutation.zig");
const assert = std.debug.assert;
const json = @import("json.zig");
const names = @import("names.zig");
const validate = @import("validate.zig");
const writer_module = @import("writer.zig");
const statements = @import("validate/statements.zig");

pub const Limits = struct {
    elements_per_set: u32 = 131072,
    sets_per_table: u32 = 16,
    chains_per_table: u32 = 128,
    rules_per_table: u32 = 8192,
};

/// Largest value a policy may give each cap.
pub const elements_per_set_max: u32 = 16 * 1024 * 1024;
pub const objects_per_table_max: u32 = 65536;
pub const rules_per_table_max: u32 = 1024 * 1024;

pub const Parsed = union(enum) { ok: Limits, err: []const u8 };

/// The caps as `hello` reports them: {"elementsPerSet":N,"setsPerTable":N,…}.
pub fn writeLimits(buffer: *writer_module.Buffer, limits: *const Limits) void {
    buffer.raw("{\"elementsPerSet\":");
    buffer.unsigned(limits.elements_per_set);
    buffer.raw(",\"setsPerTable\":");
    buffer.unsigned(limits.sets_per_table);
    buffer.raw(",\"chainsPerTable\":");
    buffer.unsigned(limits.chains_per_table);
    buffer.raw(",\"rulesPerTable\":");
    buffer.unsigned(limits.rules_per_table);
    buffer.byte('}');
}

pub fn parse(tree: *const json.Tree, node: u32) Parsed {
    var limits = Limits{};
    if (tree.kind(node) != .object) return .{ .err = "policy limits must be an object" };
    const Member = struct { name: []const u8, max: u32, target: *u32 };
    const members = [_]Member{
        .{ .name = "elementsPerSet", .max = elements_per_set_max, .target = &limits.elements_per_set },
        .{ .name = "setsPerTable", .max = objects_per_table_max, .target = &limits.sets_per_table },
        .{ .name = "chainsPerTable", .max = objects_per_table_max, .target = &limits.chains_per_table },
        .{ .name = "rulesPerTable", .max = rules_per_table_max, .target = &limits.rules_per_table },
    };
    var key = tree.first(node);
    var remaining = tree.count(node);
    while (remaining > 0) : (remaining -= 1) {
        const value = tree.next(key);
        var known = false;
        for (members) |member| {
            if (!std.mem.eql(u8, member.name, tree.string(key))) continue;
            known = true;
            if (tree.kind(value) != .integer or tree.negative(value) or tree.magnitude(value) < 1 or
                tree.magnitude(value) > member.max)
            {
                return .{ .err = "policy limits: each cap is an integer from 1 to its maximum (elementsPerSet " ++
                    "16777216, setsPerTable and chainsPerTable 65536, rulesPerTable 1048576)" };
            }
            member.target.* = @intCast(tree.magnitude(value));
        }
        if (!known) return .{ .err = "unknown field in the policy limits" };
        key = tree.next(value);
    }
    return .{ .ok = limits };
}

pub const Refusal = struct { message: []const u8, node: u32 };

/// What the request alone shows: a set or map declared with a size above the cap or of 0,
/// element lists longer than the cap, and a rule whose anonymous sets hold more elements than
/// it. Pure; judge.zig calls it for every command.
pub fn requestRefusal(limits: *const Limits, tree: *const json.Tree, summary: validate.Summary) ?Refusal {
    switch (summary.verb) {
        .add, .create => {},
        .insert, .replace => if (summary.kind != .rule) return null,
        else => return null,
    }
    const object = commandObject(tree, summary.node);
    switch (summary.kind) {
        .set, .map => {
            const size = tree.member(object, "size");
            if (size != json.none) {
                if (tree.magnitude(size) == 0) {
                    return .{
                        .message = "a set size of 0 means unbounded; leave size out to get the policy's elementsPerSet",
                        .node = size,
                    };
                }
                if (tree.magnitude(size) > limits.elements_per_set) {
                    return .{ .message = "the set's size is above the policy's limits.elementsPerSet", .node = size };
                }
            }
        },
        .element => {},
        .rule => {
            if (anonymousElements(tree, object) > limits.elements_per_set) return .{
                .message = "more elements in the rule's anonymous sets than the policy's limits.elementsPerSet " ++
                    "(a long list belongs in a named set)",
                .node = object,
            };
            return null;
        },
        else => return null,
    }
    const elements = tree.member(object, "elem");
    // One element may stand alone, without a list around it.
    const listed = elements != json.none and tree.kind(elements) == .array;
    if (listed and tree.count(elements) > limits.elements_per_set) {
        return .{ .message = "more elements than the policy's limits.elementsPerSet in one command", .node = elements };
    }
    return null;
}

pub fn commandObject(tree: *const json.Tree, command: u32) u32 {
    return tree.next(tree.first(tree.next(tree.first(command))));
}

/// The elements of the anonymous sets (`{"set": [...]}`) anywhere below `node`. The parser
/// appends nodes in document order, so a subtree is the run of nodes from `node` to its last
/// descendant; every member named "set" whose value is an array is counted (in a rule that is an
/// anonymous set; a named set is referenced by a string).
pub fn anonymousElements(tree: *const json.Tree, node: u32) u64 {
    if (mutation.removed(.anonymous_elements)) return 0;
    var last = node;
    var depth: u32 = 0;
    while (depth <= json_depth_bound) : (depth += 1) {
        const kind = tree.kind(last);
        if ((kind != .object and kind != .array) or tree.count(last) == 0) break;
        var child = tree.first(last);
        while (tree.next(child) != json.none) child = tree.next(child);
        last = child;
    } else unreachable;
    var total: u64 = 0;
    var index = node;
    while (index < last) : (index += 1) {
        if (tree.kind(index) != .string or tree.next(index) != index + 1) continue;
        if (tree.kind(index + 1) != .array or !std.mem.eql(u8, tree.string(index), "set")) continue;
        total += tree.count(index + 1);
    }
    return total;
}

/// Deeper than any document the helper parses (requests and listings).
const json_depth_bound: u32 = 256;

/// True for the commands whose table the census lists before the batch runs: what adds counted
/// objects or elements, and every rule (the crash shape below needs the table's sets and maps).
pub fn needsCensus(summary: validate.Summary) bool {
    return addsCounted(summary) or addsElements(summary) or (summary.kind == .rule and summary.verb == .replace);
}

/// True for the commands that add counted objects.
pub fn addsCounted(summary: validate.Summary) bool {
    return switch (summary.verb) {
        .add, .create => summary.kind == .chain or summary.kind == .set or summary.kind == .map or
            summary.kind == .rule,
        .insert => summary.kind == .rule,
        else => false,
    };
}

/// True for the commands that put rules (and their anonymous sets) into the table: the census
/// then lists the table with its rules.
pub fn addsRules(summary: validate.Summary) bool {
    return summary.kind == .rule and (summary.verb == .add or summary.verb == .create or summary.verb == .insert or
        summary.verb == .replace);
}

pub fn addsElements(summary: validate.Summary) bool {
    return summary.kind == .element and (summary.verb == .add or summary.verb == .create);
}

/// The sizes of sets and maps a census found bounded (a size from 1 to the cap), kept between
/// batches: a batch that only adds elements to sets known here needs no listing. Only a
/// declaration makes a set's size change, and every declaration the helper sends carries a size
/// within the cap; a batch that declares or deletes sets or maps, or deletes a table, empties the
/// cache before it runs (service.zig). Someone outside the helper (root) can still change a set
/// behind it: out of the helper's reach anyway (threat-model R-7).
pub const SizeCache = struct {
    slots: [size_cache_capacity]Slot = [_]Slot{.{}} ** size_cache_capacity,
    count: u32 = 0,

    const Slot = struct { hash: u64 = 0, size: u32 = 0 };

    fn hashOf(family: names.Family, table: []const u8, name: []const u8) u64 {
        var hasher = std.hash.Wyhash.init(@intFromEnum(family));
        hasher.update(table);
        hasher.update("\x00");
        hasher.update(name);
        const value = hasher.final();
        return if (value == 0) 1 else value;
    }

    fn find(cache: *const SizeCache, hash: u64) ?usize {
        var index: usize = @intCast(hash & (size_cache_capacity - 1));
        var probes: usize = 0;
        while (probes < size_cache_capacity) : (probes += 1) {
            const slot = cache.slots[index];
            if (slot.hash == 0 or slot.hash == hash) return index;
            index = (index + 1) & (size_cache_capacity - 1);
        }
        return null;
    }

    pub fn get(cache: *const SizeCache, family: names.Family, table: []const u8, name: []const u8) ?u32 {
        const hash = hashOf(family, table, name);
        const index = cache.find(hash) orelse return null;
        if (cache.slots[index].hash != hash) return null;
        return cache.slots[index].size;
    }

    /// Half full at most; beyond that, sets are simply not remembered.
    pub fn put(cache: *SizeCache, family: names.Family, table: []const u8, name: []const u8, size: u32) void {
        assert(size > 0);
        const hash = hashOf(family, table, name);
        const index = cache.find(hash) orelse return;
        if (cache.slots[index].hash == 0) {
            if (cache.count * 2 >= size_cache_capacity) return;
            cache.count += 1;
        }
        cache.slots[index] = .{ .hash = hash, .size = size };
    }

    pub fn clear(cache: *SizeCache) void {
        if (cache.count == 0) return;
        @memset(&cache.slots, .{});
        cache.count = 0;
    }
};

pub const size_cache_capacity: u32 = 1024;

/// True for the commands after which the size cache may be wrong: a set or map declared or
/// deleted, a table deleted.
pub fn changesSetDeclarations(summary: validate.Summary) bool {
    return switch (summary.kind) {
        .set, .map => summary.verb == .add or summary.verb == .create or summary.verb == .delete,
        .table => summary.verb == .delete,
        else => false,
    };
}

pub const Kind = enum(u8) { empty, chain, set };

/// Elements added to a set the kernel does not bound: it has no size (created before the
/// policy's limits, or by root).
pub const unsized_set_refusal = "the set has no size, so the kernel does not bound it: declare it again in " ++
    "the batch (add set with its type) and the helper gives it the policy's limits.elementsPerSet";
pub const oversized_set_refusal = "the set's size is above the policy's limits.elementsPerSet: declare it again in " ++
    "the batch with a size within it";
/// Elements added to a constant set, refused on both paths before anything is sent: libnftables
/// sizes a constant set to the elements it is created with and then reports the kernel's ENFILE
/// ("Too many open files in system"); a constant set created empty has no size at all.
const constant_set_refusal = "is constant: its elements are the ones it was created with; " ++
    "to change them, delete the set and add it again with its elements";

/// "set inet app c is constant: …", the refusal of elements for a constant set on both paths.
pub fn constantSetMessage(out: []u8, family: []const u8, table: []const u8, set: []const u8) []const u8 {
    return std.fmt.bufPrint(out, "set {s} {s} {s} " ++ constant_set_refusal, .{ family, table, set }) catch
        "the set " ++ constant_set_refusal;
}
/// What libnftables answers for the same batch (the kernel refuses it).
pub const constant_set_code = "nft_failed";

/// Where a batch goes above the policy's limits: the message, the cap it names, the command;
/// or (code invalid_request, no cap) a crash shape that the kernel's state shows.
pub const Excess = struct {
    message: []const u8,
    cap: ?u64,
    command: u32,
    node: u32,
    code: []const u8 = "policy_denied",
    /// Elements for this constant set (the message is then constantSetMessage's).
    constant_set: ?[]const u8 = null,
};

fn crashRefusal(index: usize, shape: Shape) Excess {
    return .{
        .message = shape.message,
        .cap = null,
        .command = @intCast(index),
        .node = shape.node,
        .code = "invalid_request",
    };
}

/// A crash shape found in a rule: the node to name and why.
const Shape = struct { node: u32, message: []const u8 };

/// One chain or set of a listed table.
pub const Entry = struct {
    hash: u64 = 0,
    handle: u64 = 0,
    /// Chains: rules in it. Sets: declared size (0: none).
    count: u32 = 0,
    /// Chains: elements of its rules' anonymous sets.
    anonymous: u32 = 0,
    kind: Kind = .empty,
    /// Sets: a map (it has data), not a plain set.
    map: bool = false,
    /// Maps: the data is a concatenation (`ipv4_addr . inet_service`).
    concat_data: bool = false,
    /// Sets: flag `constant`: its elements are those it was created with.
    constant: bool = false,
    /// Entries of earlier censuses are stale: no clearing between tables.
    generation: u32 = 0,
};

pub const entries_capacity: u32 = 1 << 18;

/// The objects of one table: filled from listing output (`absorb`), then the batch is played on
/// it (`play`). Open addressing over hashes of kind and name; bounded.
pub const Census = struct {
    entries: []Entry,
    generation: u32 = 1,
    family: names.Family = .inet,
    table: []const u8 = "",
    chains: u64 = 0,
    sets: u64 = 0,
    rules: u64 = 0,
    /// Elements of the anonymous sets of the table's rules.
    anonymous: u64 = 0,
    /// More objects than the entry table can hold: the table is certainly above any cap.
    overflow: bool = false,
    /// An element command of the batch goes into a set whose size is the cap: a full set
    /// (ENFILE) is then the policy's limit.
    target_at_cap: bool = false,

    pub fn reset(census: *Census, family: names.Family, table: []const u8) void {
        assert(census.entries.len == entries_capacity);
        census.generation +%= 1;
        if (census.generation == 0) {
            @memset(census.entries, .{});
            census.generation = 1;
        }
        census.family = family;
        census.table = table;
        census.chains = 0;
        census.sets = 0;
        census.rules = 0;
        census.anonymous = 0;
        census.overflow = false;
    }

    fn hashOf(kind: Kind, name: []const u8) u64 {
        var hasher = std.hash.Wyhash.init(@intFromEnum(kind));
        hasher.update(name);
        const value = hasher.final();
        return if (value == 0) 1 else value;
    }

    fn slot(census: *Census, kind: Kind, name: []const u8, insert: bool) ?*Entry {
        const hash = hashOf(kind, name);
        const mask = census.entries.len - 1;
        var index: usize = @intCast(hash & mask);
        var probes: usize = 0;
        while (probes < census.entries.len) : (probes += 1) {
            const entry = &census.entries[index];
            if (entry.generation != census.generation) {
                if (!insert) return null;
                // Half full at most: beyond that the table is reported as overflowing.
                if ((census.chains + census.sets) * 2 >= census.entries.len) {
                    census.overflow = true;
                    return null;
                }
                entry.* = .{ .hash = hash, .kind = kind, .generation = census.generation };
                return entry;
            }
            if (entry.hash == hash and entry.kind == kind) return entry;
            index = (index + 1) & mask;
        }
        census.overflow = true;
        return null;
    }

    fn present(census: *Census, kind: Kind, name: []const u8) ?*Entry {
        const entry = census.slot(kind, name, false) orelse return null;
        return if (entry.kind == .empty) null else entry;
    }

    fn byHandle(census: *Census, kind: Kind, handle: u64) ?*Entry {
        for (census.entries) |*entry| {
            if (entry.generation == census.generation and entry.kind == kind and entry.handle == handle) return entry;
        }
        return null;
    }

    fn addObject(census: *Census, kind: Kind, name: []const u8, handle: u64, count: u32) void {
        if (census.present(kind, name) != null) return;
        const entry = census.slot(kind, name, true) orelse return;
        entry.handle = handle;
        entry.count = count;
        switch (kind) {
            .chain => census.chains += 1,
            .set => census.sets += 1,
            .empty => unreachable,
        }
    }

    fn removeObject(census: *Census, entry: *Entry) void {
        switch (entry.kind) {
            .chain => {
                census.chains -= 1;
                census.rules -|= entry.count;
                census.anonymous -|= entry.anonymous;
            },
            .set => census.sets -= 1,
            .empty => unreachable,
        }
        // Kept in the probe chain as a tombstone of no kind.
        entry.kind = .empty;
        entry.generation = census.generation;
    }

    /// Takes in one libnftables output document (`{"nftables":[…]}`): chains, sets, maps and
    /// rules of the census' table; everything else is skipped. Bounded sets (a size from 1 to
    /// `limits`' cap) also go into `cache`, when given.
    pub fn absorb(census: *Census, tree: *const json.Tree, cache: ?*SizeCache, limits: *const Limits) void {
        const items = tree.member(tree.root, "nftables");
        if (items == json.none or tree.kind(items) != .array) return;
        var item = tree.first(items);
        while (item != json.none) : (item = tree.next(item)) {
            if (tree.kind(item) != .object or tree.count(item) != 1) continue;
            const key = tree.first(item);
            const value = tree.next(key);
            if (tree.kind(value) != .object) continue;
            const kind_name = tree.string(key);
            const is_rule = std.mem.eql(u8, kind_name, "rule");
            const kind: Kind = if (std.mem.eql(
                u8,
                kind_name,
                "chain",
            )) .chain else if (std.mem.eql(
                u8,
                kind_name,
                "set",
            ) or std.mem.eql(u8, kind_name, "map")) .set else if (is_rule) .chain else continue;
            if (!census.ownsItem(tree, value)) continue;
            const name_node = tree.member(value, if (is_rule) "chain" else "name");
            if (name_node == json.none or tree.kind(name_node) != .string) continue;
            const name = tree.string(name_node);
            if (is_rule) {
                census.addRule(name, anonymousElements(tree, value));
                continue;
            }
            const size: u32 = @intCast(@min(unsigned(tree, tree.member(value, "size")), std.math.maxInt(u32)));
            census.addObject(kind, name, unsigned(tree, tree.member(value, "handle")), size);
            if (cache) |known| {
                if (kind == .set and size > 0 and size <= limits.elements_per_set) known.put(
                    census.family,
                    census.table,
                    name,
                    size,
                );
            }
            if (kind == .set and hasFlag(tree, value, "constant")) {
                if (census.present(.set, name)) |entry| entry.constant = true;
            }
            if (std.mem.eql(u8, kind_name, "map")) {
                if (census.present(.set, name)) |entry| {
                    entry.map = true;
                    entry.concat_data = concatenated(tree, tree.member(value, "map"));
                }
            }
        }
    }

    fn ownsItem(census: *const Census, tree: *const json.Tree, value: u32) bool {
        const family = tree.member(value, "family");
        const table = tree.member(value, "table");
        if (family == json.none or table == json.none or tree.kind(family) != .string or
            tree.kind(table) != .string) return false;
        return names.familyFromString(tree.string(family)) == census.family and std.mem.eql(
            u8,
            tree.string(table),
            census.table,
        );
    }

    /// Plays the batch's commands on this table's counts, in order, and returns the first cap
    /// the table goes above, or an element command into a set that the kernel would not bound
    /// at the cap (no size, or a larger one). Sets the batch declares count with the size they
    /// will have (the request's, else the cap). A set the census does not know is left to
    /// libnftables (not_found).
    pub fn play(
        census: *Census,
        tree: *const json.Tree,
        summaries: []const validate.Summary,
        limits: *const Limits,
    ) ?Excess {
        census.target_at_cap = false;
        for (summaries, 0..) |summary, index| {
            if (summary.family != census.family or !std.mem.eql(u8, summary.table, census.table)) continue;
            const object = commandObject(tree, summary.node);
            switch (summary.verb) {
                .add, .create => switch (summary.kind) {
                    .chain => census.addObject(.chain, stringMember(tree, object, "name"), 0, 0),
                    .set, .map => {
                        // The kernel takes a new size for a set that exists (add), so a set
                        // declared again is bounded from then on.
                        const requested = unsigned(tree, tree.member(object, "size"));
                        const size: u32 = if (requested == 0) limits.elements_per_set else @intCast(requested);
                        const name = stringMember(tree, object, "name");
                        if (census.present(.set, name)) |entry| entry.count = size else census.addObject(
                            .set,
                            name,
                            0,
                            size,
                        );
                        if (census.present(.set, name)) |entry| {
                            entry.map = summary.kind == .map;
                            entry.concat_data = concatenated(tree, tree.member(object, "map"));
                        }
                    },
                    .rule => {
                        if (census.crashShape(tree, object)) |shape| return crashRefusal(index, shape);
                        census.addRule(stringMember(tree, object, "chain"), anonymousElements(tree, object));
                    },
                    .element => if (census.elementsRefusal(tree, object, limits)) |message| {
                        if (message.number == null) return .{
                            .message = "",
                            .cap = null,
                            .command = @intCast(index),
                            .node = object,
                            .code = constant_set_code,
                            .constant_set = message.text,
                        };
                        return .{
                            .message = message.text,
                            .cap = message.number,
                            .command = @intCast(index),
                            .node = object,
                        };
                    },
                    else => {},
                },
                .insert, .replace => if (summary.kind == .rule) {
                    if (census.crashShape(tree, object)) |shape| return crashRefusal(index, shape);
                    const chain = stringMember(tree, object, "chain");
                    if (summary.verb == .insert) census.addRule(chain, anonymousElements(tree, object));
                    // A replaced rule's old anonymous elements stay counted (see the top).
                    if (summary.verb == .replace) census.addAnonymous(chain, anonymousElements(tree, object));
                },
                .delete => census.delete(tree, summary, object),
                .flush => census.flush(tree, summary, object),
                else => {},
            }
            if (census.excess(limits)) |found| {
                return .{ .message = found.message, .cap = found.cap, .command = @intCast(index), .node = object };
            }
        }
        return null;
    }

    /// The known crash shapes of libnftables 1.0.6 that only the kernel's state shows, in an
    /// snat/dnat whose address is looked up in a named set or map (`"addr": {"map": {"data":
    /// "@NAME"}}`): the name is a set, not a map (a set has no data; libnftables dereferences
    /// NULL); or the map's data is a concatenation (address . port) and the statement has a
    /// `port` beside it (libnftables aborts in netlink_gen_nat_stmt). The validators refuse both
    /// for what the batch declares (a map with concatenated data cannot be declared at all);
    /// here for what exists already, e.g. made by root with nft. Returns the offending node.
    fn crashShape(census: *Census, tree: *const json.Tree, rule: u32) ?Shape {
        const expressions = tree.member(rule, "expr");
        if (expressions == json.none or tree.kind(expressions) != .array) return null;
        var statement = tree.first(expressions);
        while (statement != json.none) : (statement = tree.next(statement)) {
            if (tree.kind(statement) != .object or tree.count(statement) != 1) continue;
            const key = tree.first(statement);
            const name = tree.string(key);
            if (!std.mem.eql(u8, name, "snat") and !std.mem.eql(u8, name, "dnat")) continue;
            const value = tree.next(key);
            const lookup = statements.natSetLookup(tree, value) orelse continue;
            const entry = census.present(.set, lookup.name) orelse continue;
            if (!entry.map and !mutation.removed(.crash_nat_set)) return .{
                .node = lookup.node,
                .message = "snat/dnat to a lookup in a set, not a map: libnftables 1.0.6 crashes on it",
            };
            const port = tree.member(value, "port");
            if (entry.map and entry.concat_data and port != json.none and !mutation.removed(.crash_nat_concat_map)) {
                return .{ .node = port, .message = statements.nat_concat_port_refusal };
            }
        }
        return null;
    }

    /// A refusal's text and the cap it names (none: a constant set, and the text is its name).
    const Numbered = struct { text: []const u8, number: ?u64 };

    fn elementsRefusal(census: *Census, tree: *const json.Tree, object: u32, limits: *const Limits) ?Numbered {
        const entry = census.present(.set, stringMember(tree, object, "name")) orelse return null;
        if (entry.constant) return .{ .text = stringMember(tree, object, "name"), .number = null };
        if (entry.count == 0) return .{ .text = unsized_set_refusal, .number = limits.elements_per_set };
        if (entry.count > limits.elements_per_set) {
            return .{ .text = oversized_set_refusal, .number = limits.elements_per_set };
        }
        if (entry.count == limits.elements_per_set) census.target_at_cap = true;
        return null;
    }

    fn addRule(census: *Census, chain: []const u8, anonymous: u64) void {
        census.rules += 1;
        if (census.present(.chain, chain)) |entry| entry.count += 1;
        census.addAnonymous(chain, anonymous);
    }

    fn addAnonymous(census: *Census, chain: []const u8, anonymous: u64) void {
        census.anonymous += anonymous;
        if (census.present(.chain, chain)) |entry| entry.anonymous +|= @intCast(@min(anonymous, std.math.maxInt(u32)));
    }

    fn delete(census: *Census, tree: *const json.Tree, summary: validate.Summary, object: u32) void {
        const kind: Kind = switch (summary.kind) {
            .chain => .chain,
            .set, .map => .set,
            .rule => {
                census.rules -|= 1;
                if (census.present(.chain, stringMember(tree, object, "chain"))) |entry| entry.count -|= 1;
                return;
            },
            .table => {
                census.chains = 0;
                census.sets = 0;
                census.rules = 0;
                census.anonymous = 0;
                census.generation +%= 1;
                if (census.generation == 0) census.generation = 1;
                return;
            },
            else => return,
        };
        const name = tree.member(object, "name");
        const entry = if (name != json.none) census.present(kind, tree.string(name)) else census.byHandle(
            kind,
            unsigned(tree, tree.member(object, "handle")),
        );
        if (entry) |found| census.removeObject(found);
    }

    fn flush(census: *Census, tree: *const json.Tree, summary: validate.Summary, object: u32) void {
        switch (summary.kind) {
            .table => {
                census.rules = 0;
                census.anonymous = 0;
                for (census.entries) |*entry| {
                    if (entry.generation == census.generation and entry.kind == .chain) {
                        entry.count = 0;
                        entry.anonymous = 0;
                    }
                }
            },
            .chain => if (census.present(.chain, stringMember(tree, object, "name"))) |entry| {
                census.rules -|= entry.count;
                census.anonymous -|= entry.anonymous;
                entry.count = 0;
                entry.anonymous = 0;
            },
            else => {},
        }
    }

    const Found = struct { message: []const u8, cap: u64 };

    /// The first cap the table is above after the commands played so far, or null. Checked
    /// after every command: a cap is refused where the batch first crosses it.
    fn excess(census: *const Census, limits: *const Limits) ?Found {
        if (census.overflow) {
            return .{
                .message = "the table holds more objects than the helper can count, " ++
                    "more than any cap of the policy's limits",
                .cap = entries_capacity / 2,
            };
        }
        if (census.chains > limits.chains_per_table) {
            return .{
                .message = "the table would hold more chains than the policy's limits.chainsPerTable",
                .cap = limits.chains_per_table,
            };
        }
        if (census.sets > limits.sets_per_table) {
            return .{
                .message = "the table would hold more sets and maps than the policy's limits.setsPerTable",
                .cap = limits.sets_per_table,
            };
        }
        if (census.anonymous > limits.elements_per_set) {
            return .{
                .message = "the table's anonymous sets (sets written in rules) would hold more elements than the " ++
                    "policy's limits.elementsPerSet: a long list belongs in a named set",
                .cap = limits.elements_per_set,
            };
        }
        if (census.rules > limits.rules_per_table) {
            return .{
                .message = "the table would hold more rules than the policy's limits.rulesPerTable",
                .cap = limits.rules_per_table,
            };
        }
        return null;
    }
};

/// True for a map's data type that is a concatenation: as libnftables lists it (`"ipv4_addr .
/// inet_service"`) or as a request writes it (an array of types).
fn concatenated(tree: *const json.Tree, data: u32) bool {
    if (data == json.none) return false;
    return switch (tree.kind(data)) {
        .string => std.mem.indexOf(u8, tree.string(data), " . ") != null,
        .array => tree.count(data) > 1,
        else => false,
    };
}

/// Whether `flags` of a listed set holds `flag` (libnftables prints an array, or one string).
fn hasFlag(tree: *const json.Tree, object: u32, flag: []const u8) bool {
    const flags = tree.member(object, "flags");
    if (flags == json.none) return false;
    if (tree.kind(flags) == .string) return std.mem.eql(u8, tree.string(flags), flag);
    if (tree.kind(flags) != .array) return false;
    var item = tree.first(flags);
    while (item != json.none) : (item = tree.next(item)) {
        if (tree.kind(item) == .string and std.mem.eql(u8, tree.string(item), flag)) return true;
    }
    return false;
}

fn stringMember(tree: *const json.Tree, object: u32, name: []const u8) []const u8 {
    const node = tree.member(object, name);
    if (node == json.none or tree.kind(node) != .string) return "";
    return tree.string(node);
}

fn unsigned(tree: *const json.Tree, node: u32) u64 {
    if (node == json.none or tree.kind(node) != .integer or tree.negative(node)) return 0;
    return tree.magnitude(node);
}
