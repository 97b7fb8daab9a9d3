//! Mutation testing: `zig build -Dmutate=<mitigation>` builds the helper (and the self-tests) with
//! exactly ONE mitigation removed; tests/mutation-check.sh (the lockdown's) and
//! threat-model/mutation-check.sh (every mitigation's) check that some test fails against each
//! such build. `removed(.x)` is comptime-known and true only in the build with `-Dmutate=x`, so
//! the default build (`none`) compiles every mutation out. The choices are build.zig's `Mutate`.

const options = @import("mutation_options");

pub const Mitigation = @TypeOf(options.mutate);

pub inline fn removed(comptime mitigation: Mitigation) bool {
    return comptime options.mutate == mitigation;
}
