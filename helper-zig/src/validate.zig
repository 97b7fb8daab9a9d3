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
//!
//! The checks are cut along libnftables-json(5), like the Java validator's: validate/commands.zig,
//! validate/statements.zig and validate/expressions.zig, with what the three share in
//! validate/common.zig. This file runs the walk: it pops tasks and hands each to its part.

const std = @import("std");
const assert = std.debug.assert;
const json = @import("json.zig");
const request = @import("request.zig");
const common = @import("validate/common.zig");
const commands = @import("validate/commands.zig");
const statements = @import("validate/statements.zig");
const expressions = @import("validate/expressions.zig");

const Refusal = request.Refusal;
pub const Validator = common.Validator;
pub const Summary = common.Summary;
pub const Type = common.Type;
pub const commands_max = common.commands_max;
pub const elements_per_command_max = common.elements_per_command_max;
pub const statements_per_rule_max = common.statements_per_rule_max;
pub const declared_sets_max = common.declared_sets_max;

pub const Result = union(enum) {
    ok: u32, // number of commands
    refused: Refusal,
};

/// Validates the whole `batch.nftables` array.
pub fn run(validator: *Validator, batch: u32) Result {
    const tree = validator.tree;
    assert(tree.kind(batch) == .array);
    const count = tree.count(batch);
    if (count > commands_max) {
        return .{ .refused = .{
            .code = .limit_exceeded,
            .message = "more than 20000 commands in one batch",
            .node = batch,
        } };
    }
    if (count == 0) {
        return .{ .refused = .{
            .code = .invalid_request,
            .message = "batch.nftables must not be empty",
            .node = batch,
        } };
    }
    var command = tree.first(batch);
    var index: u32 = 0;
    while (command != json.none) : ({
        command = tree.next(command);
        index += 1;
    }) {
        validator.command_index = index;
        validator.elements_seen = 0;
        validator.task_count = 0;
        validator.push(.{ .kind = .command, .node = command });
        if (drain(validator)) |refusal| {
            var with_command = refusal;
            with_command.command = index;
            return .{ .refused = with_command };
        }
    }
    assert(index == count);
    return .{ .ok = count };
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
            .command => commands.command(validator, task.node),
            .statements => statements.statementList(validator, task),
            .statement => statements.statement(validator, task.node),
            .lhs => expressions.lhs(validator, task.node),
            .rhs => expressions.rhs(validator, task),
            .elements => expressions.nextElement(validator, task),
            .verdict => expressions.verdict(validator, task.node),
            .atom => expressions.atom(validator, task.node, task.type, task.flags),
            .element_statement => statements.elementStatement(validator, task.node),
        };
        if (refusal) |value| return value;
    }
    return null;
}
