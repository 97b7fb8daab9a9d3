//! Commands: the verb and the object it carries, the fields each object takes for that verb
//! (src/schema.zig), its required fields and cross-field rules, and the set declarations that
//! type the elements of later commands of the batch.
//!
//! Grammar: table chain rule set map element flowtable counter quota ctHelper limit ctTimeout
//!   ctExpectation secmark synproxy
//! (one check function per object of libnftables-json(5), in its order; the Java validator's
//! Commands class has the same functions in the same order, and a mirror test compares them).
//! Each holds the object's required fields and cross-field rules; `command` checks what all
//! objects share (the verb, unknown fields, family and table, every field's value, elements).

const std = @import("std");
const assert = std.debug.assert;
const json = @import("../json.zig");
const schema = @import("../schema.zig");
const names = @import("../names.zig");
const common = @import("common.zig");
const mutation = @import("../mutation.zig");
const expressions = @import("expressions.zig");

const Datatype = common.Datatype;
const Refusal = common.Refusal;
const Validator = common.Validator;
const Type = common.Type;
const Summary = common.Summary;
const declared_sets_max = common.declared_sets_max;
const invalid = Validator.invalid;

/// One command's object with what its rules depend on.
const Command = struct {
    verb: schema.Verb,
    kind: schema.ObjectKind,
    usage: schema.Usage,
    /// The object node (the value of `{"table": …}`).
    object: u32,
};

/// A command: `{VERB: {OBJECT: {…}}}`. Records its summary for the policy check.
pub fn command(validator: *Validator, node: u32) ?Refusal {
    assert(node != json.none and validator.command_index < validator.summaries.len);
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
    if (!schema.verbAccepts(verb, kind)) {
        return invalid(object_holder, tree.string(object_key), "object not accepted by this command");
    }
    const object = tree.next(object_key);
    const summary = Summary{ .verb = verb, .kind = kind, .family = null, .table = "", .node = node };
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
    return members(validator, .{ .verb = verb, .kind = kind, .usage = usage, .object = object }, summary);
}

/// Which fields are present (unknown, required, the object's own rules), then their values.
fn members(validator: *Validator, cmd: Command, summary_start: Summary) ?Refusal {
    const tree = validator.tree;
    const object = cmd.object;
    // Elements are deleted by value: the add form (with elem) serves delete too.
    const fields = schema.objectFields(cmd.kind, if (cmd.kind == .element) .add else cmd.usage);
    if (validator.unknownField(object, fields)) |refusal| return refusal;
    if (validator.require(object, "family")) |refusal| return refusal;
    const table_field: []const u8 = if (cmd.kind == .table) "name" else "table";
    if (cmd.kind != .table or !(cmd.usage == .identify and has(validator, object, "handle"))) {
        if (validator.require(object, table_field)) |refusal| return refusal;
    }
    if (requirements(validator, cmd)) |refusal| return refusal;

    const family_node = tree.member(object, "family");
    if (tree.kind(family_node) != .string) return invalid(family_node, null, "must be a string");
    const family = names.familyFromString(tree.string(family_node)) orelse {
        return invalid(family_node, null, "unknown family");
    };
    validator.family = family;
    var summary = summary_start;
    summary.family = family;
    if (has(validator, object, table_field)) summary.table = validator.stringField(object, table_field) orelse "";
    validator.summaries[validator.command_index] = summary;
    return values(validator, cmd, fields, family, summary.table);
}

/// Every field's value, then the elements (last: they are typed by the declaration in this
/// command or an earlier command of the batch).
fn values(
    validator: *Validator,
    cmd: Command,
    fields: []const schema.Field,
    family: names.Family,
    table_name: []const u8,
) ?Refusal {
    const tree = validator.tree;
    var declared_key = Type{ .count = 0 };
    var declared_data = Type{ .count = 0 };
    for (fields) |field| {
        const value = tree.member(cmd.object, field.name);
        if (value == json.none) continue;
        switch (field.kind) {
            .set_type => {
                declared_key = switch (setType(validator, value, false)) {
                    .type => |value_type| value_type,
                    .refused => |refusal| return refusal,
                };
            },
            .map_type => {
                if (cmd.kind != .map) return invalid(cmd.object, field.name, "only maps have a data type");
                // A known crash shape: libnftables 1.0.6 turns a map whose data is an array (a
                // concatenation) into a set without data, and snat/dnat to a lookup in it
                // dereferences NULL.
                if (tree.kind(value) == .array and !mutation.removed(.crash_map_array)) {
                    return invalid(
                        value,
                        null,
                        "a map's data type must be one type: libnftables 1.0.6 creates a set instead of a map for " ++
                            "concatenated data",
                    );
                }
                declared_data = switch (setType(validator, value, true)) {
                    .type => |value_type| value_type,
                    .refused => |refusal| return refusal,
                };
            },
            // Checked below, once the declared type is known.
            .elements => {},
            else => if (validator.checkField(value, field)) |refusal| return refusal,
        }
    }
    const name = validator.stringField(cmd.object, "name");
    if ((cmd.kind == .set or cmd.kind == .map) and cmd.usage == .add) {
        declare(validator, family, table_name, name.?, declared_key, declared_data);
    }
    const elem = tree.member(cmd.object, "elem");
    if (elem == json.none) return null;
    var key = declared_key;
    var data = declared_data;
    if (cmd.kind == .element) {
        const declared = validator.declaredSet(family, table_name, name orelse "");
        key = if (declared) |found| found.key else Type.untyped;
        data = if (declared) |found| found.data else Type{ .count = 0 };
    }
    if (cmd.kind == .map and data.count == 0) return invalid(cmd.object, "map", "missing field");
    // The catch-all "*" only where the set's flags are known to hold no "interval": in the
    // command that declares the set or map. libnftables 1.0.6 dereferences NULL on "*" in a
    // named interval set (it crashed the helper, and `nft` itself), and an element command
    // cannot know the flags of a set made earlier (`add set` of an existing set is a no-op).
    // Anonymous set and map literals take "*" safely (measured).
    const declared_here = (cmd.kind == .set or cmd.kind == .map) and cmd.usage == .add;
    const catch_all = declared_here and !hasFlag(validator, cmd.object, "interval");
    return expressions.startElements(validator, elem, key, data, catch_all);
}

/// The object's own rules (required fields and cross-field rules that depend on the verb).
fn requirements(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .rename) return validator.requireAll(cmd.object, &.{ "name", "newname" });
    return switch (cmd.kind) {
        .table => table(validator, cmd),
        .chain => chain(validator, cmd),
        .rule => rule(validator, cmd),
        .set => set(validator, cmd),
        .map => map(validator, cmd),
        .element => element(validator, cmd),
        .flowtable => flowtable(validator, cmd),
        .counter => counter(validator, cmd),
        .quota => quota(validator, cmd),
        .ct_helper => ctHelper(validator, cmd),
        .limit => limit(validator, cmd),
        .ct_timeout => ctTimeout(validator, cmd),
        .ct_expectation => ctExpectation(validator, cmd),
        .secmark => secmark(validator, cmd),
        .synproxy => synproxy(validator, cmd),
        .ruleset, .tables => unreachable,
    };
}

fn table(validator: *Validator, cmd: Command) ?Refusal {
    // A table is identified by its name or its handle.
    if (cmd.usage == .identify and !has(validator, cmd.object, "handle")) return validator.require(cmd.object, "name");
    const flags = validator.tree.member(cmd.object, "flags");
    if (flags == json.none) return null;
    return tableFlags(validator, flags, validator.stringField(cmd.object, "name") orelse "");
}

/// "dormant", "owner", or an array of them; nft 1.0.6 lists a table's flags as the table's own
/// name, which is taken as well (libnftables reads and ignores a table's flags in JSON).
fn tableFlags(validator: *Validator, flags: u32, table_name: []const u8) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(flags) == .string) {
        if (std.mem.eql(u8, tree.string(flags), table_name)) return null;
        return validator.checkKeyword(flags, &schema.table_flags);
    }
    if (tree.kind(flags) != .array or tree.count(flags) == 0 or tree.count(flags) > schema.table_flags.len) {
        return invalid(flags, null, "must be a flag or an array of flags");
    }
    var item = tree.first(flags);
    while (item != json.none) : (item = tree.next(item)) {
        if (validator.checkKeyword(item, &schema.table_flags)) |refusal| return refusal;
    }
    return null;
}

fn chain(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    const object = cmd.object;
    if (validator.require(object, "name")) |refusal| return refusal;
    const base = has(validator, object, "type") or has(validator, object, "hook") or has(validator, object, "prio") or
        has(validator, object, "policy") or has(validator, object, "dev");
    if (base) {
        // A base chain needs all three; libnftables has crashed on partial ones.
        if (validator.requireAll(object, &.{ "type", "hook", "prio" })) |refusal| return refusal;
    }
    const hook = validator.stringField(object, "hook") orelse "";
    const device_hook = std.mem.eql(u8, hook, "ingress") or std.mem.eql(u8, hook, "egress");
    if (device_hook != has(validator, object, "dev")) {
        return invalid(object, "dev", "dev is required exactly for ingress and egress hooks");
    }
    return null;
}

fn rule(validator: *Validator, cmd: Command) ?Refusal {
    const object = cmd.object;
    if (cmd.usage == .identify) return validator.requireAll(object, &.{ "chain", "handle" });
    if (validator.requireAll(object, &.{ "chain", "expr" })) |refusal| return refusal;
    if (cmd.verb == .replace) {
        if (validator.require(object, "handle")) |refusal| return refusal;
        if (has(validator, object, "index")) return invalid(object, "index", "replace takes a handle, not an index");
    }
    if (has(validator, object, "handle") and has(validator, object, "index")) {
        return invalid(object, "index", "give either handle or index");
    }
    return null;
}

fn set(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "type" });
}

fn map(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "type", "map" });
}

fn element(validator: *Validator, cmd: Command) ?Refusal {
    // Elements are added and deleted by value.
    return validator.require(cmd.object, "elem");
}

fn flowtable(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "hook", "prio", "dev" });
}

fn counter(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.require(cmd.object, "name");
}

fn quota(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "bytes" });
}

fn ctHelper(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "type", "protocol" });
}

fn limit(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "rate" });
}

fn ctTimeout(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "protocol", "policy" });
}

fn ctExpectation(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "protocol", "dport", "timeout", "size" });
}

fn secmark(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.requireAll(cmd.object, &.{ "name", "context" });
}

fn synproxy(validator: *Validator, cmd: Command) ?Refusal {
    if (cmd.usage == .identify) return identified(validator, cmd);
    return validator.require(cmd.object, "name");
}

/// A named object in delete, list, reset or flush: by name; delete also takes a handle.
fn identified(validator: *Validator, cmd: Command) ?Refusal {
    assert(cmd.usage == .identify);
    if (cmd.verb == .delete and has(validator, cmd.object, "handle")) return null;
    if (validator.require(cmd.object, "name")) |refusal| return refusal;
    if (has(validator, cmd.object, "handle")) return invalid(cmd.object, "handle", "handle is accepted only by delete");
    return null;
}

/// Whether a set's "flags" (a string or an array) include `flag`.
fn hasFlag(validator: *Validator, object: u32, flag: []const u8) bool {
    const tree = validator.tree;
    const flags = tree.member(object, "flags");
    if (flags == json.none) return false;
    if (tree.kind(flags) == .string) return std.mem.eql(u8, tree.string(flags), flag);
    if (tree.kind(flags) != .array) return true; // malformed: refused by its field check, never "*"
    var item = tree.first(flags);
    while (item != json.none) : (item = tree.next(item)) {
        if (tree.kind(item) == .string and std.mem.eql(u8, tree.string(item), flag)) return true;
    }
    return false;
}

fn has(validator: *Validator, object: u32, field: []const u8) bool {
    return validator.tree.member(object, field) != json.none;
}

/// A set type: one type name, or an array of 2–8 names (concatenation).
fn setType(validator: *Validator, node: u32, map_data: bool) union(enum) { type: Type, refused: Refusal } {
    const tree = validator.tree;
    if (tree.kind(node) == .string) {
        const datatype = setTypeName(tree.string(node), map_data) orelse return .{ .refused = invalid(
            node,
            null,
            "unknown or refused set type",
        ) };
        return .{ .type = Type.single(datatype) };
    }
    if (tree.kind(node) != .array) return .{ .refused = invalid(
        node,
        null,
        "must be a type name or an array of type names",
    ) };
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
        const datatype = setTypeName(tree.string(item), false) orelse return .{ .refused = invalid(
            item,
            null,
            "unknown or refused set type",
        ) };
        result.components[slot] = datatype;
    }
    return .{ .type = result };
}

fn declare(
    validator: *Validator,
    family: names.Family,
    table_name: []const u8,
    name: []const u8,
    key: Type,
    data: Type,
) void {
    if (validator.declared_count >= declared_sets_max) return; // later sets stay untyped
    validator.declared[validator.declared_count] = .{
        .family = family,
        .table = table_name,
        .name = name,
        .key = key,
        .data = data,
    };
    validator.declared_count += 1;
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
