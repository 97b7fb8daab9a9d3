package org.nftj.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** 4-byte big-endian length-prefixed frames (docs/protocol.md). */
final class Frames {
    private Frames() {}

    /** A frame length the protocol forbids; raised before anything is allocated. */
    static final class BadFrame extends IOException {
        @java.io.Serial private static final long serialVersionUID = 1L;

        BadFrame(String message) { super(message); }
    }

    static void write(OutputStream out, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        out.write(payload);
        out.flush();
    }

    /**
     * Reads one frame. Returns null on end of input between frames. A length of 0 or above
     * {@code max} is a protocol error, raised before anything is allocated.
     */
    static byte[] read(InputStream in, int max) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        byte[] rest = in.readNBytes(3);
        if (rest.length < 3) throw new EOFException("end of input inside a frame header");
        long n = ((long) b0 << 24) | ((rest[0] & 0xffL) << 16) | ((rest[1] & 0xffL) << 8) | (rest[2] & 0xffL);
        if (n == 0 || n > max) throw new BadFrame("response frame of " + n + " bytes (limit " + max + ")");
        byte[] body = in.readNBytes((int) n);
        if (body.length < n) throw new EOFException("end of input inside a frame of " + n + " bytes");
        return body;
    }
}
