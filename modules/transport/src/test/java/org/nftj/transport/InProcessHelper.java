package org.nftj.transport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.jr.ob.JSON;

/**
 * A well-behaved helper over in-process pipes, for framing properties: it answers every request
 * with an echo of it, takes whatever requests have already arrived as one group, answers the
 * group in shuffled order, and writes the answers as one byte stream cut at random points.
 */
final class InProcessHelper implements HelperProcess {
    private final Pipe toHelper;
    private final Pipe fromHelper;
    private final Pipe stderr;
    private final Thread thread;
    private volatile int status = -1;
    private final Random random;

    InProcessHelper(long seed) throws IOException {
        toHelper = Pipe.open();
        fromHelper = Pipe.open();
        stderr = Pipe.open();
        random = new Random(seed);
        thread = Thread.ofPlatform().daemon().name("in-process-helper").start(this::serve);
    }

    private void serve() {
        try (InputStream in = new BufferedInputStream(Channels.newInputStream(toHelper.source()), 1 << 16);
             OutputStream out = Channels.newOutputStream(fromHelper.sink())) {
            while (true) {
                List<byte[]> group = new ArrayList<>();
                byte[] first = Frames.read(in, 1 << 26);
                if (first == null) break;
                group.add(first);
                while (in.available() >= 4) {
                    byte[] more = Frames.read(in, 1 << 26);
                    if (more == null) break;
                    group.add(more);
                }
                List<byte[]> answers = new ArrayList<>();
                for (byte[] req : group) answers.add(answer(req));
                if (group.size() > 1 && !isHello(group.get(0))) Collections.shuffle(answers, random);
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                for (byte[] a : answers) Frames.write(all, a);
                byte[] bytes = all.toByteArray();
                int at = 0;
                while (at < bytes.length) {
                    int n = 1 + random.nextInt(Math.min(bytes.length - at, random.nextBoolean() ? 7 : 70_000));
                    out.write(bytes, at, n);
                    out.flush();
                    at += n;
                }
            }
            status = 0;
        } catch (IOException e) {
            if (status < 0) status = 137;
        }
        try {
            stderr.sink().close();
        } catch (IOException ignored) {
            // closing a pipe end
        }
    }

    private static boolean isHello(byte[] req) {
        return new String(req, 0, Math.min(req.length, 40), StandardCharsets.UTF_8).contains("\"hello\"");
    }

    private static byte[] answer(byte[] request) throws IOException {
        Map<String, Object> req = JSON.std.mapFrom(request);
        Object id = req.get("id");
        if ("hello".equals(req.get("op"))) {
            return ("{\"id\":" + id + ",\"ok\":true,\"result\":{\"protocol\":1,\"helper\":\"in-process\","
                    + "\"libnftables\":\"0\",\"frameMax\":16777216,\"policy\":{\"tables\":[],\"operations\":[]},"
                    + "\"sandbox\":{\"seccomp\":2,\"noNewPrivs\":true,\"dumpable\":false,"
                    + "\"capEffective\":\"0000000000001000\",\"capPermitted\":\"0000000000001000\","
                    + "\"boundingDropped\":true}}}").getBytes(StandardCharsets.UTF_8);
        }
        return JSON.std.asBytes(Map.of("id", id, "ok", true, "result", Map.of("nftables", List.of(), "echo", req)));
    }

    @Override public OutputStream stdin() { return Channels.newOutputStream(toHelper.sink()); }
    @Override public InputStream stdout() { return Channels.newInputStream(fromHelper.source()); }
    @Override public InputStream stderr() { return Channels.newInputStream(stderr.source()); }
    @Override public long pid() { return 1_000_000 + thread.threadId(); }
    @Override public boolean isAlive() { return thread.isAlive(); }

    @Override
    public void kill() {
        status = 137;
        try {
            toHelper.source().close();
            toHelper.sink().close();
            fromHelper.sink().close();
            fromHelper.source().close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public int waitFor(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return thread.isAlive() ? -1 : status;
    }
}
