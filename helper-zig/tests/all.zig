//! Root of `zig build test`: every unit test of the helper, the C-header constant check, the
//! shared vectors and the corpora. The helper's code is the module "helper" (src/helper.zig).
test {
    _ = @import("c_test.zig");
    _ = @import("names_test.zig");
    _ = @import("crash_test.zig");
    _ = @import("unit_test.zig");
    _ = @import("vectors_test.zig");
    _ = @import("rulesets.zig");
    _ = @import("corpus_test.zig");
    _ = @import("sysctl_test.zig");
    _ = @import("nft_error_test.zig");
    _ = @import("policy_limits_test.zig");
    _ = @import("direct_test.zig");
    _ = @import("assembly_test.zig");
    _ = @import("tidy.zig");
    _ = @import("lookups_test.zig");
}
