//! Root of the unit tests run by `zig build test`.
test {
    _ = @import("c_test.zig");
    _ = @import("names.zig");
    _ = @import("unit_test.zig");
    _ = @import("vectors_test.zig");
    _ = @import("rulesets.zig");
    _ = @import("corpus_test.zig");
    _ = @import("sysctl_test.zig");
    _ = @import("nft_error_test.zig");
    _ = @import("policy_limits_test.zig");
    _ = @import("ratelimit.zig");
    _ = @import("setinfo.zig");
    _ = @import("element_encoding.zig");
    _ = @import("direct.zig");
    _ = @import("listing.zig");
    _ = @import("summary.zig");
    _ = @import("interval_check.zig");
    _ = @import("assembly_test.zig");
}
