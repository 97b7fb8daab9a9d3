//! Statements: the members of a rule's `expr` array.
//!
//! Grammar: verdict match counter mangle quota limit fwd notrack dup nat reject set log ctHelper
//!   queue vmap ctCount ctTimeout ctExpectation flow secmark synproxy tproxy
//! (one check function per statement of libnftables-json(5), in its order, then the statements
//! nft accepts beyond it, alphabetically; the Java validator's Statements class has the same
//! functions in the same order, and a mirror test compares them). `nat` is snat, dnat,
//! masquerade and redirect; `verdict` is accept, drop, continue, return, jump and goto.

const std = @import("std");
const assert = std.debug.assert;
const mutation = @import("../mutation.zig");
const json = @import("../json.zig");
const schema = @import("../schema.zig");
const common = @import("common.zig");
const expressions = @import("expressions.zig");

const Datatype = common.Datatype;
const Refusal = common.Refusal;
const Validator = common.Validator;
const Type = common.Type;
const Task = common.Task;
const invalid = Validator.invalid;
const contains = common.contains;
const eql = common.eql;

const meter_refusal = "meter is refused: its set appears in no listing, outside the policy's caps; " ++
    "declare a dynamic set and use the set statement";
const expectNull = common.expectNull;

/// The statements of a rule, one at a time: checks this one, queues the next sibling.
pub fn statementList(validator: *Validator, task: Task) ?Refusal {
    assert(task.node != json.none);
    const following = validator.tree.next(task.node);
    if (following != json.none) validator.push(.{ .kind = .statements, .node = following });
    validator.push(.{ .kind = .statement, .node = task.node });
    return null;
}

/// A statement: `{NAME: VALUE}`, handed to the check function of NAME.
pub fn statement(validator: *Validator, node: u32) ?Refusal {
    assert(node != json.none);
    const tree = validator.tree;
    const key = switch (validator.single(node, "a statement is an object with exactly one member")) {
        .key => |value| value,
        .refused => |refusal| return refusal,
    };
    const name = tree.string(key);
    const value = tree.next(key);
    const verdict_name = contains(&schema.simple_verdicts, name) or contains(&schema.chain_verdicts, name);
    if (verdict_name) return verdict(validator, node);
    if (eql(name, "match")) return match(validator, value);
    if (eql(name, "counter")) return counter(validator, value);
    if (eql(name, "mangle")) return mangle(validator, value);
    if (eql(name, "quota")) return quota(validator, value);
    if (eql(name, "limit")) return limit(validator, value);
    if (eql(name, "fwd")) return fwd(validator, value);
    if (eql(name, "notrack")) return notrack(validator, value);
    if (eql(name, "dup")) return dup(validator, value);
    if (contains(&schema.nat_statements, name)) return nat(validator, value, name);
    if (eql(name, "reject")) return reject(validator, value);
    if (eql(name, "set")) return set(validator, value);
    if (eql(name, "log")) return log(validator, value);
    if (eql(name, "ct helper")) return ctHelper(validator, value);
    if (eql(name, "queue")) return queue(validator, value);
    if (eql(name, "vmap")) return vmap(validator, value);
    if (eql(name, "ct count")) return ctCount(validator, value);
    if (eql(name, "ct timeout")) return ctTimeout(validator, value);
    if (eql(name, "ct expectation")) return ctExpectation(validator, value);
    if (eql(name, "flow")) return flow(validator, value);
    if (eql(name, "secmark")) return secmark(validator, value);
    if (eql(name, "synproxy")) return synproxy(validator, value);
    if (eql(name, "tproxy")) return tproxy(validator, value);
    // nft lists a meter, and libnftables 1.0.6 reads it back, but the set it makes appears in no
    // listing: the census of the policy's caps (src/resources.zig) could not count it.
    if (eql(name, "meter")) return invalid(node, name, meter_refusal);
    return invalid(node, name, "unknown or refused statement");
}

/// The counter, limit or quota of one element (`{"elem": {"val": …, "limit": {…}}}`), as nft
/// lists a set whose `stmt` gives every element one: `key` is the member's name.
pub fn elementStatement(validator: *Validator, key: u32) ?Refusal {
    const tree = validator.tree;
    const name = tree.string(key);
    const value = tree.next(key);
    if (eql(name, "counter")) return counter(validator, value);
    if (eql(name, "limit")) return limit(validator, value);
    assert(eql(name, "quota"));
    return quota(validator, value);
}

fn verdict(validator: *Validator, node: u32) ?Refusal {
    return expressions.verdict(validator, node);
}

fn match(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "op", "left", "right" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "op", "left", "right" })) |refusal| return refusal;
    if (validator.checkKeyword(tree.member(value, "op"), &schema.match_operators)) |refusal| return refusal;
    const left = tree.member(value, "left");
    const right = tree.member(value, "right");
    const left_type = expressions.typeOf(validator, left);
    validator.push(.{
        .kind = .rhs,
        .node = right,
        .type = left_type,
        .flags = .{ .set_reference = true, .set_literal = true },
    });
    validator.push(.{ .kind = .lhs, .node = left });
    return null;
}

fn counter(validator: *Validator, value: u32) ?Refusal {
    if (isObjectMap(validator, value)) return objectMap(validator, value);
    return validator.checkStatefulObject(value, &.{ "packets", "bytes" }, &.{}, true);
}

/// `{"map": {"key": …, "data": …}}` as a counter, quota or limit: the named object is chosen by a
/// map lookup (counter name ip saddr map @m); the map's data are object names.
fn isObjectMap(validator: *Validator, value: u32) bool {
    const tree = validator.tree;
    return tree.kind(value) == .object and tree.count(value) == 1 and eql(tree.string(tree.first(value)), "map");
}

fn objectMap(validator: *Validator, value: u32) ?Refusal {
    const names = Type.single(.object_name);
    validator.push(.{ .kind = .rhs, .node = value, .type = names, .flags = .{ .expression = true } });
    return null;
}

fn mangle(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "key", "value" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "key", "value" })) |refusal| return refusal;
    const key = tree.member(value, "key");
    const target = switch (validator.single(key, "mangle key must be an expression object")) {
        .key => |member_key| tree.string(member_key),
        .refused => |refusal| return refusal,
    };
    const targets = [_][]const u8{ "payload", "meta", "ct", "exthdr", "tcp option" };
    if (!contains(&targets, target)) {
        return invalid(key, null, "mangle key must be payload, meta, ct, exthdr or tcp option");
    }
    validator.push(.{
        .kind = .rhs,
        .node = tree.member(value, "value"),
        .type = expressions.typeOf(validator, key),
        .flags = .{ .expression = true },
    });
    validator.push(.{ .kind = .lhs, .node = key });
    return null;
}

fn quota(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) == .string) return validator.checkNameNode(value);
    if (isObjectMap(validator, value)) return objectMap(validator, value);
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

fn limit(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) == .string) return validator.checkNameNode(value);
    if (isObjectMap(validator, value)) return objectMap(validator, value);
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object or a name");
    if (validator.onlyFields(value, &.{ "rate", "rate_unit", "per", "burst", "burst_unit", "inv" })) |refusal|
        return refusal;
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

fn fwd(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "dev", "family", "addr" })) |refusal| return refusal;
    if (validator.require(value, "dev")) |refusal| return refusal;
    // The device is resolved through the helper's route socket (src/lookups.zig).
    if (device(validator, tree.member(value, "dev"))) |refusal| return refusal;
    const family = schema.Field{ .name = "family", .kind = .keyword, .words = &schema.ip_families };
    if (validator.checkMembers(value, &.{family})) |refusal| return refusal;
    const address = tree.member(value, "addr");
    if (address == json.none) return null;
    return expressions.atom(validator, address, Type.untyped, .{ .construct = false });
}

/// An output device: an interface name, resolved to its index through the helper's route
/// socket (src/lookups.zig), the index itself, or one chosen by a map lookup
/// (`fwd to meta mark map { 0x1 : "eth1" }`) whose data are such devices.
fn device(validator: *Validator, node: u32) ?Refusal {
    if (validator.tree.kind(node) == .integer) return validator.checkInteger(node, schema.u32_range);
    if (isObjectMap(validator, node)) {
        const devices = Type.single(.ifindex);
        validator.push(.{ .kind = .rhs, .node = node, .type = devices, .flags = .{ .expression = true } });
        return null;
    }
    return common.checkInterface(validator.tree, node, false);
}

fn notrack(validator: *Validator, value: u32) ?Refusal {
    return expectNull(validator.tree, value);
}

fn dup(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "addr", "dev" })) |refusal| return refusal;
    if (validator.require(value, "addr")) |refusal| return refusal;
    if (tree.member(value, "dev") != json.none) {
        if (device(validator, tree.member(value, "dev"))) |refusal| return refusal;
    }
    // In a netdev table the target is a device ("dup to eth1"), elsewhere an address; either may
    // be chosen by a map lookup (dup to ip saddr map { … : 192.0.2.1 }).
    const address = tree.member(value, "addr");
    if (validator.family == .netdev) return device(validator, address);
    if (isObjectMap(validator, address)) {
        const flags = common.Flags{ .expression = true };
        validator.push(.{ .kind = .rhs, .node = address, .type = Type.untyped, .flags = flags });
        return null;
    }
    return expressions.atom(validator, address, Type.untyped, .{ .construct = false });
}

fn nat(validator: *Validator, value: u32, name: []const u8) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) == .null_value) {
        if (eql(name, "masquerade") or eql(name, "redirect")) return null;
        return invalid(value, null, "snat and dnat need an address");
    }
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    const address_allowed = eql(name, "snat") or eql(name, "dnat");
    if (address_allowed) {
        if (validator.onlyFields(value, &.{ "addr", "family", "port", "flags", "type_flags" })) |refusal|
            return refusal;
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
    if (port != json.none) validator.push(.{
        .kind = .rhs,
        .node = port,
        .type = Type.single(.integer),
        .flags = .{ .expression = true },
    });
    const address = tree.member(value, "addr");
    if (address != json.none) validator.push(.{
        .kind = .rhs,
        .node = address,
        .type = Type.single(address_type),
        .flags = .{ .expression = true },
    });
    // A known crash shape: libnftables 1.0.6 dereferences NULL on snat/dnat to a lookup in a
    // named set (a set has no data). A set this batch declares is refused here; the helper's
    // census refuses one that exists already (src/resources.zig).
    if (natSetLookup(tree, value)) |lookup| {
        const summary = validator.summaries[validator.command_index];
        if (validator.declaredSet(summary.family.?, summary.table, lookup.name)) |declared| {
            if (declared.data.count == 0) {
                return invalid(
                    lookup.node,
                    null,
                    "snat/dnat to a lookup in a set, not a map: libnftables 1.0.6 crashes on it",
                );
            }
        }
    }
    // Another: a port beside an address map whose data is a concatenation (address . port) makes
    // libnftables 1.0.6 abort (an assertion in netlink_gen_nat_stmt).
    if (port != json.none and address != json.none and concatDataMap(tree, address) and
        !mutation.removed(.crash_nat_concat_port))
    {
        return invalid(port, null, nat_concat_port_refusal);
    }
    return null;
}

pub const nat_concat_port_refusal = "a port beside an address map whose data is a concatenation " ++
    "(address . port): libnftables 1.0.6 aborts on it; the map's data carries the port";

/// True for `{"map": {"data": {"set": [...]}}}` with an element whose data is a concatenation.
fn concatDataMap(tree: *const json.Tree, address: u32) bool {
    if (tree.kind(address) != .object) return false;
    const map = tree.member(address, "map");
    if (map == json.none or tree.kind(map) != .object) return false;
    const data = tree.member(map, "data");
    if (data == json.none or tree.kind(data) != .object) return false;
    const elements = tree.member(data, "set");
    if (elements == json.none or tree.kind(elements) != .array) return false;
    var element = tree.first(elements);
    while (element != json.none) : (element = tree.next(element)) {
        if (tree.kind(element) != .array or tree.count(element) != 2) continue;
        const value = tree.next(tree.first(element));
        if (tree.kind(value) == .object and tree.member(value, "concat") != json.none) return true;
    }
    return false;
}

pub const Lookup = struct { name: []const u8, node: u32 };

/// The named map an snat/dnat statement's address is looked up in (`"addr": {"map": {"data":
/// "@NAME"}}`), or null. `value` is the statement's value.
pub fn natSetLookup(tree: *const json.Tree, value: u32) ?Lookup {
    assert(value != json.none);
    if (tree.kind(value) != .object) return null;
    const address = tree.member(value, "addr");
    if (address == json.none or tree.kind(address) != .object) return null;
    const map = tree.member(address, "map");
    if (map == json.none or tree.kind(map) != .object) return null;
    const data = tree.member(map, "data");
    if (data == json.none or tree.kind(data) != .string) return null;
    const text = tree.string(data);
    if (text.len < 2 or text[0] != '@') return null;
    return .{ .name = text[1..], .node = data };
}

fn reject(validator: *Validator, value: u32) ?Refusal {
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
    var code_type: Datatype = .icmpx_code;
    if (eql(reject_type, "icmp")) code_type = .icmp_code;
    if (eql(reject_type, "icmpv6")) code_type = .icmpv6_code;
    return expressions.atom(validator, expression, Type.single(code_type), .{ .construct = false });
}

fn set(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "op", "elem", "set", "stmt" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "op", "elem", "set" })) |refusal| return refusal;
    if (validator.checkKeyword(tree.member(value, "op"), &schema.set_statement_operations)) |refusal| return refusal;
    if (validator.checkReference(tree.member(value, "set"))) |refusal| return refusal;
    // Per-element statements (add @s { ip saddr limit rate over 10/minute }): counter, limit,
    // quota, as a set declares them.
    const stmt = tree.member(value, "stmt");
    if (stmt != json.none) {
        if (validator.checkField(stmt, .{ .name = "stmt", .kind = .set_statements })) |refusal| return refusal;
    }
    const elem = tree.member(value, "elem");
    // {"elem": {"val": KEY, "timeout": …}}: the key with a timeout (update @s { ip saddr timeout 30s }).
    if (tree.kind(elem) == .object and tree.count(elem) == 1 and eql(tree.string(tree.first(elem)), "elem")) {
        const body = tree.next(tree.first(elem));
        if (tree.kind(body) != .object) return invalid(body, null, "must be an object");
        if (validator.onlyFields(body, &.{ "val", "timeout", "expires", "comment" })) |refusal| return refusal;
        if (validator.require(body, "val")) |refusal| return refusal;
        if (validator.checkMembers(body, &.{
            .{ .name = "timeout", .kind = .integer, .range = schema.u32_range },
            .{ .name = "expires", .kind = .integer, .range = schema.u32_range },
            .{ .name = "comment", .kind = .comment },
        })) |refusal| return refusal;
        validator.push(.{ .kind = .lhs, .node = tree.member(body, "val") });
        return null;
    }
    validator.push(.{ .kind = .lhs, .node = elem });
    return null;
}

fn log(validator: *Validator, value: u32) ?Refusal {
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

fn ctHelper(validator: *Validator, value: u32) ?Refusal {
    // A named ct helper of the table, or one chosen by a map lookup (as counter, quota, limit).
    if (isObjectMap(validator, value)) return objectMap(validator, value);
    return validator.checkNameNode(value);
}

fn queue(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) == .null_value) return null;
    if (tree.kind(value) != .object) return invalid(value, null, "must be null or an object");
    if (validator.onlyFields(value, &.{ "num", "flags" })) |refusal| return refusal;
    const flags = [_]schema.Field{.{ .name = "flags", .kind = .keywords, .words = &schema.queue_flags }};
    if (validator.checkMembers(value, &flags)) |refusal| return refusal;
    const number = tree.member(value, "num");
    if (number != json.none) validator.push(.{
        .kind = .rhs,
        .node = number,
        .type = Type.single(.integer),
        .flags = .{ .expression = true },
    });
    return null;
}

fn vmap(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "key", "data" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "key", "data" })) |refusal| return refusal;
    const key = tree.member(value, "key");
    const data = tree.member(value, "data");
    if (expressions.mapData(validator, data, expressions.typeOf(validator, key), Type.single(.verdict))) |refusal|
        return refusal;
    validator.push(.{ .kind = .lhs, .node = key });
    return null;
}

fn ctCount(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "val", "inv" })) |refusal| return refusal;
    if (validator.require(value, "val")) |refusal| return refusal;
    return validator.checkMembers(
        value,
        &.{ .{ .name = "val", .kind = .integer, .range = schema.u32_range }, .{ .name = "inv", .kind = .boolean } },
    );
}

fn ctTimeout(validator: *Validator, value: u32) ?Refusal {
    // A reference to a named object of the table.
    return validator.checkNameNode(value);
}

fn ctExpectation(validator: *Validator, value: u32) ?Refusal {
    // A reference to a named object of the table.
    return validator.checkNameNode(value);
}

fn flow(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "op", "flowtable" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "op", "flowtable" })) |refusal| return refusal;
    if (validator.checkKeyword(tree.member(value, "op"), &.{"add"})) |refusal| return refusal;
    return validator.checkReference(tree.member(value, "flowtable"));
}

fn secmark(validator: *Validator, value: u32) ?Refusal {
    // A reference to a named object of the table.
    return validator.checkNameNode(value);
}

fn synproxy(validator: *Validator, value: u32) ?Refusal {
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

fn tproxy(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "family", "addr", "port" })) |refusal| return refusal;
    if (tree.member(value, "addr") == json.none and tree.member(value, "port") == json.none) {
        return invalid(value, "addr", "tproxy needs an address or a port");
    }
    const family_field = [_]schema.Field{.{ .name = "family", .kind = .keyword, .words = &schema.ip_families }};
    if (validator.checkMembers(value, &family_field)) |refusal| return refusal;
    var address_type = Datatype.untyped;
    if (validator.stringField(value, "family")) |family| address_type = if (eql(family, "ip")) .ipv4 else .ipv6;
    const port = tree.member(value, "port");
    const constant = common.Flags{ .construct = false };
    if (port != json.none) {
        if (expressions.atom(validator, port, Type.single(.integer), constant)) |refusal| return refusal;
    }
    const address = tree.member(value, "addr");
    if (address != json.none) {
        if (expressions.atom(validator, address, Type.single(address_type), constant)) |refusal| return refusal;
    }
    return null;
}
