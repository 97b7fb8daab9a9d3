//! Build of nftj-helper. Pinned to one Zig release (checked below, in build.zig.zon and in
//! ../scripts/versions.env; check-pins.sh compares the three).
//!
//!   zig build            → zig-out/bin/nftj-helper (ReleaseSafe unless -Doptimize says otherwise)
//!   zig build test       → every helper unit test, the C-header constant check, vectors, corpus
//!   zig build bench      → bench binaries (see bench/run.sh)
//!   zig build fuzz       → the deterministic mutation fuzzer (see tests/fuzz.sh)

const std = @import("std");
const builtin = @import("builtin");
const Lockdown = @import("build_lockdown.zig").Lockdown;

const pinned_zig = std.SemanticVersion{ .major = 0, .minor = 15, .patch = 2 };

comptime {
    if (builtin.zig_version.order(pinned_zig) != .eq) {
        @compileError("nftj-helper is pinned to Zig 0.15.2, this is " ++ builtin.zig_version_string);
    }
}

pub fn build(b: *std.Build) void {
    const target = b.standardTargetOptions(.{});
    const optimize = b.option(std.builtin.OptimizeMode, "optimize", "Optimization mode (default ReleaseSafe)") orelse .ReleaseSafe;

    const lockdown = @import("build_lockdown.zig").addLockdownSteps(b, target, optimize);
    addHelper(b, target, optimize, lockdown);
    addUnitTests(b, target, optimize, lockdown);
    @import("build_sysctl.zig").addSysctlSteps(b, target, optimize, lockdown); // issue 8
    addBench(b, target);
    addFuzz(b, target);
}

/// Links what every helper build needs: libc, libnftables (shared), libseccomp.
fn linkSystem(module: *std.Build.Module) void {
    module.link_libc = true;
    module.linkSystemLibrary("nftables", .{ .preferred_link_mode = .dynamic });
    module.linkSystemLibrary("seccomp", .{});
}

fn helperModule(b: *std.Build, target: std.Build.ResolvedTarget, optimize: std.builtin.OptimizeMode, lockdown: Lockdown) *std.Build.Module {
    const module = b.createModule(.{
        .root_source_file = b.path("src/main.zig"),
        .target = target,
        .optimize = optimize,
    });
    linkSystem(module);
    lockdown.addTo(module);
    return module;
}

fn addHelper(b: *std.Build, target: std.Build.ResolvedTarget, optimize: std.builtin.OptimizeMode, lockdown: Lockdown) void {
    const exe = b.addExecutable(.{ .name = "nftj-helper", .root_module = helperModule(b, target, optimize, lockdown) });
    b.installArtifact(exe);
}

fn addUnitTests(b: *std.Build, target: std.Build.ResolvedTarget, optimize: std.builtin.OptimizeMode, lockdown: Lockdown) void {
    // The C side of the constant check: a C program built against the real headers prints the
    // constants as a Zig file, which the tests import as "c_constants_real".
    const printer_module = b.createModule(.{ .target = target, .optimize = .Debug, .link_libc = true });
    printer_module.addCSourceFile(.{ .file = b.path("tests/c_constants.c"), .flags = &.{} });
    printer_module.addSystemIncludePath(.{ .cwd_relative = "/usr/include" });
    const printer = b.addExecutable(.{ .name = "c-constants", .root_module = printer_module });
    const print_run = b.addRunArtifact(printer);
    // A module root needs a .zig name: copy the captured output under one.
    const real_constants = b.addWriteFiles().addCopyFile(print_run.captureStdOut(), "c_constants_real.zig");

    const module = helperModule(b, target, optimize, lockdown);
    module.addAnonymousImport("c_constants_real", .{ .root_source_file = real_constants });
    const tests = b.addTest(.{ .name = "helper-tests", .root_module = module });
    const run = b.addRunArtifact(tests);
    // Tests read the shared vectors and corpora relative to the repository.
    run.setCwd(b.path("."));
    const step = b.step("test", "Run the helper unit tests");
    step.dependOn(&run.step);
}

fn addBench(b: *std.Build, target: std.Build.ResolvedTarget) void {
    const step = b.step("bench", "Build the benchmark programs (bench/run.sh runs them)");
    const programs = [_]struct { name: []const u8, path: []const u8 }{
        .{ .name = "bench-inprocess", .path = "bench/inprocess.zig" },
        .{ .name = "bench-pipe", .path = "bench/pipe.zig" },
        .{ .name = "bench-helper", .path = "bench/helper_roundtrip.zig" },
    };
    for (programs) |program| {
        const module = b.createModule(.{ .root_source_file = b.path(program.path), .target = target, .optimize = .ReleaseFast });
        linkSystem(module);
        module.addImport("helper_c", b.createModule(.{ .root_source_file = b.path("src/c.zig"), .target = target }));
        const exe = b.addExecutable(.{ .name = program.name, .root_module = module });
        step.dependOn(&b.addInstallArtifact(exe, .{}).step);
    }
}

fn addFuzz(b: *std.Build, target: std.Build.ResolvedTarget) void {
    const module = b.createModule(.{ .root_source_file = b.path("src/fuzz.zig"), .target = target, .optimize = .ReleaseSafe });
    linkSystem(module);
    const exe = b.addExecutable(.{ .name = "nftj-fuzz", .root_module = module });
    const step = b.step("fuzz", "Build the mutation fuzzer (tests/fuzz.sh runs it)");
    step.dependOn(&b.addInstallArtifact(exe, .{}).step);
}
