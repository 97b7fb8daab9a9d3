//! Every constant mirrored in src/c.zig equals the value in the system headers (printed by
//! tests/c_constants.c, compiled against /usr/include at build time). Each constant the C program
//! prints must exist in src/c.zig under the same name; the struct sizes must match too.

const std = @import("std");
const helper = @import("helper");
const c = helper.c;
const real = @import("c_constants_real");

test "c constants match the system headers" {
    const declarations = @typeInfo(real).@"struct".decls;
    comptime std.debug.assert(declarations.len > 100);
    inline for (declarations) |declaration| {
        const expected: i64 = @field(real, declaration.name);
        if (comptime std.mem.startsWith(u8, declaration.name, "sizeof_")) {
            const name = declaration.name["sizeof_".len..];
            try std.testing.expectEqual(expected, @as(i64, @sizeOf(@field(c, name))));
        } else {
            const mirrored = @field(c, declaration.name);
            const actual: i64 = switch (@typeInfo(@TypeOf(mirrored))) {
                .int, .comptime_int => @intCast(mirrored),
                else => @compileError("not an integer constant: " ++ declaration.name),
            };
            if (actual != expected) {
                std.debug.print("{s}: c.zig has {d}, the headers {d}\n", .{ declaration.name, actual, expected });
                return error.ConstantMismatch;
            }
        }
    }
}
