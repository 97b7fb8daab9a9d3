//! Commands: the verb and the object it carries (table, chain, rule, set/map, element, flowtable,
//! named stateful objects), their required fields and cross-field rules, and the declarations
//! that type later elements.
const std = @import("std");
const assert = std.debug.assert;
const json = @import("../json.zig");
const schema = @import("../schema.zig");
const names = @import("../names.zig");
const common = @import("common.zig");
const expressions = @import("expressions.zig");
const Datatype = common.Datatype;
const Refusal = common.Refusal;
const Validator = common.Validator;
const Type = common.Type;
const Flags = common.Flags;
const Task = common.Task;
const DeclaredSet = common.DeclaredSet;
const Summary = common.Summary;
const declared_sets_max = common.declared_sets_max;
const invalid = Validator.invalid;

pub fn checkCommand(validator: *Validator, node: u32) ?Refusal {
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
    if (checkRequirements(validator, verb, kind, usage, object)) |refusal| return refusal;

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
                declared_key = switch (checkSetType(validator, value, false)) {
                    .type => |value_type| value_type,
                    .refused => |refusal| return refusal,
                };
            },
            .map_type => {
                if (kind != .map) return invalid(object, field.name, "only maps have a data type");
                declared_data = switch (checkSetType(validator, value, true)) {
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
        if (usage == .add) declare(validator, family, summary.table, validator.stringField(object, "name").?, declared_key, declared_data);
    }
    if (elem != json.none) {
        var key = declared_key;
        var data = declared_data;
        if (kind == .element) {
            if (lookupDeclared(validator, family, summary.table, validator.stringField(object, "name") orelse "")) |set| {
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
        return expressions.startElements(validator, elem, key, data, false);
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
