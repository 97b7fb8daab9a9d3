//! Build steps of the sysctl part (issue 8; build.zig calls addSysctlSteps once):
//! `zig build sysctl-selftest` installs zig-out/bin/nftj-sysctl-selftest (also part of the
//! default install step), which tests/sysctl.sh drives.

const std = @import("std");
const Lockdown = @import("build_lockdown.zig").Lockdown;

pub fn addSysctlSteps(b: *std.Build, target: std.Build.ResolvedTarget, optimize: std.builtin.OptimizeMode, lockdown: Lockdown) void {
    const module = b.createModule(.{
        .root_source_file = b.path("src/sysctl_selftest.zig"),
        .target = target,
        .optimize = optimize,
    });
    lockdown.addTo(module);
    const exe = b.addExecutable(.{ .name = "nftj-sysctl-selftest", .root_module = module });
    const install = b.addInstallArtifact(exe, .{});
    b.getInstallStep().dependOn(&install.step);
    b.step("sysctl-selftest", "Build the sysctl sandbox self-test executable").dependOn(&install.step);
}
