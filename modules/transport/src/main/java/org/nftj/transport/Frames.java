package org.nftj.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/** 4-byte big-endian length-prefixed frames (docs/protocol.md). */
final class Frames {
    /** Bodies up to this size are allocated at once; larger ones grow as their bytes actually arrive. */
    private static final int EAGER_BYTES = 1 << 20;

    private Frames() {}

    /** A frame length the protocol forbids; raised before anything is allocated. */
    static final class BadFrame extends IOException {
        @java.io.Serial private static final long serialVersionUID = 1L;

        BadFrame(String message) { super(message); }
    }

    static final int HEADER_BYTES = 4;

    static void writeHeader(OutputStream out, int length) throws IOException {
        out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    }

    static void write(OutputStream out, byte[] payload) throws IOException {
        writeHeader(out, payload.length);
        out.write(payload);
        out.flush();
    }

    /**
     * Reads one frame. Returns null on end of input between frames. A length of 0 or above
     * {@code max} is a protocol error, raised before anything is allocated; a large body is read
     * in steps, so a peer that announces a big frame and then stalls or stops holds little memory.
     */
    static byte[] read(InputStream in, int max) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        byte[] rest = in.readNBytes(3);
        if (rest.length < 3) throw new EOFException("end of input inside a frame header");
        long n = ((long) b0 << 24) | ((rest[0] & 0xffL) << 16) | ((rest[1] & 0xffL) << 8) | (rest[2] & 0xffL);
        if (n == 0 || n > max) throw new BadFrame("response frame of " + n + " bytes (limit " + max + ")");
        int length = (int) n;
        byte[] body = new byte[Math.min(length, EAGER_BYTES)];
        int got = 0;
        while (got < length) {
            if (got == body.length) body = Arrays.copyOf(body, (int) Math.min(length, 2L * body.length));
            int r = in.read(body, got, body.length - got);
            if (r < 0) throw new EOFException("end of input after " + got + " of " + length + " frame bytes");
            got += r;
        }
        return body;
    }
}
