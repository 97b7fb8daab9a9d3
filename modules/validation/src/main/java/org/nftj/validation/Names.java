package org.nftj.validation;

import java.nio.charset.StandardCharsets;

/**
 * Values that must need no lookup, checked exactly as the helper's {@code names.zig} does: object
 * names, interface names, free text, and strictly parsed IPv4, IPv6 and MAC addresses. Each
 * {@code check} method returns null when the value is valid, otherwise the reason.
 */
final class Names {
    private Names() {}

    static int utf8Length(String s) { return s.getBytes(StandardCharsets.UTF_8).length; }

    /** 1–255 bytes of {@code [A-Za-z0-9_.-/]}. */
    static String checkName(String s) {
        if (s.isEmpty()) return "a name must not be empty";
        if (utf8Length(s) > Schema.NAME_BYTES_MAX) return "a name may be at most " + Schema.NAME_BYTES_MAX + " bytes";
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAsciiAlnum(c) || c == '_' || c == '.' || c == '-' || c == '/')) {
                return "a name may contain only A-Z a-z 0-9 _ . - /";
            }
        }
        return null;
    }

    /** 1–15 bytes of {@code [A-Za-z0-9_.-+]}, not "." or ".."; one trailing '*' when wildcards are allowed. */
    static String checkInterfaceName(String s, boolean wildcardAllowed) {
        String body = wildcardAllowed && s.endsWith("*") ? s.substring(0, s.length() - 1) : s;
        if (body.isEmpty()) return "an interface name must not be empty";
        if (utf8Length(s) > Schema.IFNAME_BYTES_MAX) return "an interface name may be at most 15 bytes";
        if (body.equals(".") || body.equals("..")) return "'.' and '..' are not interface names";
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!(isAsciiAlnum(c) || c == '_' || c == '.' || c == '-' || c == '+')) {
                return "an interface name may contain only A-Z a-z 0-9 _ . - +";
            }
        }
        return null;
    }

    /** Comments and log prefixes: bounded, no control characters, no quotes or backslashes. */
    static String checkText(String s, int bytesMax) {
        if (utf8Length(s) > bytesMax) return "text longer than " + bytesMax + " bytes";
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) return "control characters are not allowed";
            if (c == '"' || c == '\\') return "quotes and backslashes are not allowed";
        }
        return null;
    }

    static boolean isIpv4(String s) {
        if (s.length() < 7 || s.length() > 15) return false;
        int octets = 0, value = 0, digits = 0;
        boolean leadingZero = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (digits == 0) return false;
                if (++octets > 3) return false;
                value = 0;
                digits = 0;
                continue;
            }
            if (c < '0' || c > '9') return false;
            if (digits == 0) leadingZero = c == '0';
            else if (leadingZero) return false;
            value = value * 10 + (c - '0');
            digits++;
            if (value > 255 || digits > 3) return false;
        }
        return octets == 3 && digits > 0;
    }

    /** RFC 4291 text: no zone index (that would be an interface lookup), no brackets, no prefix. */
    static boolean isIpv6(String s) {
        if (s.length() < 2 || s.length() > 45) return false;
        int groups = 0, i = 0;
        boolean compressed = false;
        if (s.charAt(0) == ':') {
            if (s.charAt(1) != ':') return false;
            compressed = true;
            i = 2;
            if (i == s.length()) return true;
        }
        while (i < s.length()) {
            // An embedded IPv4 address may end the text ("::ffff:192.0.2.1").
            String rest = s.substring(i);
            if (rest.indexOf(':') < 0 && rest.indexOf('.') >= 0) {
                if (!isIpv4(rest)) return false;
                groups += 2;
                i = s.length();
                break;
            }
            int digits = 0;
            while (i < s.length() && isHex(s.charAt(i))) {
                i++;
                digits++;
            }
            if (digits == 0 || digits > 4) return false;
            groups++;
            if (i == s.length()) break;
            if (s.charAt(i) != ':') return false;
            i++;
            if (i < s.length() && s.charAt(i) == ':') {
                if (compressed) return false;
                compressed = true;
                i++;
                if (i == s.length()) break;
            } else if (i == s.length()) {
                return false;
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    static boolean isEther(String s) {
        if (s.length() != 17) return false;
        for (int i = 0; i < 17; i++) {
            char c = s.charAt(i);
            if (i % 3 == 2 ? c != ':' : !isHex(c)) return false;
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Escapes what a terminal or log would interpret, and shortens. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        s.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c < 0xa0)) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        if (s.length() > 80) b.append("...");
        return b.toString();
    }
}
