//! Validates every command of `batch.nftables` against src/schema.zig before anything reaches
//! libnftables, and summarises each command for the policy check.
//!
//! No recursion: an explicit task stack. Arrays (statements, elements) are walked by a
//! continuation task that handles one item and re-queues itself for the next sibling, so the
//! stack is bounded by depth × fan-out of one object, not by array length.
//!
//! Strings are judged by the datatype their position implies (the left side of a match, the
//! declared type of a set, the field of a statement). Where the type is unknown, only values
//! that need no lookup under any type are accepted (integers, numeric IPv4/IPv6/MAC text).

const std = @import("std");
const assert = std.debug.assert;
const json = @import("json.zig");
const schema = @import("schema.zig");
const names = @import("names.zig");
const request = @import("request.zig");

const Datatype = schema.Datatype;
const Refusal = request.Refusal;

pub const commands_max: u32 = 20_000;
pub const elements_per_command_max: u32 = 200_000;
pub const statements_per_rule_max: u32 = 128;
pub const declared_sets_max: u32 = 256;
const tasks_capacity: u32 = 1024;

pub const Summary = struct {
    verb: schema.Verb,
    kind: schema.ObjectKind,
    family: ?names.Family,
    /// Table name (a slice of the request tree), or empty for ruleset/tables.
    table: []const u8,
    /// The `list ruleset` / `list tables` command object node (rewritten by the helper).
    node: u32,

    pub fn mutating(summary: Summary) bool {
        return summary.verb != .list;
    }
};

/// Type of a value: one datatype, or a concatenation of up to 8.
pub const Type = struct {
    components: [schema.concatenation_components_max]Datatype = undefined,
    count: u8 = 1,

    pub fn single(datatype: Datatype) Type {
        var result = Type{};
        result.components[0] = datatype;
        return result;
    }

    pub fn first(value: Type) Datatype {
        return value.components[0];
    }

    const untyped = single(.untyped);
};

const Flags = packed struct(u8) {
    /// "@name" is a set reference here.
    set_reference: bool = false,
    /// {"set": …} anonymous set literal allowed.
    set_literal: bool = false,
    /// "*" (catch-all) allowed here: only as the key of a set or map element.
    catch_all: bool = false,
    /// {"elem": {…}} element objects allowed.
    element_object: bool = false,
    /// Expressions (meta, payload, binary operations, map lookups) allowed: mangle values,
    /// NAT addresses.
    expression: bool = false,
    /// range/prefix/concat constructions allowed.
    construct: bool = true,
    reserved: u2 = 0,
};

const TaskKind = enum {
    command,
    statements,
    statement,
    lhs,
    rhs,
    /// An element list: `node` is the current element; continues with its next sibling.
    elements,
    verdict,
    /// A constant value (see `atom`); queued by `construct` so that atom and construct never
    /// call each other.
    atom,
};

const Task = struct {
    kind: TaskKind,
    node: u32,
    type: Type = .{ .count = 0 },
    /// Map data type for element lists of maps (count 0: not a map).
    data: Type = .{ .count = 0 },
    flags: Flags = .{},
};

const DeclaredSet = struct {
    family: names.Family,
    table: []const u8,
    name: []const u8,
    key: Type,
    data: Type,
};

pub const Result = union(enum) {
    ok: u32, // number of commands
    refused: Refusal,
};

pub const Validator = struct {
    tree: *const json.Tree,
    summaries: []Summary,
    tasks: [tasks_capacity]Task = undefined,
    task_count: u32 = 0,
    command_index: u32 = 0,
    /// Family of the command being validated (NAT and set typing depend on it).
    family: ?names.Family = null,
    elements_seen: u32 = 0,
    declared: [declared_sets_max]DeclaredSet = undefined,
    declared_count: u32 = 0,

    pub fn init(tree: *const json.Tree, summaries: []Summary) Validator {
        assert(summaries.len >= commands_max);
        return .{ .tree = tree, .summaries = summaries };
    }

    /// Validates the whole `batch.nftables` array.
    pub fn run(validator: *Validator, commands: u32) Result {
        const tree = validator.tree;
        assert(tree.kind(commands) == .array);
        const count = tree.count(commands);
        if (count > commands_max) {
            return .{ .refused = .{ .code = .limit_exceeded, .message = "more than 20000 commands in one batch", .node = commands } };
        }
        if (count == 0) {
            return .{ .refused = .{ .code = .invalid_request, .message = "batch.nftables must not be empty", .node = commands } };
        }
        var command = tree.first(commands);
        var index: u32 = 0;
        while (command != json.none) : ({
            command = tree.next(command);
            index += 1;
        }) {
            validator.command_index = index;
            validator.elements_seen = 0;
            validator.task_count = 0;
            validator.push(.{ .kind = .command, .node = command });
            if (validator.drain()) |refusal| {
                var with_command = refusal;
                with_command.command = index;
                return .{ .refused = with_command };
            }
        }
        assert(index == count);
        return .{ .ok = count };
    }

    fn push(validator: *Validator, task: Task) void {
        // The stack holds at most depth × (fields of one object); depth ≤ 32 and objects have
        // at most a handful of fields, so the capacity is never reached by valid or invalid input.
        assert(validator.task_count < tasks_capacity);
        validator.tasks[validator.task_count] = task;
        validator.task_count += 1;
    }

    fn drain(validator: *Validator) ?Refusal {
        // Each task consumes a distinct node or advances along an array: bounded by nodes.
        const iterations_max: u64 = 4 * @as(u64, validator.tree.nodes.len) + 4;
        var iterations: u64 = 0;
        while (validator.task_count > 0) : (iterations += 1) {
            assert(iterations <= iterations_max);
            validator.task_count -= 1;
            const task = validator.tasks[validator.task_count];
            const refusal = switch (task.kind) {
                .command => validator.checkCommand(task.node),
                .statements => validator.checkStatements(task),
                .statement => validator.checkStatement(task.node),
                .lhs => validator.checkLhs(task.node),
                .rhs => validator.checkRhs(task),
                .elements => validator.checkElements(task),
                .verdict => validator.checkVerdict(task.node),
                .atom => validator.checkAtom(task.node, task.type, task.flags),
            };
            if (refusal) |value| return value;
        }
        return null;
    }

    // -----------------------------------------------------------------------------------------
    // Helpers.

    fn invalid(node: u32, key: ?[]const u8, message: []const u8) Refusal {
        return .{ .code = .invalid_request, .message = message, .node = node, .key = key };
    }

    fn lookupRefused(node: u32, message: []const u8) Refusal {
        return .{ .code = .lookup_refused, .message = message, .node = node };
    }

    /// For an object with exactly one member: its key node. Refuses anything else.
    fn single(validator: *Validator, node: u32, what: []const u8) union(enum) { key: u32, refused: Refusal } {
        const tree = validator.tree;
        if (tree.kind(node) != .object or tree.count(node) != 1) {
            return .{ .refused = invalid(node, null, what) };
        }
        return .{ .key = tree.first(node) };
    }

    fn unknownField(validator: *Validator, object: u32, fields: []const schema.Field) ?Refusal {
        const tree = validator.tree;
        var key = tree.first(object);
        var remaining = tree.count(object);
        while (remaining > 0) : (remaining -= 1) {
            const name = tree.string(key);
            var known = false;
            for (fields) |field| {
                if (std.mem.eql(u8, field.name, name)) known = true;
            }
            if (!known) return invalid(object, name, "unknown field");
            key = tree.next(tree.next(key));
        }
        return null;
    }

    fn onlyFields(validator: *Validator, object: u32, allowed: []const []const u8) ?Refusal {
        const tree = validator.tree;
        if (request.unknownField(tree, object, allowed)) |name| return invalid(object, name, "unknown field");
        return null;
    }

    fn require(validator: *Validator, object: u32, field: []const u8) ?Refusal {
        if (validator.tree.member(object, field) == json.none) return invalid(object, field, "missing field");
        return null;
    }

    fn stringField(validator: *Validator, object: u32, field: []const u8) ?[]const u8 {
        const node = validator.tree.member(object, field);
        if (node == json.none or validator.tree.kind(node) != .string) return null;
        return validator.tree.string(node);
    }

    fn checkInteger(validator: *Validator, node: u32, range: schema.Range) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(node) != .integer) return invalid(node, null, "must be an integer");
        const value = tree.integer(node);
        if (value < range.min or value > range.max) return invalid(node, null, "integer out of range");
        return null;
    }

    fn checkKeyword(validator: *Validator, node: u32, words: []const []const u8) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(node) != .string) return invalid(node, null, "must be a string");
        if (!contains(words, tree.string(node))) return invalid(node, null, "unknown keyword");
        return null;
    }

    fn checkNameNode(validator: *Validator, node: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(node) != .string) return invalid(node, null, "must be a string");
        return nameRefusal(node, tree.string(node));
    }

    /// "@name": a reference to a named set, map or flowtable.
    fn checkReference(validator: *Validator, node: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(node) != .string) return invalid(node, null, "must be a set reference string");
        const text = tree.string(node);
        if (text.len < 2 or text[0] != '@') return invalid(node, null, "must be a set reference \"@name\"");
        return nameRefusal(node, text[1..]);
    }

    // -----------------------------------------------------------------------------------------
    // Commands.

    fn checkCommand(validator: *Validator, node: u32) ?Refusal {
        const tree = validator.tree;
        const verb_key = switch (validator.single(node, "a command is an object with exactly one member")) {
            .key => |key| key,
            .refused => |refusal| return refusal,
        };
        const verb_text = tree.string(verb_key);
        const verb = std.meta.stringToEnum(schema.Verb, verb_text) orelse {
            if (std.mem.eql(u8, verb_text, "destroy")) {
                return invalid(node, verb_text, "destroy is not supported by libnftables 1.0.6; use delete");
            }
            return invalid(node, verb_text, "unknown command");
        };
        const object_holder = tree.next(verb_key);
        const object_key = switch (validator.single(object_holder, "a command takes an object with exactly one member")) {
            .key => |key| key,
            .refused => |refusal| return refusal,
        };
        const kind = schema.objectKindFromJson(tree.string(object_key)) orelse {
            return invalid(object_holder, tree.string(object_key), "unknown object");
        };
        if (!schema.verbAccepts(verb, kind)) return invalid(object_holder, tree.string(object_key), "object not accepted by this command");
        const object = tree.next(object_key);
        var summary = Summary{ .verb = verb, .kind = kind, .family = null, .table = "", .node = node };
        if (kind == .ruleset or kind == .tables) {
            if (tree.kind(object) != .null_value) return invalid(object, null, "must be null (filters are not accepted)");
            validator.summaries[validator.command_index] = summary;
            return null;
        }
        if (tree.kind(object) != .object) return invalid(object, null, "must be an object");
        const usage: schema.Usage = switch (verb) {
            .add, .create, .insert, .replace => .add,
            .rename => .rename,
            .delete, .list, .reset, .flush => .identify,
        };
        // Elements are deleted by value: the add form (with elem) serves delete too.
        const fields = schema.objectFields(kind, if (kind == .element) .add else usage);
        if (validator.unknownField(object, fields)) |refusal| return refusal;
        if (validator.require(object, "family")) |refusal| return refusal;
        const table_field: []const u8 = if (kind == .table) "name" else "table";
        if (kind != .table or !(usage == .identify and tree.member(object, "handle") != json.none)) {
            if (validator.require(object, table_field)) |refusal| return refusal;
        }
        if (validator.checkRequirements(verb, kind, usage, object)) |refusal| return refusal;

        // Field values.
        const family_node = tree.member(object, "family");
        if (tree.kind(family_node) != .string) return invalid(family_node, null, "must be a string");
        const family = names.familyFromString(tree.string(family_node)) orelse return invalid(family_node, null, "unknown family");
        validator.family = family;
        summary.family = family;
        if (tree.member(object, table_field) != json.none) summary.table = validator.stringField(object, table_field) orelse "";
        validator.summaries[validator.command_index] = summary;

        var declared_key = Type{ .count = 0 };
        var declared_data = Type{ .count = 0 };
        for (fields) |field| {
            const value = tree.member(object, field.name);
            if (value == json.none) continue;
            switch (field.kind) {
                .set_type => {
                    declared_key = switch (validator.checkSetType(value, false)) {
                        .type => |value_type| value_type,
                        .refused => |refusal| return refusal,
                    };
                },
                .map_type => {
                    if (kind != .map) return invalid(object, field.name, "only maps have a data type");
                    declared_data = switch (validator.checkSetType(value, true)) {
                        .type => |value_type| value_type,
                        .refused => |refusal| return refusal,
                    };
                },
                // Checked below, once the declared type is known.
                .elements => {},
                else => if (validator.checkField(value, field)) |refusal| return refusal,
            }
        }
        // Elements are checked last, typed by the declaration in this command or an earlier
        // command of the batch.
        const elem = tree.member(object, "elem");
        if (kind == .set or kind == .map) {
            if (usage == .add) validator.declare(family, summary.table, validator.stringField(object, "name").?, declared_key, declared_data);
        }
        if (elem != json.none) {
            var key = declared_key;
            var data = declared_data;
            if (kind == .element) {
                if (validator.lookupDeclared(family, summary.table, validator.stringField(object, "name") orelse "")) |set| {
                    key = set.key;
                    data = set.data;
                } else {
                    key = Type.untyped;
                    data = .{ .count = 0 };
                }
            }
            if (kind == .map and data.count == 0) return invalid(object, "map", "missing field");
            // No catch-all "*" in named sets and maps: libnftables 1.0.6 dereferences NULL on "*" in
            // a named interval set (it crashed the helper, and `nft` itself), and the kernel's
            // flags for the set are not knowable here (`add set` of an existing set is a no-op).
            // Anonymous set and map literals take "*" safely (measured).
            return validator.startElements(elem, key, data, false);
        }
        return null;
    }

    /// Required fields and cross-field rules that depend on the verb.
    fn checkRequirements(validator: *Validator, verb: schema.Verb, kind: schema.ObjectKind, usage: schema.Usage, object: u32) ?Refusal {
        const tree = validator.tree;
        const has = struct {
            fn f(t: *const json.Tree, o: u32, name: []const u8) bool {
                return t.member(o, name) != json.none;
            }
        }.f;
        switch (usage) {
            .rename => {
                for ([_][]const u8{ "name", "newname" }) |name| if (validator.require(object, name)) |refusal| return refusal;
            },
            .identify => switch (kind) {
                .table => if (!has(tree, object, "handle")) {
                    if (validator.require(object, "name")) |refusal| return refusal;
                },
                .rule => {
                    if (validator.require(object, "chain")) |refusal| return refusal;
                    if (validator.require(object, "handle")) |refusal| return refusal;
                },
                .element => if (validator.require(object, "elem")) |refusal| return refusal,
                else => {
                    if (verb == .delete and has(tree, object, "handle")) return null;
                    if (validator.require(object, "name")) |refusal| return refusal;
                    if (has(tree, object, "handle")) return invalid(object, "handle", "handle is accepted only by delete");
                },
            },
            .add => switch (kind) {
                .rule => {
                    if (validator.require(object, "chain")) |refusal| return refusal;
                    if (validator.require(object, "expr")) |refusal| return refusal;
                    if (verb == .replace) {
                        if (validator.require(object, "handle")) |refusal| return refusal;
                        if (has(tree, object, "index")) return invalid(object, "index", "replace takes a handle, not an index");
                    }
                    if (has(tree, object, "handle") and has(tree, object, "index")) return invalid(object, "index", "give either handle or index");
                },
                .chain => {
                    if (validator.require(object, "name")) |refusal| return refusal;
                    const base = has(tree, object, "type") or has(tree, object, "hook") or has(tree, object, "prio") or
                        has(tree, object, "policy") or has(tree, object, "dev");
                    if (base) {
                        // A base chain needs all three; libnftables has crashed on partial ones.
                        for ([_][]const u8{ "type", "hook", "prio" }) |name| if (validator.require(object, name)) |refusal| return refusal;
                    }
                    const hook = validator.stringField(object, "hook") orelse "";
                    const device_hook = std.mem.eql(u8, hook, "ingress") or std.mem.eql(u8, hook, "egress");
                    if (device_hook != has(tree, object, "dev")) {
                        return invalid(object, "dev", "dev is required exactly for ingress and egress hooks");
                    }
                },
                .table => {},
                .set, .map => {
                    if (validator.require(object, "name")) |refusal| return refusal;
                    if (validator.require(object, "type")) |refusal| return refusal;
                    if (kind == .map) if (validator.require(object, "map")) |refusal| return refusal;
                },
                .element => if (validator.require(object, "elem")) |refusal| return refusal,
                .flowtable => {
                    for ([_][]const u8{ "name", "hook", "prio", "dev" }) |name| if (validator.require(object, name)) |refusal| return refusal;
                },
                .ct_helper => for ([_][]const u8{ "name", "type", "protocol" }) |name| if (validator.require(object, name)) |refusal| return refusal,
                .ct_timeout => for ([_][]const u8{ "name", "protocol", "policy" }) |name| if (validator.require(object, name)) |refusal| return refusal,
                .ct_expectation => for ([_][]const u8{ "name", "protocol", "dport", "timeout", "size" }) |name| if (validator.require(object, name)) |refusal| return refusal,
                .secmark => for ([_][]const u8{ "name", "context" }) |name| if (validator.require(object, name)) |refusal| return refusal,
                .quota => for ([_][]const u8{ "name", "bytes" }) |name| if (validator.require(object, name)) |refusal| return refusal,
                .limit => for ([_][]const u8{ "name", "rate" }) |name| if (validator.require(object, name)) |refusal| return refusal,
                .counter, .synproxy => if (validator.require(object, "name")) |refusal| return refusal,
                .ruleset, .tables => unreachable,
            },
        }
        return null;
    }

    fn checkField(validator: *Validator, value: u32, spec: schema.Field) ?Refusal {
        const tree = validator.tree;
        switch (spec.kind) {
            .family => {
                if (tree.kind(value) != .string) return invalid(value, null, "must be a string");
                if (names.familyFromString(tree.string(value)) == null) return invalid(value, null, "unknown family");
            },
            .name => return validator.checkNameNode(value),
            .handle => return validator.checkInteger(value, .{ .min = 1, .max = (1 << 53) - 1 }),
            .index => return validator.checkInteger(value, schema.u32_range),
            .comment, .log_prefix, .secmark_context => {
                if (tree.kind(value) != .string) return invalid(value, null, "must be a string");
                const limit: u32 = switch (spec.kind) {
                    .comment => names.comment_bytes_max,
                    .log_prefix => names.log_prefix_bytes_max,
                    else => 256,
                };
                if (names.checkText(tree.string(value), limit)) |reason| {
                    return .{ .code = if (tree.string(value).len > limit) .limit_exceeded else .invalid_request, .message = reason, .node = value };
                }
                if (spec.kind == .secmark_context and tree.string(value).len == 0) return invalid(value, null, "must not be empty");
            },
            .helper_type => {
                if (tree.kind(value) != .string) return invalid(value, null, "must be a string");
                if (names.checkName(tree.string(value))) |reason| return invalid(value, null, reason);
                if (tree.string(value).len > 16) return invalid(value, null, "helper name longer than 16 bytes");
            },
            .integer => return validator.checkInteger(value, spec.range),
            .boolean => if (tree.kind(value) != .true_value and tree.kind(value) != .false_value) return invalid(value, null, "must be a boolean"),
            .null_value => if (tree.kind(value) != .null_value) return invalid(value, null, "must be null"),
            .keyword => return validator.checkKeyword(value, spec.words),
            .keywords => {
                if (tree.kind(value) == .string) return validator.checkKeyword(value, spec.words);
                if (tree.kind(value) != .array) return invalid(value, null, "must be a string or an array of strings");
                if (tree.count(value) == 0 or tree.count(value) > spec.words.len) return invalid(value, null, "invalid number of flags");
                var item = tree.first(value);
                while (item != json.none) : (item = tree.next(item)) {
                    if (validator.checkKeyword(item, spec.words)) |refusal| return refusal;
                }
            },
            .ifname => return checkInterface(tree, value, false),
            .ifnames => {
                if (tree.kind(value) == .string) return checkInterface(tree, value, false);
                if (tree.kind(value) != .array) return invalid(value, null, "must be a string or an array of strings");
                if (tree.count(value) == 0 or tree.count(value) > 256) return invalid(value, null, "1 to 256 devices");
                var item = tree.first(value);
                while (item != json.none) : (item = tree.next(item)) {
                    if (checkInterface(tree, item, false)) |refusal| return refusal;
                }
            },
            .statements => {
                if (tree.kind(value) != .array) return invalid(value, null, "must be an array of statements");
                if (tree.count(value) == 0) return invalid(value, null, "a rule needs at least one statement");
                if (tree.count(value) > statements_per_rule_max) return .{ .code = .limit_exceeded, .message = "more than 128 statements in one rule", .node = value };
                validator.push(.{ .kind = .statements, .node = tree.first(value) });
            },
            .ct_timeout_policy => {
                if (tree.kind(value) != .object or tree.count(value) == 0) return invalid(value, null, "must be a non-empty object of state: seconds");
                var key = tree.first(value);
                while (key != json.none) : (key = tree.next(tree.next(key))) {
                    if (!contains(&schema.ct_timeout_states, tree.string(key))) return invalid(value, tree.string(key), "unknown conntrack state");
                    if (validator.checkInteger(tree.next(key), schema.u32_range)) |refusal| return refusal;
                }
            },
            .elements, .set_type, .map_type => unreachable,
        }
        return null;
    }

    /// A set type: one type name, or an array of 2–8 names (concatenation).
    fn checkSetType(validator: *Validator, node: u32, map_data: bool) union(enum) { type: Type, refused: Refusal } {
        const tree = validator.tree;
        if (tree.kind(node) == .string) {
            const datatype = setTypeName(tree.string(node), map_data) orelse return .{ .refused = invalid(node, null, "unknown or refused set type") };
            return .{ .type = Type.single(datatype) };
        }
        if (tree.kind(node) != .array) return .{ .refused = invalid(node, null, "must be a type name or an array of type names") };
        const count = tree.count(node);
        if (count < 2 or count > schema.concatenation_components_max) {
            return .{ .refused = invalid(node, null, "a concatenated type needs 2 to 8 components") };
        }
        var result = Type{ .count = @intCast(count) };
        var item = tree.first(node);
        var slot: u32 = 0;
        while (item != json.none) : ({
            item = tree.next(item);
            slot += 1;
        }) {
            if (tree.kind(item) != .string) return .{ .refused = invalid(item, null, "must be a type name") };
            const datatype = setTypeName(tree.string(item), false) orelse return .{ .refused = invalid(item, null, "unknown or refused set type") };
            result.components[slot] = datatype;
        }
        return .{ .type = result };
    }

    fn declare(validator: *Validator, family: names.Family, table: []const u8, name: []const u8, key: Type, data: Type) void {
        if (validator.declared_count >= declared_sets_max) return; // later sets stay untyped
        validator.declared[validator.declared_count] = .{ .family = family, .table = table, .name = name, .key = key, .data = data };
        validator.declared_count += 1;
    }

    fn lookupDeclared(validator: *Validator, family: names.Family, table: []const u8, name: []const u8) ?DeclaredSet {
        var index = validator.declared_count;
        while (index > 0) {
            index -= 1;
            const set = validator.declared[index];
            if (set.family == family and std.mem.eql(u8, set.table, table) and std.mem.eql(u8, set.name, name)) return set;
        }
        return null;
    }

    // -----------------------------------------------------------------------------------------
    // Statements.

    fn checkStatements(validator: *Validator, task: Task) ?Refusal {
        assert(task.node != json.none);
        const following = validator.tree.next(task.node);
        if (following != json.none) validator.push(.{ .kind = .statements, .node = following });
        validator.push(.{ .kind = .statement, .node = task.node });
        return null;
    }

    fn checkStatement(validator: *Validator, node: u32) ?Refusal {
        const tree = validator.tree;
        const key = switch (validator.single(node, "a statement is an object with exactly one member")) {
            .key => |value| value,
            .refused => |refusal| return refusal,
        };
        const name = tree.string(key);
        const value = tree.next(key);
        if (contains(&schema.simple_verdicts, name) or contains(&schema.chain_verdicts, name)) return validator.checkVerdict(node);
        if (eql(name, "match")) return validator.checkMatch(value);
        if (eql(name, "counter")) return validator.checkStatefulObject(value, &.{ "packets", "bytes" }, &.{}, true);
        if (eql(name, "quota")) return validator.checkQuota(value);
        if (eql(name, "limit")) return validator.checkLimit(value);
        if (eql(name, "notrack")) return expectNull(tree, value);
        if (eql(name, "mangle")) return validator.checkMangle(value);
        if (contains(&schema.nat_statements, name)) return validator.checkNat(value, name);
        if (eql(name, "reject")) return validator.checkReject(value);
        if (eql(name, "log")) return validator.checkLog(value);
        if (eql(name, "set")) return validator.checkSetStatement(value);
        if (eql(name, "ct helper") or eql(name, "ct timeout") or eql(name, "ct expectation") or eql(name, "secmark")) {
            return validator.checkNameNode(value);
        }
        if (eql(name, "queue")) return validator.checkQueue(value);
        if (eql(name, "vmap")) return validator.checkVmap(value);
        if (eql(name, "ct count")) return validator.checkCtCount(value);
        if (eql(name, "synproxy")) return validator.checkSynproxy(value);
        if (eql(name, "tproxy")) return validator.checkTproxy(value);
        if (eql(name, "flow")) return validator.checkFlow(value);
        if (eql(name, "dup")) return validator.checkDup(value);
        if (eql(name, "fwd")) return validator.checkFwd(value);
        return invalid(node, name, "unknown or refused statement");
    }

    fn checkMatch(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "op", "left", "right" })) |refusal| return refusal;
        for ([_][]const u8{ "op", "left", "right" }) |name| if (validator.require(value, name)) |refusal| return refusal;
        if (validator.checkKeyword(tree.member(value, "op"), &schema.match_operators)) |refusal| return refusal;
        const left = tree.member(value, "left");
        const right = tree.member(value, "right");
        const left_type = validator.typeOf(left);
        validator.push(.{ .kind = .rhs, .node = right, .type = left_type, .flags = .{ .set_reference = true, .set_literal = true } });
        validator.push(.{ .kind = .lhs, .node = left });
        return null;
    }

    /// counter/quota/limit: null (anonymous, defaults), an object, or a named object reference.
    fn checkStatefulObject(validator: *Validator, value: u32, integers: []const []const u8, required: []const []const u8, null_allowed: bool) ?Refusal {
        const tree = validator.tree;
        switch (tree.kind(value)) {
            .null_value => return if (null_allowed) null else invalid(value, null, "must be an object or a name"),
            .string => return validator.checkNameNode(value),
            .object => {},
            else => return invalid(value, null, "must be null, an object or a name"),
        }
        if (validator.onlyFields(value, integers)) |refusal| return refusal;
        for (required) |name| if (validator.require(value, name)) |refusal| return refusal;
        for (integers) |name| {
            const item = tree.member(value, name);
            if (item != json.none) if (validator.checkInteger(item, schema.u53_range)) |refusal| return refusal;
        }
        return null;
    }

    fn checkQuota(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .string) return validator.checkNameNode(value);
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object or a name");
        if (validator.onlyFields(value, &.{ "val", "val_unit", "used", "used_unit", "inv" })) |refusal| return refusal;
        if (validator.require(value, "val")) |refusal| return refusal;
        return validator.checkMembers(value, &.{
            .{ .name = "val", .kind = .integer },
            .{ .name = "used", .kind = .integer },
            .{ .name = "val_unit", .kind = .keyword, .words = &schema.byte_units },
            .{ .name = "used_unit", .kind = .keyword, .words = &schema.byte_units },
            .{ .name = "inv", .kind = .boolean },
        });
    }

    fn checkLimit(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .string) return validator.checkNameNode(value);
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object or a name");
        if (validator.onlyFields(value, &.{ "rate", "rate_unit", "per", "burst", "burst_unit", "inv" })) |refusal| return refusal;
        if (validator.require(value, "rate")) |refusal| return refusal;
        const rate_units = [_][]const u8{ "packets", "bytes", "kbytes", "mbytes" };
        return validator.checkMembers(value, &.{
            .{ .name = "rate", .kind = .integer, .range = schema.u32_range },
            .{ .name = "burst", .kind = .integer, .range = schema.u32_range },
            .{ .name = "rate_unit", .kind = .keyword, .words = &rate_units },
            .{ .name = "burst_unit", .kind = .keyword, .words = &schema.byte_units },
            .{ .name = "per", .kind = .keyword, .words = &schema.limit_time_units },
            .{ .name = "inv", .kind = .boolean },
        });
    }

    /// Checks the listed members that are present (presence and unknown fields are checked by
    /// the caller).
    fn checkMembers(validator: *Validator, object: u32, fields: []const schema.Field) ?Refusal {
        for (fields) |spec| {
            const item = validator.tree.member(object, spec.name);
            if (item == json.none) continue;
            if (validator.checkField(item, spec)) |refusal| return refusal;
        }
        return null;
    }

    fn checkMangle(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "key", "value" })) |refusal| return refusal;
        for ([_][]const u8{ "key", "value" }) |name| if (validator.require(value, name)) |refusal| return refusal;
        const key = tree.member(value, "key");
        const target = switch (validator.single(key, "mangle key must be an expression object")) {
            .key => |member_key| tree.string(member_key),
            .refused => |refusal| return refusal,
        };
        const targets = [_][]const u8{ "payload", "meta", "ct", "exthdr", "tcp option" };
        if (!contains(&targets, target)) return invalid(key, null, "mangle key must be payload, meta, ct, exthdr or tcp option");
        validator.push(.{ .kind = .rhs, .node = tree.member(value, "value"), .type = validator.typeOf(key), .flags = .{ .expression = true } });
        validator.push(.{ .kind = .lhs, .node = key });
        return null;
    }

    fn checkNat(validator: *Validator, value: u32, name: []const u8) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .null_value) {
            if (eql(name, "masquerade") or eql(name, "redirect")) return null;
            return invalid(value, null, "snat and dnat need an address");
        }
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        const address_allowed = eql(name, "snat") or eql(name, "dnat");
        if (address_allowed) {
            if (validator.onlyFields(value, &.{ "addr", "family", "port", "flags", "type_flags" })) |refusal| return refusal;
        } else {
            if (validator.onlyFields(value, &.{ "port", "flags" })) |refusal| return refusal;
        }
        if (validator.checkMembers(value, &.{
            .{ .name = "family", .kind = .keyword, .words = &schema.ip_families },
            .{ .name = "flags", .kind = .keywords, .words = &schema.nat_flags },
            .{ .name = "type_flags", .kind = .keywords, .words = &schema.nat_type_flags },
        })) |refusal| return refusal;
        var address_type = Datatype.untyped;
        if (validator.stringField(value, "family")) |family| {
            address_type = if (eql(family, "ip")) .ipv4 else .ipv6;
        } else if (validator.family) |family| {
            if (family == .ip) address_type = .ipv4;
            if (family == .ip6) address_type = .ipv6;
        }
        const port = tree.member(value, "port");
        if (port != json.none) validator.push(.{ .kind = .rhs, .node = port, .type = Type.single(.integer), .flags = .{ .expression = true } });
        const address = tree.member(value, "addr");
        if (address != json.none) validator.push(.{ .kind = .rhs, .node = address, .type = Type.single(address_type), .flags = .{ .expression = true } });
        return null;
    }

    fn checkReject(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .null_value) return null;
        if (tree.kind(value) != .object) return invalid(value, null, "must be null or an object");
        if (validator.onlyFields(value, &.{ "type", "expr" })) |refusal| return refusal;
        const type_node = tree.member(value, "type");
        const expression = tree.member(value, "expr");
        if (type_node == json.none) {
            if (expression != json.none) return invalid(value, "expr", "expr needs a type");
            return null;
        }
        if (validator.checkKeyword(type_node, &schema.reject_types)) |refusal| return refusal;
        const reject_type = tree.string(type_node);
        if (eql(reject_type, "tcp reset")) {
            if (expression != json.none) return invalid(value, "expr", "tcp reset takes no expr");
            return null;
        }
        // An ICMP reject without its code has crashed libnftables (upstream bogon): required.
        if (expression == json.none) return invalid(value, "expr", "missing field");
        const code_type: Datatype = if (eql(reject_type, "icmp")) .icmp_code else if (eql(reject_type, "icmpv6")) .icmpv6_code else .icmpx_code;
        return validator.checkAtom(expression, Type.single(code_type), .{ .construct = false });
    }

    fn checkLog(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .null_value) return null;
        if (tree.kind(value) != .object) return invalid(value, null, "must be null or an object");
        const fields = [_]schema.Field{
            .{ .name = "prefix", .kind = .log_prefix },
            .{ .name = "group", .kind = .integer, .range = schema.u16_range },
            .{ .name = "snaplen", .kind = .integer, .range = schema.u32_range },
            .{ .name = "queue-threshold", .kind = .integer, .range = schema.u16_range },
            .{ .name = "level", .kind = .keyword, .words = &schema.log_levels },
            .{ .name = "flags", .kind = .keywords, .words = &schema.log_flags },
        };
        if (validator.unknownField(value, &fields)) |refusal| return refusal;
        return validator.checkMembers(value, &fields);
    }

    fn checkSetStatement(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "op", "elem", "set" })) |refusal| return refusal;
        for ([_][]const u8{ "op", "elem", "set" }) |name| if (validator.require(value, name)) |refusal| return refusal;
        if (validator.checkKeyword(tree.member(value, "op"), &schema.set_statement_operations)) |refusal| return refusal;
        if (validator.checkReference(tree.member(value, "set"))) |refusal| return refusal;
        validator.push(.{ .kind = .lhs, .node = tree.member(value, "elem") });
        return null;
    }

    fn checkQueue(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .null_value) return null;
        if (tree.kind(value) != .object) return invalid(value, null, "must be null or an object");
        if (validator.onlyFields(value, &.{ "num", "flags" })) |refusal| return refusal;
        if (validator.checkMembers(value, &.{.{ .name = "flags", .kind = .keywords, .words = &schema.queue_flags }})) |refusal| return refusal;
        const number = tree.member(value, "num");
        if (number != json.none) validator.push(.{ .kind = .rhs, .node = number, .type = Type.single(.integer), .flags = .{ .expression = true } });
        return null;
    }

    fn checkVmap(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "key", "data" })) |refusal| return refusal;
        for ([_][]const u8{ "key", "data" }) |name| if (validator.require(value, name)) |refusal| return refusal;
        const key = tree.member(value, "key");
        const data = tree.member(value, "data");
        if (validator.checkMapData(data, validator.typeOf(key), Type.single(.verdict))) |refusal| return refusal;
        validator.push(.{ .kind = .lhs, .node = key });
        return null;
    }

    /// The data of a map lookup: "@name" or {"set": [[key, value], …]}.
    fn checkMapData(validator: *Validator, data: u32, key: Type, value: Type) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(data) == .string) return validator.checkReference(data);
        const member_key = switch (validator.single(data, "must be \"@map\" or {\"set\": [[key, value], …]}")) {
            .key => |member| member,
            .refused => |refusal| return refusal,
        };
        if (!eql(tree.string(member_key), "set")) return invalid(data, null, "must be \"@map\" or {\"set\": [[key, value], …]}");
        return validator.startElements(tree.next(member_key), key, value, true); // anonymous: measured safe
    }

    fn checkCtCount(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "val", "inv" })) |refusal| return refusal;
        if (validator.require(value, "val")) |refusal| return refusal;
        return validator.checkMembers(value, &.{ .{ .name = "val", .kind = .integer, .range = schema.u32_range }, .{ .name = "inv", .kind = .boolean } });
    }

    fn checkSynproxy(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .string) return validator.checkNameNode(value);
        if (tree.kind(value) == .null_value) return null;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object or a name");
        const fields = [_]schema.Field{
            .{ .name = "mss", .kind = .integer, .range = schema.u16_range },
            .{ .name = "wscale", .kind = .integer, .range = .{ .min = 0, .max = 14 } },
            .{ .name = "flags", .kind = .keywords, .words = &schema.synproxy_flags },
        };
        if (validator.unknownField(value, &fields)) |refusal| return refusal;
        return validator.checkMembers(value, &fields);
    }

    fn checkTproxy(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "family", "addr", "port" })) |refusal| return refusal;
        if (tree.member(value, "addr") == json.none and tree.member(value, "port") == json.none) return invalid(value, "addr", "tproxy needs an address or a port");
        if (validator.checkMembers(value, &.{.{ .name = "family", .kind = .keyword, .words = &schema.ip_families }})) |refusal| return refusal;
        var address_type = Datatype.untyped;
        if (validator.stringField(value, "family")) |family| address_type = if (eql(family, "ip")) .ipv4 else .ipv6;
        const port = tree.member(value, "port");
        if (port != json.none) if (validator.checkAtom(port, Type.single(.integer), .{ .construct = false })) |refusal| return refusal;
        const address = tree.member(value, "addr");
        if (address != json.none) if (validator.checkAtom(address, Type.single(address_type), .{ .construct = false })) |refusal| return refusal;
        return null;
    }

    fn checkFlow(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "op", "flowtable" })) |refusal| return refusal;
        for ([_][]const u8{ "op", "flowtable" }) |name| if (validator.require(value, name)) |refusal| return refusal;
        if (validator.checkKeyword(tree.member(value, "op"), &.{"add"})) |refusal| return refusal;
        return validator.checkReference(tree.member(value, "flowtable"));
    }

    fn checkDup(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "addr", "dev" })) |refusal| return refusal;
        if (tree.member(value, "dev") != json.none) {
            return lookupRefused(tree.member(value, "dev"), "a device makes libnftables look the interface up; dup to an address only");
        }
        if (validator.require(value, "addr")) |refusal| return refusal;
        return validator.checkAtom(tree.member(value, "addr"), Type.untyped, .{ .construct = false });
    }

    fn checkFwd(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (validator.onlyFields(value, &.{ "dev", "family", "addr" })) |refusal| return refusal;
        if (validator.require(value, "dev")) |refusal| return refusal;
        // Measured: an interface given by index or name makes libnftables open a route
        // netlink socket to resolve it; under the sandbox that is fatal.
        return lookupRefused(tree.member(value, "dev"), "fwd resolves its device through an interface lookup; not accepted");
    }

    fn checkVerdict(validator: *Validator, node: u32) ?Refusal {
        const tree = validator.tree;
        const key = switch (validator.single(node, "a verdict is an object with exactly one member")) {
            .key => |value| value,
            .refused => |refusal| return refusal,
        };
        const name = tree.string(key);
        const value = tree.next(key);
        if (contains(&schema.simple_verdicts, name)) return expectNull(tree, value);
        if (!contains(&schema.chain_verdicts, name)) return invalid(node, null, "not a verdict");
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object with a target");
        if (validator.onlyFields(value, &.{"target"})) |refusal| return refusal;
        if (validator.require(value, "target")) |refusal| return refusal;
        return validator.checkNameNode(tree.member(value, "target"));
    }

    // -----------------------------------------------------------------------------------------
    // Expressions.

    /// The datatype a left-hand expression produces, without validating it (lhs does that).
    /// Iterative: binary operations are followed down their left operand, bounded by depth.
    fn typeOf(validator: *Validator, start: u32) Type {
        const tree = validator.tree;
        var node = start;
        var steps: u32 = 0;
        while (steps <= json.depth_capacity) : (steps += 1) {
            if (tree.kind(node) != .object or tree.count(node) != 1) return Type.untyped;
            const key = tree.first(node);
            const name = tree.string(key);
            const value = tree.next(key);
            if (contains(&schema.binary_operators, name)) {
                if (tree.kind(value) != .array or tree.count(value) != 2) return Type.untyped;
                node = tree.first(value);
                continue;
            }
            if (eql(name, "concat")) return validator.concatType(value);
            return Type.single(validator.simpleType(name, value));
        }
        return Type.untyped;
    }

    fn concatType(validator: *Validator, value: u32) Type {
        const tree = validator.tree;
        if (tree.kind(value) != .array) return Type.untyped;
        const count = tree.count(value);
        if (count < 2 or count > schema.concatenation_components_max) return Type.untyped;
        var result = Type{ .count = @intCast(count) };
        var item = tree.first(value);
        var slot: u32 = 0;
        while (item != json.none) : ({
            item = tree.next(item);
            slot += 1;
        }) {
            var datatype = Datatype.untyped;
            if (tree.kind(item) == .object and tree.count(item) == 1) {
                const key = tree.first(item);
                datatype = validator.simpleType(tree.string(key), tree.next(key));
            }
            result.components[slot] = datatype;
        }
        return result;
    }

    fn simpleType(validator: *Validator, name: []const u8, value: u32) Datatype {
        const tree = validator.tree;
        if (tree.kind(value) != .object) return .untyped;
        if (eql(name, "payload")) {
            const protocol = validator.stringField(value, "protocol") orelse return .integer; // raw payload
            const field_name = validator.stringField(value, "field") orelse return .untyped;
            for (schema.payload_fields) |entry| {
                if (eql(entry.protocol, protocol) and eql(entry.field, field_name)) return entry.datatype;
            }
            return .untyped;
        }
        if (eql(name, "meta")) return keyType(&schema.meta_keys, validator.stringField(value, "key"));
        if (eql(name, "rt")) {
            const datatype = keyType(&schema.rt_keys, validator.stringField(value, "key"));
            if (datatype == .untyped) return familyAddress(validator.stringField(value, "family"));
            return datatype;
        }
        if (eql(name, "socket")) return keyType(&schema.socket_keys, validator.stringField(value, "key"));
        if (eql(name, "ct")) {
            const key = validator.stringField(value, "key") orelse return .untyped;
            for (schema.ct_keys) |entry| {
                if (eql(entry.key, key)) {
                    if (entry.datatype == .untyped) return familyAddress(validator.stringField(value, "family"));
                    return entry.datatype;
                }
            }
            return .untyped;
        }
        if (eql(name, "exthdr")) {
            const field_name = validator.stringField(value, "field") orelse return .boolean;
            if (eql(field_name, "nexthdr")) return .inet_proto;
            if (eql(field_name, "type") and eql(validator.stringField(value, "name") orelse "", "mh")) return .mh_type;
            if (eql(field_name, "addr")) return .ipv6;
            return .integer;
        }
        if (eql(name, "tcp option") or eql(name, "ip option") or eql(name, "sctp chunk")) {
            if (tree.member(value, "field") == json.none) return .boolean;
            if (eql(name, "ip option") and eql(validator.stringField(value, "field") orelse "", "addr")) return .ipv4;
            return .integer;
        }
        if (eql(name, "fib")) {
            const result = validator.stringField(value, "result") orelse return .untyped;
            if (eql(result, "oifname")) return .ifname;
            if (eql(result, "type")) return .fib_addrtype;
            return .integer; // oif: an index compared as a number
        }
        if (eql(name, "numgen") or eql(name, "jhash") or eql(name, "symhash")) return .integer;
        return .untyped;
    }

    fn checkLhs(validator: *Validator, node: u32) ?Refusal {
        const tree = validator.tree;
        const key = switch (validator.single(node, "an expression is an object with exactly one member")) {
            .key => |value| value,
            .refused => |refusal| return refusal,
        };
        const name = tree.string(key);
        const value = tree.next(key);
        if (contains(&schema.binary_operators, name)) {
            if (tree.kind(value) != .array or tree.count(value) != 2) return invalid(value, null, "a binary operation takes exactly two operands");
            const left = tree.first(value);
            const right = tree.next(left);
            validator.push(.{ .kind = .rhs, .node = right, .type = validator.typeOf(left), .flags = .{ .construct = true } });
            validator.push(.{ .kind = .lhs, .node = left });
            return null;
        }
        if (eql(name, "concat")) {
            if (tree.kind(value) != .array) return invalid(value, null, "concat takes an array");
            const count = tree.count(value);
            // An empty or one-element concatenation has crashed libnftables (upstream bogons).
            if (count < 2 or count > schema.concatenation_components_max) return invalid(value, null, "a concatenation needs 2 to 8 components");
            var item = tree.first(value);
            while (item != json.none) : (item = tree.next(item)) {
                if (tree.kind(item) == .object and tree.count(item) == 1 and eql(tree.string(tree.first(item)), "concat")) {
                    return invalid(item, null, "nested concatenations are not accepted");
                }
                validator.push(.{ .kind = .lhs, .node = item });
            }
            return null;
        }
        if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
        if (eql(name, "payload")) return validator.checkPayload(value);
        if (eql(name, "meta")) return validator.checkKeyed(value, &schema.meta_keys, &.{"key"});
        if (eql(name, "rt")) {
            if (validator.checkKeyed(value, &schema.rt_keys, &.{ "key", "family" })) |refusal| return refusal;
            return validator.checkMembers(value, &.{.{ .name = "family", .kind = .keyword, .words = &schema.ip_families }});
        }
        if (eql(name, "socket")) {
            // cgroupv2 resolves a path in the file system: refused.
            return validator.checkKeyed(value, &schema.socket_keys, &.{"key"});
        }
        if (eql(name, "ct")) return validator.checkCt(value);
        if (eql(name, "exthdr")) return validator.checkHeader(value, &schema.exthdr_names, &schema.exthdr_fields, true);
        if (eql(name, "tcp option")) return validator.checkHeader(value, &schema.tcp_option_names, &schema.tcp_option_fields, false);
        if (eql(name, "ip option")) return validator.checkHeader(value, &schema.ip_option_names, &schema.ip_option_fields, false);
        if (eql(name, "sctp chunk")) return validator.checkHeader(value, &schema.sctp_chunk_names, &schema.sctp_chunk_fields, false);
        if (eql(name, "numgen")) {
            if (validator.onlyFields(value, &.{ "mode", "mod", "offset" })) |refusal| return refusal;
            for ([_][]const u8{ "mode", "mod" }) |field_name| if (validator.require(value, field_name)) |refusal| return refusal;
            return validator.checkMembers(value, &.{
                .{ .name = "mode", .kind = .keyword, .words = &schema.numgen_modes },
                .{ .name = "mod", .kind = .integer, .range = .{ .min = 1, .max = std.math.maxInt(u32) } },
                .{ .name = "offset", .kind = .integer, .range = schema.u32_range },
            });
        }
        if (eql(name, "jhash") or eql(name, "symhash")) {
            const jhash = eql(name, "jhash");
            if (jhash) {
                if (validator.onlyFields(value, &.{ "mod", "offset", "expr", "seed" })) |refusal| return refusal;
                if (validator.require(value, "expr")) |refusal| return refusal;
            } else if (validator.onlyFields(value, &.{ "mod", "offset" })) |refusal| return refusal;
            if (validator.require(value, "mod")) |refusal| return refusal;
            if (validator.checkMembers(value, &.{
                .{ .name = "mod", .kind = .integer, .range = .{ .min = 1, .max = std.math.maxInt(u32) } },
                .{ .name = "offset", .kind = .integer, .range = schema.u32_range },
                .{ .name = "seed", .kind = .integer, .range = schema.u32_range },
            })) |refusal| return refusal;
            if (jhash) validator.push(.{ .kind = .lhs, .node = tree.member(value, "expr") });
            return null;
        }
        if (eql(name, "fib")) {
            if (validator.onlyFields(value, &.{ "result", "flags" })) |refusal| return refusal;
            for ([_][]const u8{ "result", "flags" }) |field_name| if (validator.require(value, field_name)) |refusal| return refusal;
            return validator.checkMembers(value, &.{
                .{ .name = "result", .kind = .keyword, .words = &schema.fib_results },
                .{ .name = "flags", .kind = .keywords, .words = &schema.fib_flags },
            });
        }
        return invalid(node, name, "unknown or refused expression");
    }

    fn checkPayload(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.member(value, "base") != json.none) {
            if (validator.onlyFields(value, &.{ "base", "offset", "len" })) |refusal| return refusal;
            for ([_][]const u8{ "base", "offset", "len" }) |name| if (validator.require(value, name)) |refusal| return refusal;
            return validator.checkMembers(value, &.{
                .{ .name = "base", .kind = .keyword, .words = &schema.raw_payload_bases },
                .{ .name = "offset", .kind = .integer, .range = .{ .min = 0, .max = 2040 } },
                .{ .name = "len", .kind = .integer, .range = .{ .min = 1, .max = 128 } },
            });
        }
        if (validator.onlyFields(value, &.{ "protocol", "field" })) |refusal| return refusal;
        for ([_][]const u8{ "protocol", "field" }) |name| if (validator.require(value, name)) |refusal| return refusal;
        const protocol = validator.stringField(value, "protocol") orelse return invalid(value, "protocol", "must be a string");
        const field_name = validator.stringField(value, "field") orelse return invalid(value, "field", "must be a string");
        for (schema.payload_fields) |entry| {
            if (eql(entry.protocol, protocol) and eql(entry.field, field_name)) return null;
        }
        return invalid(value, "field", "unknown or refused payload field");
    }

    fn checkKeyed(validator: *Validator, value: u32, keys: []const schema.MetaKey, allowed: []const []const u8) ?Refusal {
        if (validator.onlyFields(value, allowed)) |refusal| return refusal;
        if (validator.require(value, "key")) |refusal| return refusal;
        const key = validator.stringField(value, "key") orelse return invalid(value, "key", "must be a string");
        for (keys) |entry| {
            if (!eql(entry.key, key)) continue;
            if (entry.lookup) {
                return lookupRefused(validator.tree.member(value, "key"), "libnftables 1.0.6 resolves this key through a user, group or interface lookup; not accepted (use iifname/oifname for interfaces)");
            }
            return null;
        }
        return invalid(value, "key", "unknown or refused key");
    }

    fn checkCt(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (validator.onlyFields(value, &.{ "key", "family", "dir" })) |refusal| return refusal;
        if (validator.require(value, "key")) |refusal| return refusal;
        const key = validator.stringField(value, "key") orelse return invalid(value, "key", "must be a string");
        for (schema.ct_keys) |entry| {
            if (!eql(entry.key, key)) continue;
            if (!entry.direction and tree.member(value, "dir") != json.none) return invalid(value, "dir", "this ct key takes no direction");
            return validator.checkMembers(value, &.{
                .{ .name = "family", .kind = .keyword, .words = &schema.ip_families },
                .{ .name = "dir", .kind = .keyword, .words = schema.symbols(.ct_direction) },
            });
        }
        return invalid(value, "key", "unknown or refused ct key");
    }

    /// exthdr, tcp option, ip option, sctp chunk: a header name and an optional field.
    fn checkHeader(validator: *Validator, value: u32, header_names: []const []const u8, fields: []const []const u8, offset_allowed: bool) ?Refusal {
        if (offset_allowed) {
            if (validator.onlyFields(value, &.{ "name", "field", "offset" })) |refusal| return refusal;
        } else if (validator.onlyFields(value, &.{ "name", "field" })) |refusal| return refusal;
        if (validator.require(value, "name")) |refusal| return refusal;
        return validator.checkMembers(value, &.{
            .{ .name = "name", .kind = .keyword, .words = header_names },
            .{ .name = "field", .kind = .keyword, .words = fields },
            .{ .name = "offset", .kind = .integer, .range = .{ .min = 0, .max = 255 } },
        });
    }

    /// A right-hand value typed by `task.type`.
    fn checkRhs(validator: *Validator, task: Task) ?Refusal {
        const tree = validator.tree;
        const node = task.node;
        if (tree.kind(node) != .object) return validator.checkAtom(node, task.type, task.flags);
        if (tree.count(node) != 1) return invalid(node, null, "an expression is an object with exactly one member");
        const key = tree.first(node);
        const name = tree.string(key);
        const value = tree.next(key);
        if (eql(name, "set")) {
            if (!task.flags.set_literal) return invalid(node, name, "an anonymous set is not accepted here");
            if (tree.kind(value) == .array and tree.count(value) == 0) return invalid(value, null, "an anonymous set must not be empty");
            return validator.startElements(value, task.type, .{ .count = 0 }, true); // anonymous: measured safe
        }
        if (eql(name, "map")) {
            if (!task.flags.expression) return invalid(node, name, "a map lookup is not accepted here");
            if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
            if (validator.onlyFields(value, &.{ "key", "data" })) |refusal| return refusal;
            for ([_][]const u8{ "key", "data" }) |field_name| if (validator.require(value, field_name)) |refusal| return refusal;
            const map_key = tree.member(value, "key");
            if (validator.checkMapData(tree.member(value, "data"), validator.typeOf(map_key), task.type)) |refusal| return refusal;
            validator.push(.{ .kind = .lhs, .node = map_key });
            return null;
        }
        if (task.type.first() == .verdict and task.type.count == 1) return validator.checkVerdict(node);
        if (task.flags.expression and !isConstruct(name) and !validator.isConstantOperation(name, value)) {
            // Packet data as a value (meta mark set ct mark, snat to ip saddr map …).
            validator.push(.{ .kind = .lhs, .node = node });
            return null;
        }
        return validator.checkConstruct(node, task.type, task.flags);
    }

    fn isConstruct(name: []const u8) bool {
        return eql(name, "range") or eql(name, "prefix") or eql(name, "concat") or eql(name, "elem");
    }

    /// A bit operation on constants (new | related), as opposed to one on packet data
    /// (meta mark | 16), which is an expression.
    fn isConstantOperation(validator: *Validator, name: []const u8, value: u32) bool {
        const tree = validator.tree;
        if (!contains(&[_][]const u8{ "&", "|", "^" }, name)) return false;
        if (tree.kind(value) != .array or tree.count(value) == 0) return false;
        return tree.kind(tree.first(value)) != .object;
    }

    /// Constant values: a scalar, or range/prefix/concat/elem built from scalars.
    fn checkAtom(validator: *Validator, node: u32, value_type: Type, flags: Flags) ?Refusal {
        const tree = validator.tree;
        const datatype = if (value_type.count == 1) value_type.first() else Datatype.untyped;
        switch (tree.kind(node)) {
            .integer => {
                if (tree.negative(node)) return invalid(node, null, "negative values are not accepted here");
                if (datatype == .verdict) return invalid(node, null, "must be a verdict");
                if (value_type.count > 1) return invalid(node, null, "a concatenated type needs a concat value");
                return null;
            },
            .true_value, .false_value => {
                if (datatype != .boolean) return invalid(node, null, "a boolean is accepted only for existence checks");
                return null;
            },
            .string => {
                const text = tree.string(node);
                const reference_or_catch_all = (text.len > 0 and text[0] == '@') or eql(text, "*");
                if (value_type.count > 1 and !reference_or_catch_all) return invalid(node, null, "a concatenated type needs a concat value");
                return validator.checkString(node, datatype, flags);
            },
            .object => {
                if (!flags.construct) return invalid(node, null, "a constant value is expected here");
                return validator.checkConstruct(node, value_type, flags);
            },
            .null_value => return invalid(node, null, "null is not a value"),
            .array => {
                // A flag list (ct state ["new", "established"]): bitmask types only.
                if (value_type.count != 1 or !schema.isBitmask(datatype)) {
                    return invalid(node, null, "an array is not a value here (use {\"set\": […]})");
                }
                const count = tree.count(node);
                if (count == 0 or count > 32) return invalid(node, null, "a flag list takes 1 to 32 values");
                var item = tree.first(node);
                while (item != json.none) : (item = tree.next(item)) {
                    if (tree.kind(item) == .array or tree.kind(item) == .object) return invalid(item, null, "a flag list holds plain values");
                    if (validator.pushAtom(item, value_type, .{ .construct = false })) |refusal| return refusal;
                }
                return null;
            },
        }
    }

    fn pushAtom(validator: *Validator, node: u32, value_type: Type, flags: Flags) ?Refusal {
        validator.push(.{ .kind = .atom, .node = node, .type = value_type, .flags = flags });
        return null;
    }

    fn checkConstruct(validator: *Validator, node: u32, value_type: Type, flags: Flags) ?Refusal {
        const tree = validator.tree;
        if (tree.count(node) != 1) return invalid(node, null, "an expression is an object with exactly one member");
        const key = tree.first(node);
        const name = tree.string(key);
        const value = tree.next(key);
        const scalar_flags = Flags{ .construct = false };
        if (eql(name, "range")) {
            if (tree.kind(value) != .array or tree.count(value) != 2) return invalid(value, null, "a range takes exactly two values");
            const low = tree.first(value);
            if (validator.pushAtom(low, value_type, scalar_flags)) |refusal| return refusal;
            return validator.pushAtom(tree.next(low), value_type, scalar_flags);
        }
        if (eql(name, "prefix")) {
            if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
            if (validator.onlyFields(value, &.{ "addr", "len" })) |refusal| return refusal;
            for ([_][]const u8{ "addr", "len" }) |field_name| if (validator.require(value, field_name)) |refusal| return refusal;
            const address = tree.member(value, "addr");
            const datatype = value_type.first();
            const address_type = if (datatype == .ipv4 or datatype == .ipv6 or datatype == .ether) datatype else Datatype.untyped;
            if (tree.kind(address) != .string) return invalid(address, null, "a prefix needs an address string");
            if (validator.checkString(address, address_type, scalar_flags)) |refusal| return refusal;
            const address_text = tree.string(address);
            const bits: i64 = if (names.isIpv4(address_text)) 32 else if (names.isEther(address_text)) 48 else 128;
            return validator.checkInteger(tree.member(value, "len"), .{ .min = 0, .max = bits });
        }
        if (eql(name, "concat")) {
            if (tree.kind(value) != .array) return invalid(value, null, "concat takes an array");
            const count = tree.count(value);
            if (count < 2 or count > schema.concatenation_components_max) return invalid(value, null, "a concatenation needs 2 to 8 components");
            if (value_type.count > 1 and value_type.count != count) return invalid(value, null, "concatenation does not match the type");
            var item = tree.first(value);
            var slot: u32 = 0;
            while (item != json.none) : ({
                item = tree.next(item);
                slot += 1;
            }) {
                const component = if (value_type.count > 1) Type.single(value_type.components[slot]) else Type.untyped;
                // Components may be ranges or prefixes (interval concatenations), never concats.
                if (tree.kind(item) == .object and tree.count(item) == 1 and eql(tree.string(tree.first(item)), "concat")) {
                    return invalid(item, null, "nested concatenations are not accepted");
                }
                if (validator.pushAtom(item, component, .{ .construct = true })) |refusal| return refusal;
            }
            return null;
        }
        if (contains(&[_][]const u8{ "&", "|", "^" }, name)) {
            // Constant bit operations (tcp flags & (syn|ack)): both operands of the same type.
            if (tree.kind(value) != .array or tree.count(value) != 2) return invalid(value, null, "a binary operation takes exactly two operands");
            const left = tree.first(value);
            if (validator.pushAtom(left, value_type, .{ .construct = true })) |refusal| return refusal;
            return validator.pushAtom(tree.next(left), value_type, .{ .construct = true });
        }
        if (eql(name, "elem")) {
            if (!flags.element_object) return invalid(node, name, "an element object is accepted only in element lists");
            if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
            if (validator.onlyFields(value, &.{ "val", "timeout", "expires", "comment", "counter" })) |refusal| return refusal;
            if (validator.require(value, "val")) |refusal| return refusal;
            if (validator.checkMembers(value, &.{
                .{ .name = "timeout", .kind = .integer, .range = schema.u32_range },
                .{ .name = "expires", .kind = .integer, .range = schema.u32_range },
                .{ .name = "comment", .kind = .comment },
            })) |refusal| return refusal;
            const counter = tree.member(value, "counter");
            if (counter != json.none) {
                if (validator.checkStatefulObject(counter, &.{ "packets", "bytes" }, &.{}, true)) |refusal| return refusal;
            }
            return validator.pushAtom(tree.member(value, "val"), value_type, .{ .construct = true, .catch_all = flags.catch_all });
        }
        return invalid(node, name, "unknown or refused value expression");
    }

    /// A string where a value of `datatype` is expected.
    fn checkString(validator: *Validator, node: u32, datatype: Datatype, flags: Flags) ?Refusal {
        const text = validator.tree.string(node);
        if (text.len > 0 and text[0] == '@') {
            if (!flags.set_reference) return invalid(node, null, "a set reference is not accepted here");
            return nameRefusal(node, text[1..]);
        }
        if (eql(text, "*")) {
            if (!flags.catch_all) return invalid(node, null, "the catch-all \"*\" is accepted only as an element key");
            return null;
        }
        if (schema.acceptsHexString(datatype) and isHexNumber(text)) return null;
        const accepted = switch (datatype) {
            .untyped => names.isIpv4(text) or names.isIpv6(text) or names.isEther(text),
            .ipv4 => names.isIpv4(text),
            .ipv6 => names.isIpv6(text),
            .ether => names.isEther(text),
            .ifname => return checkInterface(validator.tree, node, true),
            .text => names.checkName(text) == null and text.len <= 16,
            .tc_handle => eql(text, "none") or eql(text, "root") or isTcHandle(text),
            .integer => false,
            .boolean, .verdict => return invalid(node, null, "a string is not accepted here"),
            else => contains(schema.symbols(datatype), text),
        };
        if (accepted) return null;
        return switch (datatype) {
            .ipv4, .ipv6, .ether, .untyped => lookupRefused(node, "not a numeric address: names would be resolved by libnftables; use the number or a numeric address"),
            else => lookupRefused(node, "not a compiled-in keyword of this type; names would need a lookup: use the number"),
        };
    }

    // -----------------------------------------------------------------------------------------
    // Elements.

    fn startElements(validator: *Validator, node: u32, key: Type, data: Type, catch_all: bool) ?Refusal {
        const tree = validator.tree;
        const flags = Flags{ .catch_all = catch_all };
        if (tree.kind(node) != .array) {
            // A single element.
            return validator.checkElement(node, key, data, flags);
        }
        const count = tree.count(node);
        if (count == 0) return invalid(node, null, "an element list must not be empty");
        if (count > elements_per_command_max - validator.elements_seen) {
            return .{ .code = .limit_exceeded, .message = "more than 200000 elements in one command", .node = node };
        }
        validator.elements_seen += count;
        validator.push(.{ .kind = .elements, .node = tree.first(node), .type = key, .data = data, .flags = flags });
        return null;
    }

    fn checkElements(validator: *Validator, task: Task) ?Refusal {
        assert(task.node != json.none);
        const following = validator.tree.next(task.node);
        if (following != json.none) validator.push(.{ .kind = .elements, .node = following, .type = task.type, .data = task.data, .flags = task.flags });
        return validator.checkElement(task.node, task.type, task.data, task.flags);
    }

    fn checkElement(validator: *Validator, node: u32, key: Type, data: Type, flags: Flags) ?Refusal {
        const tree = validator.tree;
        const key_flags = Flags{ .catch_all = flags.catch_all, .element_object = true, .construct = true };
        if (data.count == 0) {
            if (tree.kind(node) == .array) return invalid(node, null, "a set element is a value, not an array");
            return validator.checkAtom(node, key, key_flags);
        }
        // Map element: [key, data].
        if (tree.kind(node) != .array or tree.count(node) != 2) return invalid(node, null, "a map element is [key, value]");
        const key_node = tree.first(node);
        const data_node = tree.next(key_node);
        if (validator.checkAtom(key_node, key, key_flags)) |refusal| return refusal;
        if (data.count == 1 and data.first() == .verdict) return validator.checkVerdict(data_node);
        return validator.checkAtom(data_node, data, .{ .construct = true });
    }
};

fn eql(a: []const u8, b: []const u8) bool {
    return std.mem.eql(u8, a, b);
}

fn contains(words: []const []const u8, text: []const u8) bool {
    for (words) |word| {
        if (std.mem.eql(u8, word, text)) return true;
    }
    return false;
}

fn expectNull(tree: *const json.Tree, value: u32) ?Refusal {
    if (tree.kind(value) != .null_value) return Validator.invalid(value, null, "must be null");
    return null;
}

/// Names longer than their limit are `limit_exceeded`; empty or badly formed ones are
/// `invalid_request` (docs/protocol.md: lengths above the limits are limit_exceeded).
fn nameRefusal(node: u32, text: []const u8) ?Refusal {
    if (text.len > names.name_bytes_max) return .{ .code = .limit_exceeded, .message = "name longer than 255 bytes", .node = node };
    if (names.checkName(text)) |reason| return Validator.invalid(node, null, reason);
    return null;
}

fn checkInterface(tree: *const json.Tree, node: u32, wildcard_allowed: bool) ?Refusal {
    if (tree.kind(node) != .string) return Validator.invalid(node, null, "an interface name must be a string");
    const wildcard: usize = if (wildcard_allowed and std.mem.endsWith(u8, tree.string(node), "*")) 1 else 0;
    if (tree.string(node).len - wildcard > names.ifname_bytes_max) {
        return .{ .code = .limit_exceeded, .message = "interface name longer than 15 bytes", .node = node };
    }
    if (names.checkInterfaceName(tree.string(node), wildcard_allowed)) |reason| return Validator.invalid(node, null, reason);
    return null;
}

fn keyType(keys: []const schema.MetaKey, key: ?[]const u8) Datatype {
    const name = key orelse return .untyped;
    for (keys) |entry| {
        if (std.mem.eql(u8, entry.key, name)) return entry.datatype;
    }
    return .untyped;
}

fn familyAddress(family: ?[]const u8) Datatype {
    const name = family orelse return .untyped;
    if (std.mem.eql(u8, name, "ip")) return .ipv4;
    if (std.mem.eql(u8, name, "ip6")) return .ipv6;
    return .untyped;
}

fn setTypeName(text: []const u8, map_data: bool) ?Datatype {
    for (schema.set_types) |entry| {
        if (std.mem.eql(u8, entry.name, text)) return entry.datatype;
    }
    if (map_data) {
        for (schema.map_only_types) |entry| {
            if (std.mem.eql(u8, entry.name, text)) return entry.datatype;
        }
    }
    return null;
}

/// "0x" followed by 1 to 32 hexadecimal digits (a number of up to 128 bits).
fn isHexNumber(text: []const u8) bool {
    if (text.len < 3 or text.len > 34 or text[0] != '0' or (text[1] != 'x' and text[1] != 'X')) return false;
    for (text[2..]) |byte| if (!std.ascii.isHex(byte)) return false;
    return true;
}

fn isTcHandle(text: []const u8) bool {
    const colon = std.mem.indexOfScalar(u8, text, ':') orelse return false;
    const major = text[0..colon];
    const minor = text[colon + 1 ..];
    if (major.len == 0 or major.len > 4 or minor.len == 0 or minor.len > 4) return false;
    for (major) |byte| if (!std.ascii.isHex(byte)) return false;
    for (minor) |byte| if (!std.ascii.isHex(byte)) return false;
    return true;
}
