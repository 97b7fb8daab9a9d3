//! Unit tests of src/names.zig: addresses and names as the helper accepts them.

const std = @import("std");
const helper = @import("helper");
const names = helper.names;

test "ipv4 strict" {
    try std.testing.expect(names.isIpv4("1.2.3.4"));
    try std.testing.expect(names.isIpv4("255.255.255.255"));
    try std.testing.expect(names.isIpv4("0.0.0.0"));
    try std.testing.expect(!names.isIpv4("256.1.1.1"));
    try std.testing.expect(!names.isIpv4("01.2.3.4"));
    try std.testing.expect(!names.isIpv4("1.2.3"));
    try std.testing.expect(!names.isIpv4("127.1"));
    try std.testing.expect(!names.isIpv4("1.2.3.4.5"));
    try std.testing.expect(!names.isIpv4("0x7f.0.0.1"));
    try std.testing.expect(!names.isIpv4("1.2.3.4 "));
    try std.testing.expect(!names.isIpv4("1..3.4"));
}

test "ipv6 strict" {
    try std.testing.expect(names.isIpv6("::"));
    try std.testing.expect(names.isIpv6("::1"));
    try std.testing.expect(names.isIpv6("fe80::1"));
    try std.testing.expect(names.isIpv6("2001:db8::"));
    try std.testing.expect(names.isIpv6("2001:db8:0:0:0:0:0:1"));
    try std.testing.expect(names.isIpv6("::ffff:1.2.3.4"));
    try std.testing.expect(!names.isIpv6("fe80::1%eth0"));
    try std.testing.expect(!names.isIpv6("1:2:3:4:5:6:7:8:9"));
    try std.testing.expect(!names.isIpv6("1::2::3"));
    try std.testing.expect(!names.isIpv6("12345::"));
    try std.testing.expect(!names.isIpv6("1:2:3:4:5:6:7"));
    try std.testing.expect(!names.isIpv6(":1"));
    try std.testing.expect(!names.isIpv6("1:"));
    try std.testing.expect(!names.isIpv6("localhost"));
}

test "names" {
    try std.testing.expect(names.checkName("app") == null);
    try std.testing.expect(names.checkName("nftj_demo-1.x/y") == null);
    try std.testing.expect(names.checkName("") != null);
    try std.testing.expect(names.checkName("@set") != null);
    try std.testing.expect(names.checkName("*") != null);
    try std.testing.expect(names.checkName("a\"b") != null);
    try std.testing.expect(names.checkName("a$b") != null);
    try std.testing.expect(names.checkName("a\nb") != null);
    try std.testing.expect(names.checkName("a" ** 255) == null);
    try std.testing.expect(names.checkName("a" ** 256) != null);
    try std.testing.expect(names.checkInterfaceName("eth0", false) == null);
    try std.testing.expect(names.checkInterfaceName("eth*", true) == null);
    try std.testing.expect(names.checkInterfaceName("eth*", false) != null);
    try std.testing.expect(names.checkInterfaceName("", false) != null);
    try std.testing.expect(names.checkInterfaceName("d23456789012345", false) == null);
    try std.testing.expect(names.checkInterfaceName("d234567890123456", false) != null);
}
