//! Build steps of the helper's lockdown (owned by the lockdown side). build.zig calls
//! addLockdownSteps ONCE in build() and hands every module that compiles src/lockdown.zig (the
//! helper's, the unit tests') to `addTo`:
//!
//!     const lockdown = @import("build_lockdown.zig").addLockdownSteps(b, target, optimize);
//!     ...
//!     lockdown.addTo(module); // in helperModule()
//!
//! Steps: `zig build lockdown-selftest` installs zig-out/bin/nftj-lockdown-selftest;
//! `zig build test-lockdown` runs the unit tests of src/lockdown.zig.
//! Option `-Dmutate=<mitigation>` builds the helper and the self-test with ONE mitigation removed,
//! for tests/mutation-check.sh; the default (`none`) compiles every mutation out.
//!
//! This file also builds standalone: `zig build --build-file build_lockdown.zig`.

const std = @import("std");

pub const Mutate = enum { none, seccomp, no_new_privs, dumpable, caps, self_check, pipes, sigpipe, rlimits, close_fds };

pub const Lockdown = struct {
    options: *std.Build.Module,

    /// Gives a module (the helper's root module) what src/lockdown.zig needs: its build options
    /// and libseccomp. Linked dynamically like libnftables: libseccomp is LGPL-2.1, and Debian's
    /// libseccomp2 is on every system that has systemd or apt.
    pub fn addTo(lockdown: Lockdown, module: *std.Build.Module) void {
        module.addImport("lockdown_options", lockdown.options);
        module.link_libc = true;
        module.linkSystemLibrary("seccomp", .{});
    }
};

pub fn addLockdownSteps(
    b: *std.Build,
    target: std.Build.ResolvedTarget,
    optimize: std.builtin.OptimizeMode,
) Lockdown {
    const mutate = b.option(Mutate, "mutate", "Remove ONE lockdown mitigation (mutation testing only)") orelse .none;
    const options = b.addOptions();
    options.addOption(Mutate, "mutate", mutate);
    const lockdown = Lockdown{ .options = options.createModule() };

    const selftest_module = b.createModule(.{
        .root_source_file = b.path("src/lockdown_selftest.zig"),
        .target = target,
        .optimize = optimize,
    });
    lockdown.addTo(selftest_module);
    selftest_module.linkSystemLibrary("nftables", .{});
    const selftest = b.addExecutable(.{ .name = "nftj-lockdown-selftest", .root_module = selftest_module });
    const install_selftest = b.addInstallArtifact(selftest, .{});
    b.getInstallStep().dependOn(&install_selftest.step);
    b.step("lockdown-selftest", "Build the lockdown self-test executable").dependOn(&install_selftest.step);

    const test_module = b.createModule(.{
        .root_source_file = b.path("src/lockdown.zig"),
        .target = target,
        .optimize = optimize,
    });
    lockdown.addTo(test_module);
    const unit_tests = b.addTest(.{ .root_module = test_module });
    b.step("test-lockdown", "Unit tests of the lockdown code").dependOn(&b.addRunArtifact(unit_tests).step);
    return lockdown;
}

/// Standalone use, before (or without) the core's build.zig.
pub fn build(b: *std.Build) void {
    const target = b.standardTargetOptions(.{});
    const optimize = b.standardOptimizeOption(.{});
    _ = addLockdownSteps(b, target, optimize);
}
