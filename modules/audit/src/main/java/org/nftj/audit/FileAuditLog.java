package org.nftj.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nftj.audit.support.ProcessFacts;

/**
 * The audit log as append-only JSON Lines with a hash chain (format: docs/audit-log.md).
 *
 * <p><b>Durability.</b> {@link #append} and {@link #appendNumbered} return only after the record is written and the file is
 * forced to stable storage (fsync); concurrent appenders share one force
 * (group commit), so the chain order is the order in which records were written. A record is
 * written with a single write of the whole line; a crash mid-write leaves a torn last line, which
 * {@link AuditVerifier} reports and which reopening cuts off and records as a {@code recover} record
 * (a torn record was never acknowledged, so no caller was told its change was recorded).
 *
 * <p><b>Rotation.</b> When the next record would take the file past {@link Options#rotateBytes()},
 * the file is renamed to {@code NAME.NNNNNN} (a generation number that only grows) and a new file
 * {@code NAME} starts with a {@code rotate} record whose {@code continues} member names that file
 * and whose {@code prev} is that file's last hash. Names of rotated files never change again, so
 * the links stay valid.
 *
 * <p><b>Failure.</b> A write or force that fails leaves the log unusable (every later append
 * throws): after a failed fsync the kernel may have dropped the data, and a record that may or may
 * not be on disk cannot be chained onto. A log that fails verification when opened (other than a
 * torn tail) is not appended to: an operator must look at it first.
 *
 * <p><b>Writers take turns.</b> Several processes (a service, a boot-time sync, an operator's
 * command) may append to one log. Each append holds an exclusive lock on {@code NAME.lock} beside
 * it only for the time of its write; under the lock it first reads what other writers appended
 * since its own last record (only those bytes, checked to continue the chain from it) or, if one of
 * them rotated the file, continues from the new file. A writer that cannot get the lock within
 * {@link Options#lockWait()} fails with {@link AuditLogBusyException}, naming the process that
 * holds it; nothing is written then. The lock file holds the pid of the last writer to take it.
 */
public final class FileAuditLog implements AuditLog {
    /**
     * Tuning.
     *
     * @param rotateBytes the size at which a file is rotated, at least 4096
     * @param sync whether every append is forced to stable storage (always, in production)
     * @param lockWait how long an append (or the open) waits while other writers hold the log, 0 to 1 hour
     */
    public record Options(long rotateBytes, boolean sync, Duration lockWait) {
        /**
         * Checks the bounds.
         *
         * @throws IllegalArgumentException when a value is out of its bounds
         */
        public Options {
            if (rotateBytes < 4096) throw new IllegalArgumentException("rotateBytes must be >= 4096");
            Objects.requireNonNull(lockWait, "lockWait");
            if (lockWait.isNegative() || lockWait.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("lockWait must be 0 to 1 hour");
            }
        }

        /**
         * Options with the default lock wait.
         *
         * @param rotateBytes the size at which a file is rotated
         * @param sync whether every append is forced to stable storage
         */
        public Options(long rotateBytes, boolean sync) {
            this(rotateBytes, sync, DEFAULT_LOCK_WAIT);
        }

        /** {@return 64 MiB files, forced on every append, a writer waits up to 10 s for its turn} */
        public static Options defaults() { return new Options(64L << 20, true, DEFAULT_LOCK_WAIT); }

        /**
         * The same options with another rotation size.
         *
         * @param b the size at which a file is rotated
         * @return the options
         */
        public Options withRotateBytes(long b) { return new Options(b, sync, lockWait); }

        /**
         * Without sync records reach the page cache only: for benchmarks' baselines and tests, never production.
         *
         * @param s whether every append is forced to stable storage
         * @return the options
         */
        public Options withSync(boolean s) { return new Options(rotateBytes, s, lockWait); }

        /**
         * How long an append (or the open) waits while other writers hold the log.
         *
         * @param d the wait
         * @return the options
         */
        public Options withLockWait(Duration d) { return new Options(rotateBytes, sync, d); }
    }

    /** The default of {@link Options#lockWait()}: a writer holds the lock for one write, or an open's check. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

    // Bounds that keep every line below AuditVerifier.MAX_LINE_BYTES even when every character
    // needs a 6-byte \\uXXXX escape: 3 lists x 128 x 256 x 6 + 4096 x 6 + small change < 1 MiB.
    static final int MAX_MESSAGE = 4096;
    /** A record's lists (verbs, tables, objects) keep at most this many items; a longer one ends with {@code "... N more"}. */
    public static final int MAX_ITEMS = 128;
    static final int MAX_ITEM = 256;

    private final Path file;
    private final Path dir;
    private final String name;
    private final Options options;
    private final Path lockFile;
    private final FileChannel lockChannel;
    /**
     * Runs every operation on {@link #lockChannel}: a FileChannel is closed when a thread using it
     * is interrupted, and closing it would drop the lock in the middle of a turn. This one thread is
     * never interrupted; callers wait for it without being interruptible and keep their interrupts.
     */
    private final ExecutorService lockThread = Executors.newSingleThreadExecutor(
            task -> Thread.ofPlatform().daemon().name("nftj-audit-lock").unstarted(task));
    private final long actorPid = ProcessFacts.pid();
    private final String actorStart = ProcessFacts.startTime();
    private final String actorUser = ProcessFacts.user();
    private final String actorNetns = ProcessFacts.netns("self");

    private final Object writeLock = new Object();
    private final Object forceLock = new Object();
    // guarded by writeLock (failure: written under either lock, read under writeLock)
    private long size;
    private long seq;
    private String prev;
    private long nextGeneration;
    private boolean hasPayload;
    private Object fileKey; // the inode of the current file as this writer last saw it
    private boolean closed;
    private volatile IOException failure;
    // written under writeLock, read under forceLock
    // A RandomAccessFile, not a FileChannel: FileChannel is interruptible, and an interrupt of any
    // appending thread would close it for good (fail closed: no more changes). RandomAccessFile
    // reads and writes are not interruptible; getFD().sync() is fsync.
    private volatile RandomAccessFile channel;
    private volatile long writtenSeq;
    // guarded by forceLock
    private long forcedSeq;

    private FileAuditLog(Path file, Options options, Path lockFile, FileChannel lockChannel) {
        this.file = file;
        this.dir = file.getParent();
        this.name = file.getFileName().toString();
        this.options = options;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
    }

    /**
     * Opens the log with the default options (see {@link #open(Path, Options)}).
     *
     * @param file the log's current file
     * @return the log
     * @throws IOException as {@link #open(Path, Options)}
     */
    public static FileAuditLog open(Path file) throws IOException {
        return open(file, Options.defaults());
    }

    /**
     * Opens (creating if needed) the log whose current file is {@code file}. Continues the chain of
     * an existing file or, when the file is absent or empty, of the newest rotated file beside it.
     *
     * @param file the log's current file
     * @param options the options
     * @return the log
     * @throws AuditLogBusyException when other writers hold the log longer than {@link Options#lockWait()}
     * @throws IOException when the log fails verification, or cannot be read or created
     */
    public static FileAuditLog open(Path file, Options options) throws IOException {
        // Opening reads and locks through FileChannels, which an interrupt would close: the
        // caller's interrupt status waits until the log is open.
        boolean interrupted = Thread.interrupted();
        try {
            return openUninterrupted(file, options);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static FileAuditLog openUninterrupted(Path file, Options options) throws IOException {
        Path f = file.toAbsolutePath();
        Objects.requireNonNull(options);
        Files.createDirectories(f.getParent());
        Path lockFile = f.resolveSibling(f.getFileName() + ".lock");
        FileChannel lc = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        FileAuditLog log = new FileAuditLog(f, options, lockFile, lc);
        try {
            FileLock turn = log.takeTurn();
            try {
                log.recover();
            } finally {
                log.endTurn(turn);
            }
        } catch (IOException | RuntimeException e) {
            lc.close();
            log.lockThread.shutdown();
            throw e;
        }
        return log;
    }

    /** Runs {@code task} on {@link #lockThread} and waits for it, uninterruptibly, keeping the caller's interrupt. */
    private <T> T onLockThread(Callable<T> task) throws IOException {
        Future<T> f = lockThread.submit(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    throw new IOException("the audit log's lock failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private FileLock takeTurn() throws IOException {
        return onLockThread(this::waitForTurn);
    }

    /** Gives the turn back. */
    private void endTurn(FileLock turn) throws IOException {
        onLockThread(() -> {
            turn.release();
            return null;
        });
    }

    /**
     * On {@link #lockThread}: waits for this writer's turn (the exclusive lock on NAME.lock), at most
     * {@link Options#lockWait()}, and writes this process's pid into the lock file.
     */
    private FileLock waitForTurn() throws IOException {
        long deadline = System.nanoTime() + options.lockWait().toNanos();
        long pause = 1_000_000L;
        while (true) {
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null; // another log object of this JVM holds it
            }
            if (l != null) {
                lockChannel.truncate(0);
                lockChannel.write(ByteBuffer.wrap((actorPid + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                return l;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AuditLogBusyException("the audit log " + file + " is busy: another writer (" + holder()
                        + ") has held " + lockFile.getFileName() + " for longer than " + options.lockWait().toMillis()
                        + " ms; nothing was written", options.lockWait());
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 20_000_000L);
        }
    }

    /**
     * "pid N" as the lock file names the writer holding it, or "pid unknown". Read through the lock's
     * own channel: closing any other descriptor of the file would drop this process's locks on it.
     */
    private String holder() {
        try {
            ByteBuffer b = ByteBuffer.allocate(16);
            lockChannel.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return s.matches("\\d{1,10}") ? "pid " + s : "pid unknown";
        } catch (IOException | RuntimeException e) {
            return "pid unknown";
        }
    }

    /**
     * Under the lock: takes in what other writers did since this writer's last record. Nothing, when
     * the file is the same and as long as it left it; the appended records (checked to continue the
     * chain) when it grew; a fresh start from the directory when another writer rotated it.
     */
    // guarded by writeLock, with the turn taken
    private void catchUp() throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            a = null;
        }
        boolean same = a != null && Objects.equals(a.fileKey(), fileKey);
        if (same && a.size() == size) return;
        if (!same) {
            if (a == null && newestRotated() == null) {
                throw new IOException("the audit log " + file + " was removed (not rotated: no rotated file beside it), "
                        + "refusing to start a new chain");
            }
            channel.close();
            recover();
            return;
        }
        if (a.size() < size) {
            throw new IOException("the audit log " + file + " is shorter (" + a.size() + " bytes) than this writer left it ("
                    + size + " bytes): it was cut by someone else, refusing to append");
        }
        AuditVerifier.Tail t = AuditVerifier.tailAfter(file, size, seq, prev);
        if (t.report().status() == VerifyReport.Status.BROKEN) {
            throw new IOException("the records another writer appended to " + file
                    + " do not continue the chain, refusing to append: " + t.report().message());
        }
        long torn = a.size() - t.validBytes();
        seq = t.lastSeq();
        prev = t.lastHash();
        hasPayload |= t.hasPayload();
        size = t.validBytes();
        writtenSeq = seq;
        if (t.report().status() == VerifyReport.Status.TORN_TAIL) {
            channel.setLength(size);
            channel.getFD().sync();
            channel.seek(size);
            writeLocked(AuditRecord.event(AuditRecord.Kinds.RECOVER, "torn_tail", "cut off an incomplete last record of "
                    + torn + " bytes left by another writer (it died during a write; that record was never acknowledged)",
                    -1, "", "", "", "", ""), "");
        } else {
            channel.seek(size);
        }
    }

    /** The rotated file with the highest generation beside the log, or null; sets {@link #nextGeneration}. */
    private Path newestRotated() throws IOException {
        Path newest = newestRotated(dir.resolve(name));
        nextGeneration = newest == null ? 1 : generation(newest) + 1;
        return newest;
    }

    /** The rotated file ({@code NAME.NNNNNN}) with the highest generation beside the log file {@code file}, or null. */
    static Path newestRotated(Path file) throws IOException {
        long maxGen = 0;
        Path newest = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(file.toAbsolutePath().getParent())) {
            for (Path p : ds) {
                long g = rotatedGeneration(file.getFileName().toString(), p.getFileName().toString());
                if (g > maxGen) {
                    maxGen = g;
                    newest = p;
                }
            }
        }
        return newest;
    }

    private long generation(Path rotated) {
        return rotatedGeneration(name, rotated.getFileName().toString());
    }

    /** The generation of {@code candidate} when it is a rotated file of the log named {@code name}, else 0. */
    private static long rotatedGeneration(String name, String candidate) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "\\.(\\d{6,18})").matcher(candidate);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    private void recover() throws IOException {
        Path newestRotated = newestRotated();
        synchronized (writeLock) {
            if (Files.exists(file) && Files.size(file) > 0) {
                AuditVerifier.Tail t = AuditVerifier.tail(file);
                if (t.report().status() == VerifyReport.Status.BROKEN) {
                    throw new IOException("the audit log " + file + " fails verification, refusing to append to it: "
                            + t.report().message());
                }
                channel = new RandomAccessFile(file.toFile(), "rw");
                fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
                long torn = Files.size(file) - t.validBytes();
                seq = t.lastSeq();
                prev = t.lastHash();
                hasPayload = t.hasPayload();
                size = t.validBytes();
                if (t.report().status() == VerifyReport.Status.TORN_TAIL) {
                    channel.setLength(t.validBytes());
                    channel.getFD().sync();
                    channel.seek(size);
                    writeLocked(AuditRecord.event(AuditRecord.Kinds.RECOVER, "torn_tail",
                            "cut off an incomplete last record of " + torn + " bytes at line " + t.report().badLine()
                                    + " (a crash during a write; that record was never acknowledged)",
                            -1, "", "", "", "", ""), "");
                } else {
                    channel.seek(size);
                }
            } else if (newestRotated != null) {
                AuditVerifier.Tail t = AuditVerifier.tail(newestRotated);
                if (t.report().status() != VerifyReport.Status.OK) {
                    throw new IOException("the rotated audit log " + newestRotated
                            + " fails verification, refusing to continue it: " + t.report().message());
                }
                seq = t.lastSeq();
                prev = t.lastHash();
                startFile(newestRotated.getFileName().toString());
            } else {
                seq = 0;
                prev = AuditEntry.GENESIS;
                channel = createFile();
                size = 0;
            }
            writtenSeq = seq;
        }
        synchronized (forceLock) {
            channel.getFD().sync();
            forcedSeq = seq;
        }
        forceDirectory();
    }

    @Override
    public void append(AuditRecord record) throws IOException {
        appendNumbered(record);
    }

    @Override
    public long appendNumbered(AuditRecord record) throws IOException {
        AuditRecord r = bounded(record);
        long mine;
        synchronized (writeLock) {
            if (closed) throw new IOException("the audit log " + file + " is closed");
            if (failure != null) throw new IOException("the audit log " + file + " failed earlier", failure);
            FileLock turn = takeTurn();
            try {
                catchUp();
                mine = writeLocked(r, "");
            } finally {
                endTurn(turn);
            }
        }
        if (options.sync()) force(mine);
        return mine;
    }

    /**
     * The chain head as this writer knows it: sequence number and hash of the last record it wrote
     * or took in from other writers (they may have appended since).
     *
     * @return the head
     */
    public Head head() {
        synchronized (writeLock) {
            return new Head(seq, prev);
        }
    }

    /**
     * A chain position, to anchor elsewhere.
     *
     * @param seq the record's sequence number
     * @param hash its hash
     */
    public record Head(long seq, String hash) {}

    /** {@return the current (newest) file} */
    public Path file() { return file; }

    // guarded by writeLock
    private long writeLocked(AuditRecord r, String continues) throws IOException {
        AuditEntry.Sealed s = seal(r, continues);
        byte[] line = s.line().getBytes(StandardCharsets.US_ASCII);
        if (hasPayload && size + line.length > options.rotateBytes()) {
            rotate();
            s = seal(r, continues);
            line = s.line().getBytes(StandardCharsets.US_ASCII);
        }
        AuditEntry e = s.entry();
        write(line);
        seq = e.seq();
        prev = e.hash();
        if (!AuditRecord.Kinds.ROTATE.equals(r.kind())) hasPayload = true;
        writtenSeq = seq;
        return seq;
    }

    private AuditEntry.Sealed seal(AuditRecord r, String continues) {
        return AuditEntry.sealed(seq + 1, prev, Instant.now(), System.nanoTime(), actorPid, actorStart, actorUser,
                actorNetns, continues, r);
    }

    private void write(byte[] line) throws IOException {
        try {
            channel.write(line);
            size += line.length;
        } catch (IOException e) {
            failure = e;
            try {
                channel.setLength(size); // leave no partial record behind if we can
                channel.seek(size);
            } catch (IOException ignored) {
                // the torn tail will be reported by verification and cut off on reopen
            }
            throw e;
        }
    }

    // guarded by writeLock
    private void rotate() throws IOException {
        synchronized (forceLock) {
            try {
                channel.getFD().sync();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            forcedSeq = writtenSeq;
        }
        channel.close();
        String rotatedName;
        Path target;
        do {
            rotatedName = String.format("%s.%06d", name, nextGeneration++);
            target = dir.resolve(rotatedName);
        } while (Files.exists(target));
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        forceDirectory();
        startFile(rotatedName);
    }

    // guarded by writeLock: a new current file whose first record continues from `from`
    private void startFile(String from) throws IOException {
        try {
            channel = createFile();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        size = 0;
        hasPayload = false;
        AuditRecord header = AuditRecord.event(AuditRecord.Kinds.ROTATE, "ok", "continues from " + from, -1, "",
                "", "", "", "");
        writeLocked(header, from);
        synchronized (forceLock) {
            channel.getFD().sync();
            forcedSeq = writtenSeq;
        }
        forceDirectory();
    }

    private RandomAccessFile createFile() throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // an empty file left by a crash between create and first write: reuse it
            if (Files.size(file) != 0) throw e;
        }
        RandomAccessFile c = new RandomAccessFile(file.toFile(), "rw");
        c.setLength(0);
        fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        return c;
    }

    private void force(long mine) throws IOException {
        synchronized (forceLock) {
            if (forcedSeq >= mine) return;
            long target = writtenSeq;
            try {
                channel.getFD().sync();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            forcedSeq = target;
        }
    }

    /**
     * fsync of the directory, so a created or renamed file survives a crash. Only a FileChannel can
     * do that, and FileChannels are interruptible: an interrupt racing with the channel's close can
     * even hit a file descriptor number reused by the log file. So it runs on a short-lived thread
     * of its own, which nobody interrupts; the caller waits without being interruptible and keeps
     * its interrupt status. (Only at open and rotation.)
     */
    private void forceDirectory() throws IOException {
        FutureTask<Void> task = new FutureTask<>(() -> {
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
            return null;
        });
        Thread.ofPlatform().daemon().name("nftj-audit-dirsync").start(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    task.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IOException("directory sync failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Bounds every string and list so one record stays a few tens of KiB whatever it is given. */
    static AuditRecord bounded(AuditRecord r) {
        return new AuditRecord(cut(r.kind(), 64), cut(r.op(), 64), list(r.verbs()), list(r.tables()), list(r.objects()),
                cut(r.batchSha256(), 64), r.dryRun(), cut(r.outcome(), 128), cut(r.message(), MAX_MESSAGE),
                r.durationNanos(), r.helperPid(), cut(r.helperVersion(), 128), cut(r.helperNetns(), 128),
                cut(r.principal(), MAX_ITEM), cut(r.digestBefore(), 128), cut(r.digestAfter(), 128), r.ref());
    }

    private static List<String> list(List<String> in) {
        List<String> out = new ArrayList<>(Math.min(in.size(), MAX_ITEMS + 1));
        for (int i = 0; i < in.size() && i < MAX_ITEMS; i++) out.add(cut(in.get(i), MAX_ITEM));
        if (in.size() > MAX_ITEMS) out.add("... " + (in.size() - MAX_ITEMS) + " more");
        return out;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + (s.length() - max) + " more chars)";
    }

    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            if (closed) return;
            closed = true;
            try {
                synchronized (forceLock) {
                    if (failure == null && options.sync()) {
                        channel.getFD().sync();
                        forcedSeq = writtenSeq; // appenders still on their way to force() are covered
                    }
                }
            } finally {
                channel.close();
                lockChannel.close();
                lockThread.shutdown();
            }
        }
    }
}
