//! Build of nftj-helper. Pinned to one Zig release (checked below, in build.zig.zon and in
//! ../scripts/versions.env; check-pins.sh compares the three).
//!
//!   zig build                    zig-out/bin/nftj-helper (src/main.zig) and the two self-test
//!                                programs (ReleaseSafe unless -Doptimize says otherwise)
//!
//! src/ holds the helper's shipped code and nothing else; tests/ holds everything that tests it
//! (unit, vector and corpus tests, the self-test programs, the fuzzer, their support, the test
//! scripts and data). Code outside src/ reaches the helper as the module "helper" (src/helper.zig).
//!   zig build test               every unit test, the C-header constant check, the shared
//!                                vectors, the corpora
//!   zig build test-lockdown      the unit tests of src/lockdown.zig alone (tests/lockdown_test.zig)
//!   zig build lockdown-selftest  zig-out/bin/nftj-lockdown-selftest (tests/lockdown-*.sh,
//!                                tests/seccomp-golden.sh, tests/startup-matrix.sh drive it)
//!   zig build sysctl-selftest    zig-out/bin/nftj-sysctl-selftest (tests/sysctl.sh drives it)
//!   zig build bench              the benchmark programs (bench/run.sh)
//!   zig build fuzz               the deterministic mutation fuzzer (tests/fuzz.sh)
//!
//!   -Dmutate=<mitigation>        builds the helper and the self-tests with ONE mitigation
//!                                removed, for the mutation checks (tests/mutation-check.sh);
//!                                the default, none, compiles every mutation out.

const std = @import("std");
const builtin = @import("builtin");

const pinned_zig = std.SemanticVersion{ .major = 0, .minor = 15, .patch = 2 };

comptime {
    if (builtin.zig_version.order(pinned_zig) != .eq) {
        @compileError("nftj-helper is pinned to Zig 0.15.2, this is " ++ builtin.zig_version_string);
    }
}

/// The mitigations a mutation build can remove (src/mutation.zig): the lockdown's, then the core's.
pub const Mutate = enum {
    none,
    seccomp,
    no_new_privs,
    dumpable,
    caps,
    self_check,
    pipes,
    sigpipe,
    rlimits,
    close_fds,
    route_socket_caps,
    policy,
    listing_filter,
    canonical_forward,
    canonical_forward_batch,
    canonical_escape,
    lookup_refusal,
    duplicate_keys,
    rate_limit,
    rate_limit_shared,
    rate_limit_by_work,
    rate_limit_reserved,
    direct_generation,
    direct_mismatch,
    direct_overlap,
    error_text,
    crash_handler,
    crash_tgkill,
    crash_shapes,
    policy_nofollow,
    policy_fstat,
    add_as_create,
    set_size,
    census,
    hostwide,
    hostwide_mangle,
    hostwide_log_limit,
    anonymous_elements,
    crash_map_array,
    crash_nat_set,
    crash_nat_concat_port,
    crash_nat_concat_map,
    rate_limit_anonymous,
    release_memory,
    refused_charge,
    direct_doomed_probe,
};

/// What every module of a build shares.
const Setup = struct {
    b: *std.Build,
    target: std.Build.ResolvedTarget,
    optimize: std.builtin.OptimizeMode,
    /// The build options src/mutation.zig imports as "mutation_options".
    mutation_options: *std.Build.Module,

    /// A module rooted at `path`, linked against libc, libnftables, libnftnl, libmnl and
    /// libseccomp (all dynamic: LGPL libraries that every system with nftables and systemd has;
    /// libnftnl and libmnl carry the helper's own nfnetlink path, src/netlink.zig).
    fn module(setup: Setup, path: []const u8) *std.Build.Module {
        const result = setup.b.createModule(.{
            .root_source_file = setup.b.path(path),
            .target = setup.target,
            .optimize = setup.optimize,
        });
        result.link_libc = true;
        result.linkSystemLibrary("nftables", .{ .preferred_link_mode = .dynamic });
        result.linkSystemLibrary("nftnl", .{ .preferred_link_mode = .dynamic });
        result.linkSystemLibrary("mnl", .{ .preferred_link_mode = .dynamic });
        result.linkSystemLibrary("seccomp", .{});
        result.addImport("mutation_options", setup.mutation_options);
        return result;
    }

    /// A module rooted outside src/ (tests, self-tests, the fuzzer, benchmarks): it reaches the
    /// helper's code as the module "helper" (src/helper.zig).
    fn moduleWithHelper(setup: Setup, path: []const u8) *std.Build.Module {
        const result = setup.module(path);
        result.addImport("helper", setup.module("src/helper.zig"));
        return result;
    }

    /// An executable whose socket/bind/getproto* (src/lookups.zig) are in the dynamic symbol table,
    /// where the dynamic linker finds them before the C library's for libmnl's and libnftables'
    /// calls.
    fn executable(setup: Setup, name: []const u8, root_module: *std.Build.Module) *std.Build.Step.Compile {
        const exe = setup.b.addExecutable(.{ .name = name, .root_module = root_module });
        exe.rdynamic = true;
        return exe;
    }

    /// An executable of tests/ installed by `zig build` and by its own step.
    fn program(setup: Setup, name: []const u8, path: []const u8, step_name: []const u8, description: []const u8) void {
        const exe = setup.executable(name, setup.moduleWithHelper(path));
        const install = setup.b.addInstallArtifact(exe, .{});
        setup.b.getInstallStep().dependOn(&install.step);
        setup.b.step(step_name, description).dependOn(&install.step);
    }
};

pub fn build(b: *std.Build) void {
    const mutate = b.option(Mutate, "mutate", "Remove ONE mitigation (mutation testing only)") orelse .none;
    const options = b.addOptions();
    options.addOption(Mutate, "mutate", mutate);
    const setup = Setup{
        .b = b,
        .target = b.standardTargetOptions(.{}),
        .optimize = b.option(
            std.builtin.OptimizeMode,
            "optimize",
            "Optimization mode (default ReleaseSafe)",
        ) orelse .ReleaseSafe,
        .mutation_options = options.createModule(),
    };
    // The installed helper carries no debug information (2.6 of its 3 MB): it prints no stack trace
    // (a crash is reported by its signal), and the image it ships in has a size budget.
    // -Dstrip=false keeps it for debugging. Its exported symbols (the lookups' interposers) stay.
    const helper = setup.module("src/main.zig");
    helper.strip = b.option(bool, "strip", "Strip debug information from nftj-helper (default true)") orelse true;
    b.installArtifact(setup.executable("nftj-helper", helper));
    setup.program(
        "nftj-lockdown-selftest",
        "tests/lockdown_selftest.zig",
        "lockdown-selftest",
        "Build the lockdown self-test program",
    );
    setup.program(
        "nftj-sysctl-selftest",
        "tests/sysctl_selftest.zig",
        "sysctl-selftest",
        "Build the sysctl sandbox self-test program",
    );
    addUnitTests(setup);
    addLockdownTests(setup);
    addBench(setup);
    addFuzz(setup);
}

fn addUnitTests(setup: Setup) void {
    const b = setup.b;
    // The C side of the constant check: a C program built against the real headers prints the
    // constants as a Zig file, which the tests import as "c_constants_real".
    const printer_module = b.createModule(.{ .target = setup.target, .optimize = .Debug, .link_libc = true });
    printer_module.addCSourceFile(.{ .file = b.path("tests/c_constants.c"), .flags = &.{} });
    printer_module.addSystemIncludePath(.{ .cwd_relative = "/usr/include" });
    const printer = b.addExecutable(.{ .name = "c-constants", .root_module = printer_module });
    const print_run = b.addRunArtifact(printer);
    // A module root needs a .zig name: copy the captured output under one.
    const real_constants = b.addWriteFiles().addCopyFile(print_run.captureStdOut(), "c_constants_real.zig");

    const module = setup.moduleWithHelper("tests/all.zig");
    module.addAnonymousImport("c_constants_real", .{ .root_source_file = real_constants });
    const run = b.addRunArtifact(b.addTest(.{ .name = "helper-tests", .root_module = module }));
    // Tests read the shared vectors and corpora relative to the repository.
    run.setCwd(b.path("."));
    b.step("test", "Run the helper's unit tests").dependOn(&run.step);
}

fn addLockdownTests(setup: Setup) void {
    const tests = setup.b.addTest(.{
        .name = "lockdown-tests",
        .root_module = setup.moduleWithHelper("tests/lockdown_test.zig"),
    });
    setup.b.step(
        "test-lockdown",
        "Run the unit tests of the lockdown code",
    ).dependOn(&setup.b.addRunArtifact(tests).step);
}

fn addBench(setup: Setup) void {
    const b = setup.b;
    const step = b.step("bench", "Build the benchmark programs (bench/run.sh runs them)");
    const programs = [_]struct { name: []const u8, path: []const u8 }{
        .{ .name = "bench-inprocess", .path = "bench/inprocess.zig" },
        .{ .name = "bench-pipe", .path = "bench/pipe.zig" },
        .{ .name = "bench-helper", .path = "bench/helper_roundtrip.zig" },
    };
    const release = Setup{
        .b = b,
        .target = setup.target,
        .optimize = .ReleaseFast,
        .mutation_options = setup.mutation_options,
    };
    for (programs) |entry| {
        const exe = b.addExecutable(.{ .name = entry.name, .root_module = release.moduleWithHelper(entry.path) });
        step.dependOn(&b.addInstallArtifact(exe, .{}).step);
    }
}

fn addFuzz(setup: Setup) void {
    const safe = Setup{
        .b = setup.b,
        .target = setup.target,
        .optimize = .ReleaseSafe,
        .mutation_options = setup.mutation_options,
    };
    const exe = setup.b.addExecutable(.{ .name = "nftj-fuzz", .root_module = safe.moduleWithHelper("tests/fuzz.zig") });
    const step = setup.b.step("fuzz", "Build the mutation fuzzer (tests/fuzz.sh runs it)");
    step.dependOn(&setup.b.addInstallArtifact(exe, .{}).step);
}
