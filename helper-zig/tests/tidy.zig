//! Tidy: rules of the helper's sources that the compiler does not check, run by `zig build test`
//! (in the spirit of TigerBeetle's tidy.zig). Each rule reads one file's text (import cycles:
//! every file's imports) and returns its first violation; "tidy: the helper's sources" runs
//! every rule over helper-zig/, and one test per rule proves that it fails on a planted violation.
//!
//! Over every Zig file of src/, tests/, bench/ and build.zig:
//!   - line width: at most 120 columns (code points), so a file reads side by side with its
//!     diff and the longest lines of the tables still fit;
//!   - function length: at most 70 lines from `fn` (or `test`) to the closing brace, as
//!     TigerBeetle's TIGER_STYLE asks, so that a function can be read and reviewed at once;
//!   - unused imports: a file-level `const name = @import(…)` or alias `const name = a.b;` that
//!     the file never names again;
//!   - no C import builtin: C functions and constants are declared by hand (src/c.zig,
//!     src/c_lockdown.zig) and checked against the real headers.
//! Over every file of helper-zig/ (code, scripts, data, comments):
//!   - no tracker markers: no issue numbers ("issue N", "#N") and no to-do markers; say what the
//!     code does instead.
//! Over the shipped code (src/):
//!   - no import cycles among its files;
//!   - no argv and no environment: the helper takes nothing security-relevant from either;
//!   - assertions on the decision and write paths: every pub function of src/judge.zig,
//!     src/validate.zig, src/validate/*.zig and src/writer.zig that is longer than five lines
//!     asserts something about its arguments or its results (`assert(`). Shorter ones are
//!     accessors and constructors whose callers assert what matters.

const std = @import("std");

pub const line_width_max: u32 = 120;
pub const function_lines_max: u32 = 70;
const assertion_exempt_lines_max: u32 = 5;
const file_bytes_max: usize = 4 * 1024 * 1024;

pub const Violation = struct {
    /// 1-based; 0 when the rule concerns the whole file.
    line: u32,
    message: []const u8,
};

/// The first line longer than `line_width_max` code points.
pub fn lineWidth(text: []const u8) ?Violation {
    var lines = std.mem.splitScalar(u8, text, '\n');
    var number: u32 = 1;
    while (lines.next()) |line| : (number += 1) {
        const width = std.unicode.utf8CountCodepoints(line) catch line.len;
        if (width > line_width_max) return .{ .line = number, .message = "line longer than 120 columns" };
    }
    return null;
}

/// The first function or test block longer than `function_lines_max` lines. A function starts
/// at a line holding `fn name(` (not an extern declaration, which ends with `;`) and ends at the
/// first later line that is the closing brace at the same indentation.
pub fn functionLength(text: []const u8) ?Violation {
    var lines = std.mem.splitScalar(u8, text, '\n');
    var number: u32 = 0;
    var open_line: u32 = 0;
    var open_indent: usize = 0;
    var open = false;
    while (lines.next()) |line| {
        number += 1;
        const indent = line.len - std.mem.trimLeft(u8, line, " ").len;
        if (open) {
            if (line.len == indent + 1 and line[indent] == '}' and indent == open_indent) {
                open = false;
                if (number - open_line + 1 > function_lines_max) {
                    return .{ .line = open_line, .message = "function longer than 70 lines" };
                }
            }
            continue;
        }
        if (startsFunction(line[indent..])) {
            open = true;
            open_line = number;
            open_indent = indent;
        }
    }
    return null;
}

fn startsFunction(code: []const u8) bool {
    const trimmed = std.mem.trimRight(u8, code, " ");
    if (trimmed.len == 0 or trimmed[trimmed.len - 1] == ';') return false;
    if (std.mem.startsWith(u8, trimmed, "test ") or std.mem.eql(u8, trimmed, "test {")) return true;
    var rest = trimmed;
    const prefixes = [_][]const u8{ "pub ", "export ", "inline " };
    for (prefixes) |prefix| {
        if (std.mem.startsWith(u8, rest, prefix)) rest = rest[prefix.len..];
    }
    if (!std.mem.startsWith(u8, rest, "fn ")) return false;
    return std.mem.indexOfScalar(u8, rest, '(') != null;
}

/// The first file-level `const name = @import(…)` or `const name = a.b…;` (not pub) whose name
/// does not occur again in the file.
pub fn unusedImports(text: []const u8) ?Violation {
    var lines = std.mem.splitScalar(u8, text, '\n');
    var number: u32 = 0;
    var line_start: usize = 0;
    while (lines.next()) |line| : (line_start += line.len + 1) {
        number += 1;
        const name = importedName(line) orelse continue;
        const rest = text[@min(text.len, line_start + line.len + 1)..];
        if (occurrences(text[0..line_start], name) + occurrences(rest, name) == 0) {
            return .{ .line = number, .message = "unused import" };
        }
    }
    return null;
}

/// `const NAME = @import(…);` or `const NAME = a.b.c;` at the start of a line: NAME.
fn importedName(line: []const u8) ?[]const u8 {
    const prefix = "const ";
    if (!std.mem.startsWith(u8, line, prefix)) return null;
    const equals = std.mem.indexOf(u8, line, " = ") orelse return null;
    const name = line[prefix.len..equals];
    if (name.len == 0 or !isIdentifier(name)) return null;
    const value = std.mem.trimRight(u8, line[equals + 3 ..], " ");
    if (value.len == 0 or value[value.len - 1] != ';') return null;
    const expression = value[0 .. value.len - 1];
    if (std.mem.startsWith(u8, expression, "@import(")) return name;
    if (std.mem.indexOfScalar(u8, expression, '.') == null) return null;
    for (expression) |character| {
        if (!(std.ascii.isAlphanumeric(character) or character == '_' or character == '.')) return null;
    }
    return name;
}

fn isIdentifier(text: []const u8) bool {
    for (text) |character| {
        if (!(std.ascii.isAlphanumeric(character) or character == '_')) return false;
    }
    return true;
}

/// Occurrences of `name` as a whole identifier that is not a field access (`x.name`).
fn occurrences(text: []const u8, name: []const u8) u32 {
    var count: u32 = 0;
    var start: usize = 0;
    while (std.mem.indexOfPos(u8, text, start, name)) |at| : (start = at + name.len) {
        const before = if (at == 0) ' ' else text[at - 1];
        const after = if (at + name.len >= text.len) ' ' else text[at + name.len];
        const range = before == '.' and at >= 2 and text[at - 2] == '.'; // `0..name`
        if (isWordByte(before) or (before == '.' and !range) or before == '@' or isWordByte(after)) continue;
        count += 1;
    }
    return count;
}

fn isWordByte(character: u8) bool {
    return std.ascii.isAlphanumeric(character) or character == '_';
}

/// Markers built from pieces, so that this file does not carry them itself.
const to_do = "TO" ++ "DO";
const fix_me = "FIX" ++ "ME";
const c_import = "@c" ++ "Import(";

/// The first tracker marker: "issue N" / "issue #N" (any case), "#N" after a space or a
/// parenthesis, or a to-do marker.
pub fn trackerMarkers(text: []const u8) ?Violation {
    var lines = std.mem.splitScalar(u8, text, '\n');
    var number: u32 = 1;
    while (lines.next()) |line| : (number += 1) {
        if (std.mem.indexOf(u8, line, to_do) != null or std.mem.indexOf(u8, line, fix_me) != null) {
            return .{ .line = number, .message = "to-do marker" };
        }
        if (issueNumber(line) or hashNumber(line)) return .{ .line = number, .message = "issue-tracker marker" };
    }
    return null;
}

fn issueNumber(line: []const u8) bool {
    var start: usize = 0;
    while (std.ascii.indexOfIgnoreCasePos(line, start, "issue")) |at| : (start = at + 1) {
        if (at > 0 and isWordByte(line[at - 1])) continue;
        var rest = line[at + "issue".len ..];
        if (rest.len > 0 and (rest[0] == 's' or rest[0] == 'S')) rest = rest[1..];
        if (rest.len < 2 or rest[0] != ' ') continue;
        rest = rest[1..];
        if (rest[0] == '#') rest = rest[1..];
        if (rest.len > 0 and std.ascii.isDigit(rest[0])) return true;
    }
    return false;
}

fn hashNumber(line: []const u8) bool {
    var index: usize = 0;
    while (index + 1 < line.len) : (index += 1) {
        if (line[index] != '#' or !std.ascii.isDigit(line[index + 1])) continue;
        if (index == 0 or line[index - 1] == ' ' or line[index - 1] == '(') return true;
    }
    return false;
}

/// The C import builtin outside comments.
pub fn cImport(text: []const u8) ?Violation {
    var lines = std.mem.splitScalar(u8, text, '\n');
    var number: u32 = 1;
    while (lines.next()) |line| : (number += 1) {
        const code = line[0 .. std.mem.indexOf(u8, line, "//") orelse line.len];
        if (std.mem.indexOf(u8, code, c_import) != null) {
            return .{ .line = number, .message = "C import (declare by hand)" };
        }
    }
    return null;
}

/// argv or the environment, read by shipped code.
pub fn argvOrEnvironment(text: []const u8) ?Violation {
    const forbidden = [_][]const u8{
        "std.os.argv", "std.os.environ", "getenv", "argsAlloc", "argsWithAllocator", "EnvMap",
    };
    var lines = std.mem.splitScalar(u8, text, '\n');
    var number: u32 = 1;
    while (lines.next()) |line| : (number += 1) {
        const code = line[0 .. std.mem.indexOf(u8, line, "//") orelse line.len];
        for (forbidden) |word| {
            if (std.mem.indexOf(u8, code, word) != null) {
                return .{ .line = number, .message = "argv or environment read" };
            }
        }
    }
    return null;
}

/// The first pub function longer than five lines without an assertion.
pub fn assertions(text: []const u8) ?Violation {
    var lines = std.mem.splitScalar(u8, text, '\n');
    var number: u32 = 0;
    var open_line: u32 = 0;
    var open_indent: usize = 0;
    var open = false;
    var asserted = false;
    while (lines.next()) |line| {
        number += 1;
        const indent = line.len - std.mem.trimLeft(u8, line, " ").len;
        if (!open) {
            open = std.mem.startsWith(u8, line[indent..], "pub fn ") and startsFunction(line[indent..]);
            open_line = number;
            open_indent = indent;
            asserted = std.mem.indexOf(u8, line, "assert(") != null;
            continue;
        }
        if (std.mem.indexOf(u8, line, "assert(") != null) asserted = true;
        if (line.len != indent + 1 or line[indent] != '}' or indent != open_indent) continue;
        open = false;
        if (!asserted and number - open_line + 1 > assertion_exempt_lines_max) {
            return .{ .line = open_line, .message = "pub function without an assertion" };
        }
    }
    return null;
}

/// The first file of `sources` that is part of an import cycle among them. Each source's
/// imports are its `@import("x.zig")` paths, resolved against its own directory. Kahn's
/// algorithm: files whose imports are all settled are settled; what remains is in a cycle.
pub fn importCycle(allocator: std.mem.Allocator, sources: []const Source) !?[]const u8 {
    const settled = try allocator.alloc(bool, sources.len);
    defer allocator.free(settled);
    @memset(settled, false);
    var progress = true;
    while (progress) {
        progress = false;
        for (sources, 0..) |source, index| {
            if (settled[index]) continue;
            if (!try importsSettled(allocator, sources, settled, source)) continue;
            settled[index] = true;
            progress = true;
        }
    }
    for (sources, 0..) |source, index| {
        if (!settled[index]) return source.path;
    }
    return null;
}

fn importsSettled(allocator: std.mem.Allocator, sources: []const Source, settled: []const bool, source: Source) !bool {
    var start: usize = 0;
    const marker = "@import(\"";
    while (std.mem.indexOfPos(u8, source.text, start, marker)) |at| {
        const name_start = at + marker.len;
        const name_end = std.mem.indexOfScalarPos(u8, source.text, name_start, '"') orelse return true;
        start = name_end;
        const name = source.text[name_start..name_end];
        if (!std.mem.endsWith(u8, name, ".zig")) continue;
        const directory = std.fs.path.dirname(source.path) orelse ".";
        const target = try std.fs.path.resolve(allocator, &.{ directory, name });
        defer allocator.free(target);
        for (sources, 0..) |other, index| {
            if (std.mem.eql(u8, other.path, target) and !settled[index]) return false;
        }
    }
    return true;
}

pub const Source = struct { path: []const u8, text: []const u8 };

/// Every file below `directory` (recursively) whose name ends with one of `extensions` (all
/// files when empty), build outputs and fuzz crash inputs left out.
fn collect(
    allocator: std.mem.Allocator,
    list: *std.ArrayList(Source),
    directory: []const u8,
    extensions: []const []const u8,
) !void {
    var root = try std.fs.cwd().openDir(directory, .{ .iterate = true });
    defer root.close();
    var walker = try root.walk(allocator);
    defer walker.deinit();
    while (try walker.next()) |entry| {
        if (entry.kind != .file) continue;
        const skipped = [_][]const u8{ ".zig-cache", "zig-out", "fuzz-crashes" };
        var skip = false;
        for (skipped) |part| {
            if (std.mem.indexOf(u8, entry.path, part) != null) skip = true;
        }
        if (skip or !matches(entry.basename, extensions)) continue;
        const path = try std.fs.path.join(allocator, &.{ directory, entry.path });
        const text = try root.readFileAlloc(allocator, entry.path, file_bytes_max);
        try list.append(allocator, .{ .path = path, .text = text });
    }
}

fn matches(name: []const u8, extensions: []const []const u8) bool {
    if (extensions.len == 0) return true;
    for (extensions) |extension| {
        if (std.mem.endsWith(u8, name, extension)) return true;
    }
    return false;
}

const Rule = struct { name: []const u8, check: *const fn ([]const u8) ?Violation };

/// Runs `rules` over `sources`; prints every violation; returns their number.
fn apply(sources: []const Source, rules: []const Rule) u32 {
    var count: u32 = 0;
    for (sources) |source| {
        for (rules) |rule| {
            const violation = rule.check(source.text) orelse continue;
            std.debug.print(
                "tidy: {s}:{d}: {s} ({s})\n",
                .{ source.path, violation.line, violation.message, rule.name },
            );
            count += 1;
        }
    }
    return count;
}

fn isDecisionOrWritePath(path: []const u8) bool {
    const files = [_][]const u8{ "src/judge.zig", "src/validate.zig", "src/writer.zig" };
    for (files) |file| {
        if (std.mem.eql(u8, path, file)) return true;
    }
    return std.mem.startsWith(u8, path, "src/validate/");
}

test "tidy: the helper's sources" {
    var arena_state = std.heap.ArenaAllocator.init(std.testing.allocator);
    defer arena_state.deinit();
    const arena = arena_state.allocator();
    var zig_files = std.ArrayList(Source){};
    for ([_][]const u8{ "src", "tests", "bench" }) |directory| try collect(arena, &zig_files, directory, &.{".zig"});
    try zig_files.append(
        arena,
        .{ .path = "build.zig", .text = try std.fs.cwd().readFileAlloc(arena, "build.zig", file_bytes_max) },
    );
    var every_file = std.ArrayList(Source){};
    try collect(arena, &every_file, ".", &.{});
    var shipped = std.ArrayList(Source){};
    try collect(arena, &shipped, "src", &.{".zig"});
    var decision = std.ArrayList(Source){};
    for (shipped.items) |source| {
        if (isDecisionOrWritePath(source.path)) try decision.append(arena, source);
    }

    var violations = apply(zig_files.items, &.{
        .{ .name = "line width", .check = lineWidth },
        .{ .name = "function length", .check = functionLength },
        .{ .name = "unused imports", .check = unusedImports },
        .{ .name = "C import", .check = cImport },
    });
    violations += apply(every_file.items, &.{.{ .name = "tracker markers", .check = trackerMarkers }});
    violations += apply(shipped.items, &.{.{ .name = "argv and environment", .check = argvOrEnvironment }});
    violations += apply(decision.items, &.{.{ .name = "assertions", .check = assertions }});
    if (try importCycle(arena, shipped.items)) |path| {
        std.debug.print("tidy: {s}: part of an import cycle\n", .{path});
        violations += 1;
    }
    std.debug.print("tidy: {d} Zig files, {d} files, {d} shipped, {d} on the decision and write paths: " ++
        "{d} violations\n", .{
        zig_files.items.len, every_file.items.len, shipped.items.len, decision.items.len, violations,
    });
    try std.testing.expect(zig_files.items.len > 30 and decision.items.len >= 7);
    try std.testing.expectEqual(@as(u32, 0), violations);
}

// ---- each rule fails on a planted violation -------------------------------------------------

test "tidy: line width counts code points and fails past 120" {
    const fits = "x" ** 118 ++ "→…";
    try std.testing.expect(lineWidth(fits ++ "\n" ++ fits) == null);
    try std.testing.expectEqual(@as(u32, 2), lineWidth("short\n" ++ fits ++ "y").?.line);
}

test "tidy: function length fails past 70 lines, tests included" {
    const body70 = "    x();\n" ** 68;
    try std.testing.expect(functionLength("pub fn f() void {\n" ++ body70 ++ "}\n") == null);
    try std.testing.expectEqual(@as(u32, 2), functionLength("\nfn f() void {\n" ++ body70 ++ "    y();\n}\n").?.line);
    try std.testing.expect(functionLength("test \"t\" {\n" ++ body70 ++ "    y();\n}\n") != null);
    // An extern declaration is not a function body; a nested method is measured on its own.
    try std.testing.expect(functionLength("pub extern fn g(x: u32) void;\n" ++ "x();\n" ** 80) == null);
    const nested = "const S = struct {\n    fn m() void {\n" ++ body70 ++ "        y();\n    }\n};\n";
    try std.testing.expect(functionLength(nested) != null);
}

test "tidy: unused imports fail, used ones and field accesses do not count as uses" {
    try std.testing.expect(unusedImports("const std = @import(\"std\");\nconst x = std.a;\n_ = x;\n") == null);
    try std.testing.expectEqual(
        @as(u32, 2),
        unusedImports("const a = @import(\"a.zig\");\nconst json = @import(\"json.zig\");\n_ = a;\n").?.line,
    );
    try std.testing.expect(unusedImports("const json = @import(\"json.zig\");\n_ = other.json;\n") != null);
    try std.testing.expect(unusedImports("const assert = std.debug.assert;\n") != null);
    try std.testing.expect(unusedImports("pub const json = @import(\"json.zig\");\n") == null);
    try std.testing.expect(unusedImports("const v = @import(\"v.zig\");\nfor (0..v.max) |i| f(i);\n") == null);
}

test "tidy: tracker markers fail" {
    try std.testing.expect(trackerMarkers("// the issue is a missing chain\n// see #define\n") == null);
    const issue = "iss" ++ "ue";
    const planted = [_][]const u8{
        "// " ++ issue ++ " 8: sysctl", "# Issues " ++ "#" ++ "12 and 13", "x(); // (" ++ "#" ++ "14)",
        "// " ++ to_do ++ ": later",    "# " ++ fix_me,
    };
    inline for (planted) |line| try std.testing.expect(trackerMarkers("ok\n" ++ line) != null);
}

test "tidy: the C import builtin fails outside comments" {
    try std.testing.expect(cImport("// no " ++ c_import ++ ")\n") == null);
    try std.testing.expectEqual(@as(u32, 2), cImport("\nconst c = " ++ c_import ++ "{});\n").?.line);
}

test "tidy: argv and environment fail in shipped code" {
    try std.testing.expect(argvOrEnvironment("// never std.os.argv\nconst x = 1;\n") == null);
    try std.testing.expect(argvOrEnvironment("const a = std.os.argv;\n") != null);
    try std.testing.expect(argvOrEnvironment("const home = std.posix.getenv(\"HOME\");\n") != null);
}

test "tidy: a pub function longer than five lines without an assertion fails" {
    const five = "pub fn f() void {\n    a();\n    b();\n    c();\n}\n";
    try std.testing.expect(assertions(five) == null);
    const long = "pub fn g() void {\n" ++ "    a();\n" ** 6 ++ "}\n";
    try std.testing.expectEqual(@as(u32, 1), assertions(long).?.line);
    const asserted = "pub fn g() void {\n    assert(x);\n" ++ "    a();\n" ** 6 ++ "}\n";
    try std.testing.expect(assertions(asserted) == null);
    try std.testing.expect(assertions("fn private() void {\n" ++ "    a();\n" ** 9 ++ "}\n") == null);
}

test "tidy: an import cycle fails, a chain does not" {
    const chain = [_]Source{
        .{ .path = "src/a.zig", .text = "const b = @import(\"b.zig\");" },
        .{ .path = "src/b.zig", .text = "const c = @import(\"validate/c.zig\");" },
        .{ .path = "src/validate/c.zig", .text = "const std = @import(\"std\");" },
    };
    try std.testing.expect(try importCycle(std.testing.allocator, &chain) == null);
    const cycle = [_]Source{
        .{ .path = "src/a.zig", .text = "const b = @import(\"b.zig\");" },
        .{ .path = "src/b.zig", .text = "const c = @import(\"validate/c.zig\");" },
        .{ .path = "src/validate/c.zig", .text = "const a = @import(\"../a.zig\");" },
    };
    try std.testing.expect(try importCycle(std.testing.allocator, &cycle) != null);
}
