//! The helper's files as one module, for the code outside src/ that tests or measures them
//! (tests/, bench/): `const helper = @import("helper");`, then `helper.judge`, `helper.json`, …
//! The helper itself is built from src/main.zig and never imports this file.

pub const assembly = @import("assembly.zig");
pub const c = @import("c.zig");
pub const c_lockdown = @import("c_lockdown.zig");
pub const crash = @import("crash.zig");
pub const digest = @import("digest.zig");
pub const direct = @import("direct.zig");
pub const element_encoding = @import("element_encoding.zig");
pub const frame = @import("frame.zig");
pub const hostwide = @import("hostwide.zig");
pub const interval_check = @import("interval_check.zig");
pub const json = @import("json.zig");
pub const judge = @import("judge.zig");
pub const libnftables_words = @import("libnftables_words.zig");
pub const listing = @import("listing.zig");
pub const lockdown = @import("lockdown.zig");
pub const lookups = @import("lookups.zig");
pub const names = @import("names.zig");
pub const netlink = @import("netlink.zig");
pub const nft = @import("nft.zig");
pub const nft_error = @import("nft_error.zig");
pub const policy = @import("policy.zig");
pub const ratelimit = @import("ratelimit.zig");
pub const request = @import("request.zig");
pub const resources = @import("resources.zig");
pub const response = @import("response.zig");
pub const schema = @import("schema.zig");
pub const seccomp_policy = @import("seccomp_policy.zig");
pub const service = @import("service.zig");
pub const setinfo = @import("setinfo.zig");
pub const summary = @import("summary.zig");
pub const sysctl = @import("sysctl.zig");
pub const validate = @import("validate.zig");
pub const writer = @import("writer.zig");
