//! What the three parts of the validator share: the walk's state (an explicit task stack, the
//! summaries, the sets declared so far), the value types and position flags, and the small checks
//! every part uses (fields, integers, keywords, names, references).

const std = @import("std");
const assert = std.debug.assert;
const json = @import("../json.zig");
const schema = @import("../schema.zig");
const names = @import("../names.zig");
const request = @import("../request.zig");

pub const Datatype = schema.Datatype;
pub const Refusal = request.Refusal;

pub const commands_max: u32 = 20_000;
pub const elements_per_command_max: u32 = 200_000;
pub const statements_per_rule_max: u32 = 128;
pub const declared_sets_max: u32 = 256;
pub const tasks_capacity: u32 = 1024;

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

    pub const untyped = single(.untyped);
};

pub const Flags = packed struct(u8) {
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

pub const TaskKind = enum {
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
    /// The counter, limit or quota of one element object: `node` is the member's key.
    element_statement,
};

pub const Task = struct {
    kind: TaskKind,
    node: u32,
    type: Type = .{ .count = 0 },
    /// Map data type for element lists of maps (count 0: not a map).
    data: Type = .{ .count = 0 },
    flags: Flags = .{},
};

pub const DeclaredSet = struct {
    family: names.Family,
    table: []const u8,
    name: []const u8,
    key: Type,
    data: Type,
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

    pub fn push(validator: *Validator, task: Task) void {
        // The stack holds at most depth × (fields of one object); depth ≤ 32 and objects have
        // at most a handful of fields, so the capacity is never reached by valid or invalid input.
        assert(validator.task_count < tasks_capacity);
        validator.tasks[validator.task_count] = task;
        validator.task_count += 1;
    }

    /// The latest declaration in this batch of the set or map `name` of that table, or null.
    pub fn declaredSet(
        validator: *const Validator,
        family: names.Family,
        table_name: []const u8,
        name: []const u8,
    ) ?DeclaredSet {
        assert(validator.declared_count <= declared_sets_max);
        var index = validator.declared_count;
        while (index > 0) {
            index -= 1;
            const declared = validator.declared[index];
            if (declared.family != family) continue;
            if (std.mem.eql(u8, declared.table, table_name) and std.mem.eql(u8, declared.name, name)) return declared;
        }
        return null;
    }

    pub fn invalid(node: u32, key: ?[]const u8, message: []const u8) Refusal {
        return .{ .code = .invalid_request, .message = message, .node = node, .key = key };
    }

    pub fn lookupRefused(node: u32, message: []const u8) Refusal {
        return .{ .code = .lookup_refused, .message = message, .node = node };
    }

    /// For an object with exactly one member: its key node. Refuses anything else.
    pub fn single(validator: *Validator, node: u32, what: []const u8) union(enum) { key: u32, refused: Refusal } {
        assert(node != json.none);
        const tree = validator.tree;
        if (tree.kind(node) != .object or tree.count(node) != 1) {
            return .{ .refused = invalid(node, null, what) };
        }
        return .{ .key = tree.first(node) };
    }

    pub fn unknownField(validator: *Validator, object: u32, fields: []const schema.Field) ?Refusal {
        assert(validator.tree.kind(object) == .object);
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

    pub fn onlyFields(validator: *Validator, object: u32, allowed: []const []const u8) ?Refusal {
        const tree = validator.tree;
        if (request.unknownField(tree, object, allowed)) |name| return invalid(object, name, "unknown field");
        return null;
    }

    pub fn require(validator: *Validator, object: u32, field: []const u8) ?Refusal {
        if (validator.tree.member(object, field) == json.none) return invalid(object, field, "missing field");
        return null;
    }

    /// The first of `fields` that `object` lacks, as a refusal.
    pub fn requireAll(validator: *Validator, object: u32, fields: []const []const u8) ?Refusal {
        for (fields) |field| if (validator.require(object, field)) |refusal| return refusal;
        return null;
    }

    pub fn stringField(validator: *Validator, object: u32, field: []const u8) ?[]const u8 {
        const node = validator.tree.member(object, field);
        if (node == json.none or validator.tree.kind(node) != .string) return null;
        return validator.tree.string(node);
    }

    pub fn checkInteger(validator: *Validator, node: u32, range: schema.Range) ?Refusal {
        assert(node != json.none and range.min <= range.max);
        const tree = validator.tree;
        if (tree.kind(node) != .integer) return invalid(node, null, "must be an integer");
        const value = tree.integer(node);
        if (value < range.min or value > range.max) return invalid(node, null, "integer out of range");
        return null;
    }

    pub fn checkKeyword(validator: *Validator, node: u32, words: []const []const u8) ?Refusal {
        assert(node != json.none and words.len > 0);
        const tree = validator.tree;
        if (tree.kind(node) != .string) return invalid(node, null, "must be a string");
        if (!contains(words, tree.string(node))) return invalid(node, null, "unknown keyword");
        return null;
    }

    pub fn checkNameNode(validator: *Validator, node: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(node) != .string) return invalid(node, null, "must be a string");
        return nameRefusal(node, tree.string(node));
    }

    /// "@name": a reference to a named set, map or flowtable.
    pub fn checkReference(validator: *Validator, node: u32) ?Refusal {
        assert(node != json.none);
        const tree = validator.tree;
        if (tree.kind(node) != .string) return invalid(node, null, "must be a set reference string");
        const text = tree.string(node);
        if (text.len < 2 or text[0] != '@') return invalid(node, null, "must be a set reference \"@name\"");
        return nameRefusal(node, text[1..]);
    }

    /// A field's value, by the kind of value the schema gives it.
    pub fn checkField(validator: *Validator, value: u32, spec: schema.Field) ?Refusal {
        assert(value != json.none);
        const tree = validator.tree;
        switch (spec.kind) {
            .family => {
                if (tree.kind(value) != .string) return invalid(value, null, "must be a string");
                if (names.familyFromString(tree.string(value)) == null) return invalid(value, null, "unknown family");
            },
            .name => return validator.checkNameNode(value),
            .handle => return validator.checkInteger(value, .{ .min = 1, .max = (1 << 53) - 1 }),
            .index => return validator.checkInteger(value, schema.u32_range),
            .comment, .log_prefix, .secmark_context => return validator.checkText(value, spec.kind),
            .helper_type => {
                if (tree.kind(value) != .string) return invalid(value, null, "must be a string");
                if (names.checkName(tree.string(value))) |reason| return invalid(value, null, reason);
                if (tree.string(value).len > 16) return invalid(value, null, "helper name longer than 16 bytes");
            },
            .integer => return validator.checkInteger(value, spec.range),
            .boolean => {
                const boolean = tree.kind(value) == .true_value or tree.kind(value) == .false_value;
                if (!boolean) return invalid(value, null, "must be a boolean");
            },
            .null_value => if (tree.kind(value) != .null_value) return invalid(value, null, "must be null"),
            .keyword => return validator.checkKeyword(value, spec.words),
            .keywords => return validator.checkKeywords(value, spec.words),
            .ifname => return checkInterface(tree, value, false),
            .ifnames => return validator.checkInterfaces(value),
            .statements => return validator.checkStatementList(value),
            .ct_timeout_policy => return validator.checkTimeoutPolicy(value),
            .set_statements => return validator.checkSetStatements(value),
            // Checked with the table (commands.zig): its own name is what nft 1.0.6 lists.
            .table_flags => {},
            .elements, .set_type, .map_type => unreachable,
        }
        return null;
    }

    /// A comment, a log prefix or a secmark context: printable text within its limit.
    fn checkText(validator: *Validator, value: u32, kind: schema.FieldKind) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .string) return invalid(value, null, "must be a string");
        const limit: u32 = switch (kind) {
            .comment => names.comment_bytes_max,
            .log_prefix => names.log_prefix_bytes_max,
            else => 256,
        };
        const text = tree.string(value);
        if (names.checkText(text, limit)) |reason| {
            const code: request.Code = if (text.len > limit) .limit_exceeded else .invalid_request;
            return .{ .code = code, .message = reason, .node = value };
        }
        if (kind == .secmark_context and text.len == 0) return invalid(value, null, "must not be empty");
        return null;
    }

    /// One keyword, or an array of them (flags).
    fn checkKeywords(validator: *Validator, value: u32, words: []const []const u8) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .string) return validator.checkKeyword(value, words);
        if (tree.kind(value) != .array) return invalid(value, null, "must be a string or an array of strings");
        const count = tree.count(value);
        if (count == 0 or count > words.len) return invalid(value, null, "invalid number of flags");
        var item = tree.first(value);
        while (item != json.none) : (item = tree.next(item)) {
            if (validator.checkKeyword(item, words)) |refusal| return refusal;
        }
        return null;
    }

    /// One interface name, or an array of 1 to 256 (a flowtable's or a netdev chain's devices).
    fn checkInterfaces(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) == .string) return checkInterface(tree, value, false);
        if (tree.kind(value) != .array) return invalid(value, null, "must be a string or an array of strings");
        if (tree.count(value) == 0 or tree.count(value) > 256) return invalid(value, null, "1 to 256 devices");
        var item = tree.first(value);
        while (item != json.none) : (item = tree.next(item)) {
            if (checkInterface(tree, item, false)) |refusal| return refusal;
        }
        return null;
    }

    /// A rule's `expr`: 1 to 128 statements, walked one at a time by the statements part.
    fn checkStatementList(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .array) return invalid(value, null, "must be an array of statements");
        if (tree.count(value) == 0) return invalid(value, null, "a rule needs at least one statement");
        if (tree.count(value) > statements_per_rule_max) {
            return .{ .code = .limit_exceeded, .message = "more than 128 statements in one rule", .node = value };
        }
        validator.push(.{ .kind = .statements, .node = tree.first(value) });
        return null;
    }

    /// A ct timeout's policy: conntrack state -> seconds.
    fn checkTimeoutPolicy(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .object or tree.count(value) == 0) {
            return invalid(value, null, "must be a non-empty object of state: seconds");
        }
        var key = tree.first(value);
        while (key != json.none) : (key = tree.next(tree.next(key))) {
            if (!contains(&schema.ct_timeout_states, tree.string(key))) {
                return invalid(value, tree.string(key), "unknown conntrack state");
            }
            if (validator.checkInteger(tree.next(key), schema.u32_range)) |refusal| return refusal;
        }
        return null;
    }

    /// A set statement's per-element statements: counter, limit or quota, as a set declares
    /// them. An empty statement object has crashed libnftables and is refused with the rest.
    fn checkSetStatements(validator: *Validator, value: u32) ?Refusal {
        const tree = validator.tree;
        if (tree.kind(value) != .array or tree.count(value) == 0 or tree.count(value) > 4) {
            return invalid(value, null, "must be an array of 1 to 4 statements (counter, limit, quota)");
        }
        var item = tree.first(value);
        while (item != json.none) : (item = tree.next(item)) {
            const member = switch (validator.single(item, "a statement is an object with exactly one member")) {
                .key => |key| key,
                .refused => |refusal| return refusal,
            };
            const name = tree.string(member);
            if (!eql(name, "counter") and !eql(name, "limit") and !eql(name, "quota")) {
                return invalid(item, name, "a set applies only counter, limit and quota to its elements");
            }
            validator.push(.{ .kind = .statement, .node = item });
        }
        return null;
    }

    /// Checks the listed members that are present (presence and unknown fields are checked by
    /// the caller).
    pub fn checkMembers(validator: *Validator, object: u32, fields: []const schema.Field) ?Refusal {
        assert(validator.tree.kind(object) == .object);
        for (fields) |spec| {
            const item = validator.tree.member(object, spec.name);
            if (item == json.none) continue;
            if (validator.checkField(item, spec)) |refusal| return refusal;
        }
        return null;
    }

    /// counter/quota/limit: null (anonymous, defaults), an object, or a named object reference.
    pub fn checkStatefulObject(
        validator: *Validator,
        value: u32,
        integers: []const []const u8,
        required: []const []const u8,
        null_allowed: bool,
    ) ?Refusal {
        assert(value != json.none and required.len <= integers.len);
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
};

pub fn eql(a: []const u8, b: []const u8) bool {
    return std.mem.eql(u8, a, b);
}

pub fn contains(words: []const []const u8, text: []const u8) bool {
    assert(words.len > 0);
    for (words) |word| {
        if (std.mem.eql(u8, word, text)) return true;
    }
    return false;
}

pub fn expectNull(tree: *const json.Tree, value: u32) ?Refusal {
    if (tree.kind(value) != .null_value) return Validator.invalid(value, null, "must be null");
    return null;
}

/// Names longer than their limit are `limit_exceeded`; empty or badly formed ones are
/// `invalid_request` (docs/protocol.md: lengths above the limits are limit_exceeded).
pub fn nameRefusal(node: u32, text: []const u8) ?Refusal {
    assert(node != json.none);
    if (text.len > names.name_bytes_max) {
        return .{ .code = .limit_exceeded, .message = "name longer than 255 bytes", .node = node };
    }
    if (names.checkName(text)) |reason| return Validator.invalid(node, null, reason);
    return null;
}

pub fn checkInterface(tree: *const json.Tree, node: u32, wildcard_allowed: bool) ?Refusal {
    assert(node != json.none);
    if (tree.kind(node) != .string) return Validator.invalid(node, null, "an interface name must be a string");
    const wildcard: usize = if (wildcard_allowed and std.mem.endsWith(u8, tree.string(node), "*")) 1 else 0;
    if (tree.string(node).len - wildcard > names.ifname_bytes_max) {
        return .{ .code = .limit_exceeded, .message = "interface name longer than 15 bytes", .node = node };
    }
    if (names.checkInterfaceName(tree.string(node), wildcard_allowed)) |reason|
        return Validator.invalid(node, null, reason);
    return null;
}
