//! Expressions: packet data on the left of a match, values on the right (immediates, flag
//! lists, sets, maps, ranges, prefixes, concatenations, element objects, verdicts), and the
//! datatype each left side implies for the values it is compared with.
//!
//! Grammar: immediate concat set map prefix range payload exthdr tcpOption sctpChunk meta rt ct
//!   numgen hash fib binop verdict elem socket ipOption ipsec
//! (one check function per expression of libnftables-json(5), in its order, then the expressions
//! nft accepts beyond it, alphabetically; the Java validator's Expressions class has the same
//! functions in the same order, and a mirror test compares them). `hash` is jhash and symhash;
//! `binop` is & | ^ << >>; an array of flags (the page's LISTS) is `flagList`, part of a value.
//! `concat` and `binop` serve both sides: packet data (`.packet`) and constant values
//! (`.value`, typed by the left side).
//!
//! Entry points of the walk: `lhs` (packet data), `rhs` (what a left side is compared with or
//! set to), `atom` (a constant value), `startElements`/`nextElement` (element lists), `verdict`.

const std = @import("std");
const assert = std.debug.assert;
const json = @import("../json.zig");
const schema = @import("../schema.zig");
const names = @import("../names.zig");
const common = @import("common.zig");
const mutation = @import("../mutation.zig");

const Datatype = common.Datatype;
const Refusal = common.Refusal;
const Validator = common.Validator;
const Type = common.Type;
const Flags = common.Flags;
const Task = common.Task;
const elements_per_command_max = common.elements_per_command_max;
const invalid = Validator.invalid;
const lookupRefused = Validator.lookupRefused;
const checkInterface = common.checkInterface;
const contains = common.contains;

/// Where "*" may stand, and why nowhere else (docs/helper-language.md).
const catch_all_refusal = "the catch-all \"*\" is accepted only as an element key: of an anonymous set or map, " ++
    "or in the add set/map that declares a set without \"interval\" (libnftables 1.0.6 crashes on it in a " ++
    "named interval set; docs/helper-language.md)";
const eql = common.eql;
const expectNull = common.expectNull;
const nameRefusal = common.nameRefusal;

/// Expressions libnftables 1.0.6 resolves in the file system while it reads them (measured with
/// strace): refused with the reason, as docs/helper-language.md states it.
const osf_refusal = "osf is refused: libnftables reads the OS fingerprint file (/etc/nftables/osf/pf.os) for it, " ++
    "which the sealed helper cannot open";
const cgroupv2_refusal = "socket cgroupv2 is refused: libnftables resolves the cgroup's path in the file system, " ++
    "which the sealed helper cannot do";

/// Which side a concatenation or binary operation is on: packet data, or a constant value of
/// the given type.
const Side = union(enum) { packet, value: Type };

/// Bit operations that also combine constants (tcp flags & (syn|ack), ct state new | related).
const constant_operators = [_][]const u8{ "&", "|", "^" };

/// Packet data: `{NAME: …}` on the left of a match, the key of a map, a mangle target.
pub fn lhs(validator: *Validator, node: u32) ?Refusal {
    assert(node != json.none);
    const tree = validator.tree;
    const key = switch (validator.single(node, "an expression is an object with exactly one member")) {
        .key => |value| value,
        .refused => |refusal| return refusal,
    };
    const name = tree.string(key);
    const value = tree.next(key);
    if (contains(&schema.binary_operators, name)) return binop(validator, value, .packet);
    if (eql(name, "concat")) return concat(validator, value, .packet);
    if (eql(name, "osf")) return lookupRefused(value, osf_refusal);
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (eql(name, "payload")) return payload(validator, value);
    if (eql(name, "exthdr")) return exthdr(validator, value);
    if (eql(name, "tcp option")) return tcpOption(validator, value);
    if (eql(name, "ip option")) return ipOption(validator, value);
    if (eql(name, "sctp chunk")) return sctpChunk(validator, value);
    if (eql(name, "meta")) return meta(validator, value);
    if (eql(name, "rt")) return rt(validator, value);
    if (eql(name, "ct")) return ct(validator, value);
    if (eql(name, "numgen")) return numgen(validator, value);
    if (eql(name, "jhash") or eql(name, "symhash")) return hash(validator, name, value);
    if (eql(name, "fib")) return fib(validator, value);
    if (eql(name, "socket")) return socket(validator, value);
    if (eql(name, "ipsec")) return ipsec(validator, value);
    return invalid(node, name, "unknown or refused expression");
}

/// A right-hand value typed by `task.type`.
pub fn rhs(validator: *Validator, task: Task) ?Refusal {
    assert(task.kind == .rhs and task.node != json.none);
    const tree = validator.tree;
    const node = task.node;
    if (tree.kind(node) != .object) return atom(validator, node, task.type, task.flags);
    if (tree.count(node) != 1) return invalid(node, null, "an expression is an object with exactly one member");
    const key = tree.first(node);
    const name = tree.string(key);
    const value = tree.next(key);
    if (eql(name, "set")) return set(validator, node, value, task.type, task.flags);
    if (eql(name, "map")) return map(validator, node, value, task.type, task.flags);
    if (task.type.first() == .verdict and task.type.count == 1) return verdict(validator, node);
    if (task.flags.expression and !isConstruct(name) and !isConstantOperation(validator, name, value)) {
        // Packet data as a value (meta mark set ct mark, snat to ip saddr map …).
        validator.push(.{ .kind = .lhs, .node = node });
        return null;
    }
    return construct(validator, node, task.type, task.flags);
}

/// Constant values: a scalar, a flag list, or range/prefix/concat/elem built from scalars.
pub fn atom(validator: *Validator, node: u32, value_type: Type, flags: Flags) ?Refusal {
    assert(node != json.none and value_type.count <= schema.concatenation_components_max);
    switch (validator.tree.kind(node)) {
        .object => {
            if (!flags.construct) return invalid(node, null, "a constant value is expected here");
            return construct(validator, node, value_type, flags);
        },
        .array => return flagList(validator, node, value_type),
        else => return immediate(validator, node, value_type, flags),
    }
}

/// A constant built from constants: `{NAME: …}` for range, prefix, concat, a bit operation, elem.
fn construct(validator: *Validator, node: u32, value_type: Type, flags: Flags) ?Refusal {
    const tree = validator.tree;
    if (tree.count(node) != 1) return invalid(node, null, "an expression is an object with exactly one member");
    const key = tree.first(node);
    const name = tree.string(key);
    const value = tree.next(key);
    if (eql(name, "range")) return range(validator, value, value_type);
    if (eql(name, "prefix")) return prefix(validator, value, value_type);
    if (eql(name, "concat")) return concat(validator, value, .{ .value = value_type });
    if (contains(&constant_operators, name)) return binop(validator, value, .{ .value = value_type });
    if (eql(name, "elem")) return elem(validator, node, value, value_type, flags);
    return invalid(node, name, "unknown or refused value expression");
}

/// A string, integer, boolean (or null, refused) where a value of `value_type` is expected.
fn immediate(validator: *Validator, node: u32, value_type: Type, flags: Flags) ?Refusal {
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
            // fib … oif exists/missing compares an interface index with a boolean.
            if (datatype != .boolean and datatype != .ifindex) {
                return invalid(node, null, "a boolean is accepted only for existence checks");
            }
            return null;
        },
        .string => {
            const text = tree.string(node);
            const reference_or_catch_all = (text.len > 0 and text[0] == '@') or eql(text, "*");
            if (value_type.count > 1 and !reference_or_catch_all) {
                return invalid(node, null, "a concatenated type needs a concat value");
            }
            return typedString(validator, node, datatype, flags);
        },
        .null_value => return invalid(node, null, "null is not a value"),
        .object, .array => unreachable,
    }
}

/// 2–8 components, never nested: packet data on the left, constants (ranges and prefixes
/// allowed, for interval concatenations) on the right.
fn concat(validator: *Validator, value: u32, side: Side) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .array) return invalid(value, null, "concat takes an array");
    const count = tree.count(value);
    // An empty or one-element concatenation has crashed libnftables (upstream bogons).
    if (count < 2 or count > schema.concatenation_components_max) {
        return invalid(value, null, "a concatenation needs 2 to 8 components");
    }
    const value_type = switch (side) {
        .packet => Type.untyped,
        .value => |declared| declared,
    };
    if (value_type.count > 1 and value_type.count != count) {
        return invalid(value, null, "concatenation does not match the type");
    }
    var item = tree.first(value);
    var slot: u32 = 0;
    while (item != json.none) : ({
        item = tree.next(item);
        slot += 1;
    }) {
        if (tree.kind(item) == .object and tree.count(item) == 1 and eql(tree.string(tree.first(item)), "concat")) {
            return invalid(item, null, "nested concatenations are not accepted");
        }
        switch (side) {
            .packet => validator.push(.{ .kind = .lhs, .node = item }),
            .value => {
                const component = if (value_type.count > 1) Type.single(value_type.components[slot]) else Type.untyped;
                if (pushAtom(validator, item, component, .{ .construct = true })) |refusal| return refusal;
            },
        }
    }
    return null;
}

/// An anonymous set literal `{"set": …}`.
fn set(validator: *Validator, node: u32, value: u32, value_type: Type, flags: Flags) ?Refusal {
    const tree = validator.tree;
    if (!flags.set_literal) return invalid(node, "set", "an anonymous set is not accepted here");
    if (tree.kind(value) == .array and tree.count(value) == 0) {
        return invalid(value, null, "an anonymous set must not be empty");
    }
    return startElements(validator, value, value_type, .{ .count = 0 }, true); // anonymous: measured safe
}

/// A map lookup `{"map": {"key": …, "data": …}}` as a value (NAT addresses, mangle values).
fn map(validator: *Validator, node: u32, value: u32, value_type: Type, flags: Flags) ?Refusal {
    const tree = validator.tree;
    if (!flags.expression) return invalid(node, "map", "a map lookup is not accepted here");
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "key", "data" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "key", "data" })) |refusal| return refusal;
    const map_key = tree.member(value, "key");
    if (mapData(validator, tree.member(value, "data"), typeOf(validator, map_key), value_type)) |refusal|
        return refusal;
    validator.push(.{ .kind = .lhs, .node = map_key });
    return null;
}

fn prefix(validator: *Validator, value: u32, value_type: Type) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    if (validator.onlyFields(value, &.{ "addr", "len" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "addr", "len" })) |refusal| return refusal;
    const address = tree.member(value, "addr");
    const datatype = value_type.first();
    const typed = datatype == .ipv4 or datatype == .ipv6 or datatype == .ether;
    const address_type = if (typed) datatype else Datatype.untyped;
    if (tree.kind(address) != .string) return invalid(address, null, "a prefix needs an address string");
    if (typedString(validator, address, address_type, .{ .construct = false })) |refusal| return refusal;
    const address_text = tree.string(address);
    const bits: i64 = if (names.isIpv4(address_text)) 32 else if (names.isEther(address_text)) 48 else 128;
    return validator.checkInteger(tree.member(value, "len"), .{ .min = 0, .max = bits });
}

fn range(validator: *Validator, value: u32, value_type: Type) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .array or tree.count(value) != 2) {
        return invalid(value, null, "a range takes exactly two values");
    }
    const low = tree.first(value);
    if (pushAtom(validator, low, value_type, .{ .construct = false })) |refusal| return refusal;
    return pushAtom(validator, tree.next(low), value_type, .{ .construct = false });
}

fn payload(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (tree.member(value, "base") != json.none) {
        if (validator.onlyFields(value, &.{ "base", "offset", "len" })) |refusal| return refusal;
        if (validator.requireAll(value, &.{ "base", "offset", "len" })) |refusal| return refusal;
        return validator.checkMembers(value, &.{
            .{ .name = "base", .kind = .keyword, .words = &schema.raw_payload_bases },
            .{ .name = "offset", .kind = .integer, .range = .{ .min = 0, .max = 2040 } },
            .{ .name = "len", .kind = .integer, .range = .{ .min = 1, .max = 128 } },
        });
    }
    if (validator.onlyFields(value, &.{ "protocol", "field" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "protocol", "field" })) |refusal| return refusal;
    const protocol = validator.stringField(value, "protocol") orelse {
        return invalid(value, "protocol", "must be a string");
    };
    const field_name = validator.stringField(value, "field") orelse return invalid(value, "field", "must be a string");
    for (schema.payload_fields) |entry| {
        if (eql(entry.protocol, protocol) and eql(entry.field, field_name)) return null;
    }
    return invalid(value, "field", "unknown or refused payload field");
}

fn exthdr(validator: *Validator, value: u32) ?Refusal {
    return header(validator, value, &schema.exthdr_names, &schema.exthdr_fields, true);
}

fn tcpOption(validator: *Validator, value: u32) ?Refusal {
    return header(validator, value, &schema.tcp_option_names, &schema.tcp_option_fields, false);
}

fn sctpChunk(validator: *Validator, value: u32) ?Refusal {
    return header(validator, value, &schema.sctp_chunk_names, &schema.sctp_chunk_fields, false);
}

fn meta(validator: *Validator, value: u32) ?Refusal {
    return keyed(validator, value, &schema.meta_keys, &.{"key"});
}

fn rt(validator: *Validator, value: u32) ?Refusal {
    if (keyed(validator, value, &schema.rt_keys, &.{ "key", "family" })) |refusal| return refusal;
    return validator.checkMembers(value, &.{.{ .name = "family", .kind = .keyword, .words = &schema.ip_families }});
}

fn ct(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    if (validator.onlyFields(value, &.{ "key", "family", "dir" })) |refusal| return refusal;
    if (validator.require(value, "key")) |refusal| return refusal;
    const key = validator.stringField(value, "key") orelse return invalid(value, "key", "must be a string");
    for (schema.ct_keys) |entry| {
        if (!eql(entry.key, key)) continue;
        if (!entry.direction and tree.member(value, "dir") != json.none) {
            return invalid(value, "dir", "this ct key takes no direction");
        }
        return validator.checkMembers(value, &.{
            .{ .name = "family", .kind = .keyword, .words = &schema.ip_families },
            .{ .name = "dir", .kind = .keyword, .words = schema.symbols(.ct_direction) },
        });
    }
    return invalid(value, "key", "unknown or refused ct key");
}

fn numgen(validator: *Validator, value: u32) ?Refusal {
    if (validator.onlyFields(value, &.{ "mode", "mod", "offset" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "mode", "mod" })) |refusal| return refusal;
    return validator.checkMembers(value, &.{
        .{ .name = "mode", .kind = .keyword, .words = &schema.numgen_modes },
        .{ .name = "mod", .kind = .integer, .range = .{ .min = 1, .max = std.math.maxInt(u32) } },
        .{ .name = "offset", .kind = .integer, .range = schema.u32_range },
    });
}

/// jhash (of an expression, with a seed) and symhash.
fn hash(validator: *Validator, name: []const u8, value: u32) ?Refusal {
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
    if (jhash) validator.push(.{ .kind = .lhs, .node = validator.tree.member(value, "expr") });
    return null;
}

fn fib(validator: *Validator, value: u32) ?Refusal {
    if (validator.onlyFields(value, &.{ "result", "flags" })) |refusal| return refusal;
    if (validator.requireAll(value, &.{ "result", "flags" })) |refusal| return refusal;
    return validator.checkMembers(value, &.{
        .{ .name = "result", .kind = .keyword, .words = &schema.fib_results },
        .{ .name = "flags", .kind = .keywords, .words = &schema.fib_flags },
    });
}

/// Exactly two operands. On packet data the right operand is a value typed by the left one; on
/// constants (tcp flags & (syn|ack)) both operands are of the value's type.
fn binop(validator: *Validator, value: u32, side: Side) ?Refusal {
    const tree = validator.tree;
    if (tree.kind(value) != .array or tree.count(value) != 2) {
        return invalid(value, null, "a binary operation takes exactly two operands");
    }
    const left = tree.first(value);
    const right = tree.next(left);
    switch (side) {
        .packet => {
            validator.push(.{
                .kind = .rhs,
                .node = right,
                .type = typeOf(validator, left),
                .flags = .{ .construct = true },
            });
            validator.push(.{ .kind = .lhs, .node = left });
            return null;
        },
        .value => |value_type| {
            if (pushAtom(validator, left, value_type, .{ .construct = true })) |refusal| return refusal;
            return pushAtom(validator, right, value_type, .{ .construct = true });
        },
    }
}

pub fn verdict(validator: *Validator, node: u32) ?Refusal {
    assert(node != json.none);
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

/// An element object `{"elem": {"val": …, "timeout", "expires", "comment", "counter", "limit",
/// "quota"}}`: the per-element counter, limit and quota are what nft lists for a set whose `stmt`
/// gives them to every element.
fn elem(validator: *Validator, node: u32, value: u32, value_type: Type, flags: Flags) ?Refusal {
    const tree = validator.tree;
    if (!flags.element_object) return invalid(node, "elem", "an element object is accepted only in element lists");
    if (tree.kind(value) != .object) return invalid(value, null, "must be an object");
    const fields = [_][]const u8{ "val", "timeout", "expires", "comment", "counter", "limit", "quota" };
    if (validator.onlyFields(value, &fields)) |refusal| return refusal;
    if (validator.require(value, "val")) |refusal| return refusal;
    if (validator.checkMembers(value, &.{
        .{ .name = "timeout", .kind = .integer, .range = schema.u32_range },
        .{ .name = "expires", .kind = .integer, .range = schema.u32_range },
        .{ .name = "comment", .kind = .comment },
    })) |refusal| return refusal;
    var key = tree.first(value);
    var remaining = tree.count(value);
    while (remaining > 0) : (remaining -= 1) {
        const name = tree.string(key);
        if (contains(&.{ "counter", "limit", "quota" }, name)) {
            validator.push(.{ .kind = .element_statement, .node = key });
        }
        key = tree.next(tree.next(key));
    }
    return pushAtom(
        validator,
        tree.member(value, "val"),
        value_type,
        .{ .construct = true, .catch_all = flags.catch_all },
    );
}

fn socket(validator: *Validator, value: u32) ?Refusal {
    const tree = validator.tree;
    const key = tree.member(value, "key");
    if (key != json.none and tree.kind(key) == .string and eql(tree.string(key), "cgroupv2")) {
        return lookupRefused(key, cgroupv2_refusal);
    }
    return keyed(validator, value, &schema.socket_keys, &.{"key"});
}

fn ipOption(validator: *Validator, value: u32) ?Refusal {
    return header(validator, value, &schema.ip_option_names, &schema.ip_option_fields, false);
}

/// The IPsec state of a packet (xfrm): `ipsec in|out [spnum N] KEY [family]`.
fn ipsec(validator: *Validator, value: u32) ?Refusal {
    if (validator.onlyFields(value, &.{ "key", "dir", "spnum", "family" })) |refusal| return refusal;
    for ([_][]const u8{ "key", "dir" }) |field_name| if (validator.require(value, field_name)) |refusal| return refusal;
    return validator.checkMembers(value, &.{
        .{ .name = "key", .kind = .keyword, .words = &schema.ipsec_keys },
        .{ .name = "dir", .kind = .keyword, .words = &.{ "in", "out" } },
        .{ .name = "spnum", .kind = .integer, .range = schema.u8_range },
        .{ .name = "family", .kind = .keyword, .words = &schema.ip_families },
    });
}

/// A flag list (ct state ["new", "established"]): bitmask types only.
fn flagList(validator: *Validator, node: u32, value_type: Type) ?Refusal {
    const tree = validator.tree;
    assert(tree.kind(node) == .array);
    if (value_type.count != 1 or !schema.isBitmask(value_type.first())) {
        return invalid(node, null, "an array is not a value here (use {\"set\": […]})");
    }
    const count = tree.count(node);
    if (count == 0 or count > 32) return invalid(node, null, "a flag list takes 1 to 32 values");
    var item = tree.first(node);
    while (item != json.none) : (item = tree.next(item)) {
        if (tree.kind(item) == .array or tree.kind(item) == .object) {
            return invalid(item, null, "a flag list holds plain values");
        }
        if (pushAtom(validator, item, value_type, .{ .construct = false })) |refusal| return refusal;
    }
    return null;
}

/// A string where a value of `datatype` is expected.
fn typedString(validator: *Validator, node: u32, datatype: Datatype, flags: Flags) ?Refusal {
    const text = validator.tree.string(node);
    if (text.len > 0 and text[0] == '@') {
        if (!flags.set_reference) return invalid(node, null, "a set reference is not accepted here");
        return nameRefusal(node, text[1..]);
    }
    if (eql(text, "*")) {
        if (!flags.catch_all) return invalid(node, null, catch_all_refusal);
        return null;
    }
    if (schema.acceptsHexString(datatype) and isHexNumber(text)) return null;
    const accepted = switch (datatype) {
        .untyped => names.isIpv4(text) or names.isIpv6(text) or names.isEther(text),
        .ipv4 => names.isIpv4(text),
        .ipv6 => names.isIpv6(text),
        .ether => names.isEther(text),
        .ifname => return checkInterface(validator.tree, node, true),
        .ifindex => return if (isDecimal(text)) null else checkInterface(validator.tree, node, false),
        .realm, .devgroup, .object_name => isDecimal(text) or names.checkName(text) == null,
        .inet_proto => contains(schema.symbols(.inet_proto), text) or isProtocolName(text),
        .time_text => isDate(text) or isDateTime(text),
        .hour_text => isClock(text),
        .text => names.checkName(text) == null and text.len <= 16,
        .tc_handle => eql(text, "none") or eql(text, "root") or isTcHandle(text),
        .integer => false,
        .boolean, .verdict => return invalid(node, null, "a string is not accepted here"),
        else => contains(schema.symbols(datatype), text),
    };
    if (accepted or mutation.removed(.lookup_refusal)) return null;
    return switch (datatype) {
        .ipv4, .ipv6, .ether, .untyped => lookupRefused(
            node,
            "not a numeric address: names would be resolved by libnftables; use the number or a numeric address",
        ),
        else => lookupRefused(
            node,
            "not a compiled-in keyword of this type; names would need a lookup: use the number",
        ),
    };
}

fn keyed(validator: *Validator, value: u32, keys: []const schema.MetaKey, allowed: []const []const u8) ?Refusal {
    if (validator.onlyFields(value, allowed)) |refusal| return refusal;
    if (validator.require(value, "key")) |refusal| return refusal;
    const key = validator.stringField(value, "key") orelse return invalid(value, "key", "must be a string");
    for (keys) |entry| {
        if (!eql(entry.key, key)) continue;
        if (entry.lookup) {
            return lookupRefused(
                validator.tree.member(value, "key"),
                "libnftables 1.0.6 resolves this key through a user, group or interface lookup; not accepted (use " ++
                    "iifname/oifname for interfaces)",
            );
        }
        return null;
    }
    return invalid(value, "key", "unknown or refused key");
}

/// exthdr, tcp option, ip option, sctp chunk: a header name and an optional field.
fn header(
    validator: *Validator,
    value: u32,
    header_names: []const []const u8,
    fields: []const []const u8,
    offset_allowed: bool,
) ?Refusal {
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

/// The data of a map lookup: "@name" or {"set": [[key, value], …]}.
pub fn mapData(validator: *Validator, data: u32, key: Type, value: Type) ?Refusal {
    assert(data != json.none and value.count >= 1);
    const tree = validator.tree;
    if (tree.kind(data) == .string) return validator.checkReference(data);
    const member_key = switch (validator.single(data, "must be \"@map\" or {\"set\": [[key, value], …]}")) {
        .key => |member| member,
        .refused => |refusal| return refusal,
    };
    if (!eql(tree.string(member_key), "set")) {
        return invalid(data, null, "must be \"@map\" or {\"set\": [[key, value], …]}");
    }
    return startElements(validator, tree.next(member_key), key, value, true); // anonymous: measured safe
}

pub fn startElements(validator: *Validator, node: u32, key: Type, data: Type, catch_all: bool) ?Refusal {
    assert(node != json.none and validator.elements_seen <= elements_per_command_max);
    const tree = validator.tree;
    const flags = Flags{ .catch_all = catch_all };
    if (tree.kind(node) != .array) {
        // A single element.
        return element(validator, node, key, data, flags);
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

pub fn nextElement(validator: *Validator, task: Task) ?Refusal {
    assert(task.node != json.none);
    const following = validator.tree.next(task.node);
    if (following != json.none) validator.push(.{
        .kind = .elements,
        .node = following,
        .type = task.type,
        .data = task.data,
        .flags = task.flags,
    });
    return element(validator, task.node, task.type, task.data, task.flags);
}

fn element(validator: *Validator, node: u32, key: Type, data: Type, flags: Flags) ?Refusal {
    const tree = validator.tree;
    const key_flags = Flags{ .catch_all = flags.catch_all, .element_object = true, .construct = true };
    if (data.count == 0) {
        const undeclared = key.count == 1 and key.first() == .untyped;
        if (tree.kind(node) == .array and undeclared) return undeclaredMapElement(validator, node, key_flags);
        if (tree.kind(node) == .array) return invalid(node, null, "a set element is a value, not an array");
        return atom(validator, node, key, key_flags);
    }
    // Map element: [key, data].
    if (tree.kind(node) != .array or tree.count(node) != 2) return invalid(node, null, "a map element is [key, value]");
    const key_node = tree.first(node);
    const data_node = tree.next(key_node);
    if (atom(validator, key_node, key, key_flags)) |refusal| return refusal;
    if (data.count == 1 and data.first() == .verdict) return verdict(validator, data_node);
    return atom(validator, data_node, data, .{ .construct = true });
}

/// A `[key, data]` element of a map made by an earlier batch, whose types this batch does not
/// declare: the key and the data are untyped values (numbers and numeric addresses, no name
/// look-ups) or the data a verdict; the kernel's map type decides the rest (libnftables reads it,
/// the direct path reads it through src/setinfo.zig).
fn undeclaredMapElement(validator: *Validator, node: u32, key_flags: Flags) ?Refusal {
    const tree = validator.tree;
    if (tree.count(node) != 2) return invalid(node, null, "a map element is [key, value]");
    const key_node = tree.first(node);
    const data_node = tree.next(key_node);
    if (atom(validator, key_node, Type.untyped, key_flags)) |refusal| return refusal;
    if (isVerdictObject(validator, data_node)) return verdict(validator, data_node);
    return atom(validator, data_node, Type.untyped, .{ .construct = true });
}

fn isVerdictObject(validator: *Validator, node: u32) bool {
    const tree = validator.tree;
    if (tree.kind(node) != .object or tree.count(node) != 1) return false;
    const name = tree.string(tree.first(node));
    return contains(&schema.simple_verdicts, name) or contains(&schema.chain_verdicts, name);
}

fn pushAtom(validator: *Validator, node: u32, value_type: Type, flags: Flags) ?Refusal {
    validator.push(.{ .kind = .atom, .node = node, .type = value_type, .flags = flags });
    return null;
}

fn isConstruct(name: []const u8) bool {
    return eql(name, "range") or eql(name, "prefix") or eql(name, "concat") or eql(name, "elem");
}

/// A bit operation on constants (new | related), as opposed to one on packet data
/// (meta mark | 16), which is an expression.
fn isConstantOperation(validator: *Validator, name: []const u8, value: u32) bool {
    const tree = validator.tree;
    if (!contains(&constant_operators, name)) return false;
    if (tree.kind(value) != .array or tree.count(value) == 0) return false;
    return tree.kind(tree.first(value)) != .object;
}

/// The datatype a left-hand expression produces, without validating it (lhs does that).
/// Iterative: binary operations are followed down their left operand, bounded by depth.
pub fn typeOf(validator: *Validator, start: u32) Type {
    const result = leftType(validator, start);
    assert(result.count >= 1 and result.count <= schema.concatenation_components_max);
    return result;
}

fn leftType(validator: *Validator, start: u32) Type {
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
        if (eql(name, "concat")) return concatType(validator, value);
        return Type.single(simpleType(validator, name, value));
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
            datatype = simpleType(validator, tree.string(key), tree.next(key));
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
        return .ifindex;
    }
    if (eql(name, "ipsec")) {
        const key = validator.stringField(value, "key") orelse return .untyped;
        if (eql(key, "saddr") or eql(key, "daddr")) return familyAddress(validator.stringField(value, "family"));
        return .integer;
    }
    if (eql(name, "numgen") or eql(name, "jhash") or eql(name, "symhash")) return .integer;
    return .untyped;
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

/// 1 to 10 decimal digits (a number libnftables reads as such for index, realm and group types).
fn isDecimal(text: []const u8) bool {
    if (text.len == 0 or text.len > 10) return false;
    for (text) |byte| if (!std.ascii.isDigit(byte)) return false;
    return true;
}

/// A name of the protocols database ("gre", "ipv6-icmp", "a/n"): looked up by libnftables in the
/// table the helper read before its seal (src/lookups.zig), never in a file.
fn isProtocolName(text: []const u8) bool {
    if (text.len == 0 or text.len > 32 or !std.ascii.isAlphabetic(text[0])) return false;
    for (text) |byte| {
        const punctuation = byte == '-' or byte == '_' or byte == '.' or byte == '+' or byte == '/';
        if (!std.ascii.isAlphanumeric(byte) and !punctuation) return false;
    }
    return true;
}

/// "HH:MM" or "HH:MM:SS".
fn isClock(text: []const u8) bool {
    if (text.len != 5 and text.len != 8) return false;
    for (text, 0..) |byte, index| {
        const colon = index == 2 or index == 5;
        if (colon != (byte == ':')) return false;
        if (!colon and !std.ascii.isDigit(byte)) return false;
    }
    return true;
}

/// "YYYY-MM-DD".
fn isDate(text: []const u8) bool {
    if (text.len != 10) return false;
    for (text, 0..) |byte, index| {
        const dash = index == 4 or index == 7;
        if (dash != (byte == '-')) return false;
        if (!dash and !std.ascii.isDigit(byte)) return false;
    }
    return true;
}

/// "YYYY-MM-DD HH:MM:SS".
fn isDateTime(text: []const u8) bool {
    return text.len == 19 and text[10] == ' ' and isDate(text[0..10]) and isClock(text[11..]);
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
