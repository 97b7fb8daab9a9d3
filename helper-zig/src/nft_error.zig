//! What the helper says when libnftables refuses a batch: built from an allow-list, never
//! libnftables' text as it is.
//!
//! When a name is missing, libnftables 1.0.6 adds a hint such as "did you mean chain ‘vin’ in
//! table inet ‘victim’?", found by searching every table in its cache, with no distance limit:
//! passed on, any miss would name the nearest object of a table outside the policy. So only this
//! passes, record by record ("internal:0:0-0: Error: MESSAGE", one per line; every other line
//! is dropped):
//!   - an errno, where the message holds the text of one in the table below: its text and its
//!     name, written by the helper; nothing after it passes (that is where the hints are);
//!   - the words before it, or the whole message when it holds no errno, only if every word is
//!     a word of libnftables' own messages (src/libnftables_words.zig, which leaves out the
//!     words only its hints use) or a number; otherwise the message is withheld.
//! Names of the request are added by the caller, from the request itself.

const std = @import("std");
const assert = std.debug.assert;
const library_words = @import("libnftables_words.zig").words;

pub const Errno = struct {
    name: []const u8,
    /// glibc's strerror text, as libnftables prints it.
    text: []const u8,
};

/// The errnos the kernel's nf_tables and libnftables report, most specific first.
pub const errnos = [_]Errno{
    .{ .name = "ENOENT", .text = "No such file or directory" },
    .{ .name = "EEXIST", .text = "File exists" },
    .{ .name = "EBUSY", .text = "Device or resource busy" },
    .{ .name = "EINVAL", .text = "Invalid argument" },
    .{ .name = "EOPNOTSUPP", .text = "Operation not supported" },
    .{ .name = "ENFILE", .text = "Too many open files in system" },
    .{ .name = "EMFILE", .text = "Too many open files" },
    .{ .name = "ENOSPC", .text = "No space left on device" },
    .{ .name = "EMLINK", .text = "Too many links" },
    .{ .name = "ELOOP", .text = "Too many levels of symbolic links" },
    .{ .name = "ERANGE", .text = "Numerical result out of range" },
    .{ .name = "EOVERFLOW", .text = "Value too large for defined data type" },
    .{ .name = "E2BIG", .text = "Argument list too long" },
    .{ .name = "EMSGSIZE", .text = "Message too long" },
    .{ .name = "EPERM", .text = "Operation not permitted" },
    .{ .name = "EACCES", .text = "Permission denied" },
    .{ .name = "ENOMEM", .text = "Cannot allocate memory" },
    .{ .name = "ENOBUFS", .text = "No buffer space available" },
    .{ .name = "ENODEV", .text = "No such device" },
    .{ .name = "EAFNOSUPPORT", .text = "Address family not supported by protocol" },
    .{ .name = "EPROTONOSUPPORT", .text = "Protocol not supported" },
    .{ .name = "EAGAIN", .text = "Resource temporarily unavailable" },
    .{ .name = "EINTR", .text = "Interrupted system call" },
    .{ .name = "ENOTDIR", .text = "Not a directory" },
};

pub const withheld = "(libnftables' message is withheld: it is not made of libnftables' own words and numbers)";

/// Records read from one error text, at most.
pub const records_max: u32 = 8;

pub const Explained = struct {
    /// `not_found` (ENOENT), `exists` (EEXIST) or `nft_failed`: from the first errno found.
    code: []const u8,
    /// The first errno found, if any.
    errno: ?*const Errno,
    /// What may pass, in the caller's buffer.
    message: []const u8,
};

/// Reads libnftables' error `text` and writes what may pass into `out` (truncated to fit).
pub fn explain(text: []const u8, out: []u8) Explained {
    var result = Explained{ .code = "nft_failed", .errno = null, .message = "" };
    var length: usize = 0;
    var records: u32 = 0;
    var lines = std.mem.splitScalar(u8, text, '\n');
    while (lines.next()) |line| {
        if (records == records_max) break;
        const message = recordMessage(line) orelse continue;
        records += 1;
        if (length > 0) length = append(out, length, "; ");
        const found = findErrno(message);
        const words_end = if (found) |hit| hit.at else message.len;
        const words = std.mem.trim(u8, message[0..words_end], " :");
        const words_pass = words.len > 0 and madeOfLibraryWords(words);
        if (words_pass) length = appendClean(out, length, words);
        if (found) |hit| {
            if (words_pass) length = append(out, length, ": ");
            length = append(out, length, hit.errno.text);
            length = append(out, length, " (");
            length = append(out, length, hit.errno.name);
            length = append(out, length, ")");
            if (result.errno == null) result.errno = hit.errno;
        } else if (!words_pass) {
            length = append(out, length, withheld);
        }
    }
    if (result.errno) |errno| {
        if (std.mem.eql(u8, errno.name, "ENOENT")) result.code = "not_found";
        if (std.mem.eql(u8, errno.name, "EEXIST")) result.code = "exists";
    }
    if (records == 0) length = append(out, length, withheld);
    result.message = out[0..length];
    return result;
}

/// "LOCATION: Error: MESSAGE" → MESSAGE; any other line → null.
fn recordMessage(line: []const u8) ?[]const u8 {
    const marker = "Error: ";
    const at = std.mem.indexOf(u8, line, marker) orelse return null;
    const message = std.mem.trimRight(u8, line[at + marker.len ..], " \r");
    if (message.len == 0) return null;
    return message;
}

const Hit = struct { errno: *const Errno, at: usize };

fn findErrno(message: []const u8) ?Hit {
    var best: ?Hit = null;
    for (&errnos) |*errno| {
        const at = std.mem.indexOf(u8, message, errno.text) orelse continue;
        if (best == null or at < best.?.at) best = .{ .errno = errno, .at = at };
    }
    return best;
}

/// True when every run of [A-Za-z0-9_] in `text` is a number (decimal, or hexadecimal after
/// "0x") or one of libnftables' message words.
pub fn madeOfLibraryWords(text: []const u8) bool {
    var index: usize = 0;
    while (index < text.len) {
        if (!isWordByte(text[index])) {
            index += 1;
            continue;
        }
        const start = index;
        while (index < text.len and isWordByte(text[index])) index += 1;
        if (!allowedWord(text[start..index])) return false;
    }
    return true;
}

fn isWordByte(byte: u8) bool {
    return std.ascii.isAlphanumeric(byte) or byte == '_';
}

fn allowedWord(word: []const u8) bool {
    assert(word.len > 0);
    if (isNumber(word)) return true;
    // Library words are at most 64 bytes; a longer run is no word of theirs.
    var lower: [64]u8 = undefined;
    if (word.len > lower.len) return false;
    for (word, 0..) |byte, position| lower[position] = std.ascii.toLower(byte);
    return isLibraryWord(lower[0..word.len]);
}

fn isNumber(word: []const u8) bool {
    var digits = word;
    if (word.len > 2 and word[0] == '0' and (word[1] == 'x' or word[1] == 'X')) {
        digits = word[2..];
        for (digits) |byte| if (!std.ascii.isHex(byte)) return false;
        return true;
    }
    for (digits) |byte| if (!std.ascii.isDigit(byte)) return false;
    return true;
}

pub fn isLibraryWord(lower: []const u8) bool {
    var low: usize = 0;
    var high: usize = library_words.len;
    while (low < high) {
        const middle = low + (high - low) / 2;
        switch (std.mem.order(u8, library_words[middle], lower)) {
            .eq => return true,
            .lt => low = middle + 1,
            .gt => high = middle,
        }
    }
    return false;
}

fn append(out: []u8, start: usize, text: []const u8) usize {
    const count = @min(text.len, out.len - start);
    @memcpy(out[start..][0..count], text[0..count]);
    return start + count;
}

/// Appends `text` with every byte outside printable ASCII (the library's ‘’ quotes included)
/// written as an apostrophe, so the message stays one line of plain text.
fn appendClean(out: []u8, start: usize, text: []const u8) usize {
    var length = start;
    var index: usize = 0;
    while (index < text.len and length < out.len) {
        const byte = text[index];
        if (byte >= 0x20 and byte < 0x7f) {
            out[length] = byte;
            index += 1;
        } else {
            out[length] = '\'';
            // One apostrophe per UTF-8 sequence.
            index += 1;
            while (index < text.len and (text[index] & 0xc0) == 0x80) index += 1;
        }
        length += 1;
    }
    return length;
}

comptime {
    // The list is sorted (binary search) and holds no hint-only word.
    @setEvalBranchQuota(200_000);
    for (library_words[1..], 1..) |word, index| {
        assert(std.mem.order(u8, library_words[index - 1], word) == .lt);
        assert(!std.mem.eql(u8, word, "mean") and !std.mem.eql(u8, word, "did"));
    }
}
