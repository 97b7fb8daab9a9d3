//! Values that must need no lookup: object names, interface names, comments, and strictly parsed
//! IPv4, IPv6 and MAC addresses. Everything here is a pure function over bytes.

const std = @import("std");

pub const name_bytes_max: u32 = 255;
pub const ifname_bytes_max: u32 = 15;
pub const comment_bytes_max: u32 = 128;
pub const log_prefix_bytes_max: u32 = 127;

pub const Family = enum { ip, ip6, inet, arp, bridge, netdev };

pub fn familyFromString(text: []const u8) ?Family {
    return std.meta.stringToEnum(Family, text);
}

/// Object names (tables, chains, sets, maps, flowtables, named objects): 1–255 bytes of
/// `[A-Za-z0-9_.-/]`. A whitelist is narrower than the kernel's rule and rules out, by
/// construction, quotes, `$`, `@`, `*`, whitespace, control characters and non-ASCII.
/// Returns null when valid, otherwise the reason.
pub fn checkName(text: []const u8) ?[]const u8 {
    if (text.len == 0) return "name must not be empty";
    if (text.len > name_bytes_max) return "name longer than 255 bytes";
    for (text) |byte| {
        if (!isNameByte(byte)) return "name may contain only A-Z a-z 0-9 _ . - /";
    }
    return null;
}

fn isNameByte(byte: u8) bool {
    return std.ascii.isAlphanumeric(byte) or byte == '_' or byte == '.' or byte == '-' or byte == '/';
}

/// Interface names: 1–15 bytes of alphanumerics and `_ . - +` (the kernel accepts more, but
/// nothing a name lookup or a quote could hide in). Not "." or "..". When `wildcard_allowed`,
/// one trailing `*` is a prefix match (iifname "eth*").
pub fn checkInterfaceName(text: []const u8, wildcard_allowed: bool) ?[]const u8 {
    var body = text;
    if (wildcard_allowed and body.len > 0 and body[body.len - 1] == '*') body = body[0 .. body.len - 1];
    if (body.len == 0) return "interface name must not be empty";
    if (body.len > ifname_bytes_max) return "interface name longer than 15 bytes";
    if (std.mem.eql(u8, body, ".") or std.mem.eql(u8, body, "..")) return "invalid interface name";
    for (body) |byte| {
        const ok = std.ascii.isAlphanumeric(byte) or byte == '_' or byte == '.' or byte == '-' or byte == '+';
        if (!ok) return "interface name may contain only A-Z a-z 0-9 _ . - +";
    }
    return null;
}

/// Free text that ends up in the kernel (comments, log prefixes): printable, no control bytes
/// (the parser already guaranteed valid UTF-8), no quotes or backslashes (nft text output must
/// be able to quote it), bounded.
pub fn checkText(text: []const u8, bytes_max: u32) ?[]const u8 {
    if (text.len > bytes_max) return "text longer than its limit";
    for (text) |byte| {
        if (byte < 0x20 or byte == 0x7F) return "control characters are not allowed";
        if (byte == '"' or byte == '\\') return "quotes and backslashes are not allowed";
    }
    return null;
}

/// Strict dotted quad: four decimal octets 0–255, no leading zeros, nothing else.
pub fn isIpv4(text: []const u8) bool {
    if (text.len < 7 or text.len > 15) return false;
    var octets: u32 = 0;
    var value: u32 = 0;
    var digits: u32 = 0;
    var leading_zero = false;
    for (text) |byte| {
        if (byte == '.') {
            if (digits == 0) return false;
            octets += 1;
            if (octets > 3) return false;
            value = 0;
            digits = 0;
            continue;
        }
        if (byte < '0' or byte > '9') return false;
        if (digits == 0) leading_zero = byte == '0' else if (leading_zero) return false;
        value = value * 10 + (byte - '0');
        digits += 1;
        if (value > 255 or digits > 3) return false;
    }
    return octets == 3 and digits > 0;
}

/// Strict IPv6 text (RFC 4291 §2.2): up to eight groups of 1–4 hex digits, at most one `::`,
/// an optional trailing dotted quad. No zone index (`%eth0` would be an interface lookup), no
/// brackets, no prefix.
pub fn isIpv6(text: []const u8) bool {
    if (text.len < 2 or text.len > 45) return false;
    var groups: u32 = 0;
    var compressed = false;
    var index: usize = 0;
    if (text[0] == ':') {
        if (text.len < 2 or text[1] != ':') return false;
        compressed = true;
        index = 2;
        if (index == text.len) return true; // "::"
    }
    while (index < text.len) {
        // An embedded IPv4 address may end the text.
        const rest = text[index..];
        if (std.mem.indexOfScalar(u8, rest, ':') == null and std.mem.indexOfScalar(u8, rest, '.') != null) {
            if (!isIpv4(rest)) return false;
            groups += 2;
            index = text.len;
            break;
        }
        var digits: usize = 0;
        while (index < text.len and std.ascii.isHex(text[index])) : (index += 1) digits += 1;
        if (digits == 0 or digits > 4) return false;
        groups += 1;
        if (index == text.len) break;
        if (text[index] != ':') return false;
        index += 1;
        if (index < text.len and text[index] == ':') {
            if (compressed) return false;
            compressed = true;
            index += 1;
            if (index == text.len) break;
        } else if (index == text.len) return false; // trailing single ':'
    }
    if (compressed) return groups <= 7;
    return groups == 8;
}

/// MAC address: six pairs of hex digits separated by ':'.
pub fn isEther(text: []const u8) bool {
    if (text.len != 17) return false;
    for (text, 0..) |byte, index| {
        if (index % 3 == 2) {
            if (byte != ':') return false;
        } else if (!std.ascii.isHex(byte)) return false;
    }
    return true;
}
