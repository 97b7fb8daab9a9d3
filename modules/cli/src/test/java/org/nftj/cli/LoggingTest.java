package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.api.Batch;
import org.nftj.api.Chain;
import org.nftj.api.Family;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.api.Rule;
import org.nftj.api.Table;
import org.nftj.api.expr.Stmt;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * The library's logging as the command and applications see it: one logger per module, the
 * helper's life and each request at DEBUG, and no failure logged as a warning when the caller
 * receives it anyway.
 */
class LoggingTest {
    @TempDir Path dir;

    /** Collects every record of the nftj loggers at DEBUG and above while open. */
    static final class Records implements AutoCloseable {
        final List<LogRecord> all = new CopyOnWriteArrayList<>();
        private final Logger nftj = Logger.getLogger("org.nftj");
        private final Level before = nftj.getLevel();
        private final Handler handler = new Handler() {
            @Override public void publish(LogRecord r) { all.add(r); }

            @Override public void flush() { }

            @Override public void close() { }
        };

        Records() {
            nftj.setLevel(Level.FINE);
            nftj.addHandler(handler);
        }

        List<String> of(String logger) {
            return all.stream().filter(r -> r.getLoggerName().equals(logger)).map(LogRecord::getMessage).toList();
        }

        List<String> atLeast(Level level) {
            return all.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                    .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()).toList();
        }

        @Override
        public void close() {
            nftj.removeHandler(handler);
            nftj.setLevel(before);
        }
    }

    @Test
    @KernelTest
    void oneLoggerPerModuleTheHelpersLifeAtDebugAndNoWarningForWhatTheCallerReceives() throws Exception {
        Table app = new Table(Family.INET, "app");
        try (NetnsHelper h = NetnsHelper.create(); Records log = new Records()) {
            try (Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
                nft.apply(Batch.builder().add(app).build());
                // A deliberate dry run the kernel refuses, a refusal by the policy: both thrown, neither a warning.
                Batch broken = Batch.builder().add(Rule.in(app, "missing", Stmt.accept())).build();
                assertThrows(NftjException.class, () -> nft.check(broken));
                assertThrows(NftjException.class, () -> nft.apply(Batch.builder().add(new Table(Family.INET, "not_ours")).build()));
            }
            assertEquals(List.of(), log.atLeast(Level.WARNING), "failures the caller received are not logged as warnings");
            List<String> transport = log.of("org.nftj.transport");
            assertTrue(transport.stream().anyMatch(m -> m.matches("helper \\d+ started in \\d+\\.\\d ms: helper \\S+, libnftables \\S+, "
                    + "protocol 1, sandbox locked, owns \\d+ table\\(s\\)")), transport.toString());
            assertTrue(transport.stream().anyMatch(m -> m.matches("helper \\d+ closed after [3-9] request\\(s\\), .* ms after its start")),
                    transport.toString());
            List<String> api = log.of("org.nftj.api");
            assertTrue(api.stream().anyMatch(m -> m.matches("request nft: 1 command\\(s\\) \\[add\\] on \\[inet app\\], sha256 [0-9a-f]{16}: "
                    + "ok in .* ms")), api.toString());
            assertTrue(api.stream().anyMatch(m -> m.startsWith("request nft (dry run): ") && m.contains(": not_found in ")), api.toString());
            assertTrue(log.of("org.nftj.audit").stream().anyMatch(m -> m.startsWith("audit change ")), log.all.toString());
        }
    }

    @Test
    @KernelTest
    void verboseShowsNftjsRecordsOnStderrOneLineEach() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Path f = dir.resolve("t.json");
            Files.writeString(f, "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}]}");
            Cli quiet = Cli.run("--helper", h.helperPath().toString(), "apply", f.toString());
            assertEquals(0, quiet.status(), quiet.toString());
            assertEquals("", quiet.err());
            Cli loud = Cli.run("--verbose", "--helper", h.helperPath().toString(), "apply", f.toString());
            assertEquals(0, loud.status(), loud.toString());
            assertTrue(loud.err().lines().anyMatch(l -> l.matches("nftj: debug: org\\.nftj\\.transport: helper \\d+ started in .*")), loud.err());
            assertTrue(loud.err().lines().anyMatch(l -> l.startsWith("nftj: debug: org.nftj.api: request nft: 1 command(s) [add]")), loud.err());
            assertTrue(loud.err().lines().allMatch(l -> l.startsWith("nftj: ")), loud.err());
            Cli denied = Cli.run("-v", "--helper", h.helperPath().toString(), "apply", file("{\"nftables\":[{\"add\":{\"table\":"
                    + "{\"family\":\"inet\",\"name\":\"not_ours\"}}}]}").toString());
            assertEquals(77, denied.status(), denied.toString());
            assertTrue(denied.err().contains("nftj: policy_denied: "), denied.err());
            Cli once = Cli.run("--helper", h.helperPath().toString(), "apply", file("{\"nftables\":[{\"add\":{\"table\":"
                    + "{\"family\":\"inet\",\"name\":\"not_ours\"}}}]}").toString());
            assertEquals(1, once.err().lines().count(), "without --verbose, one line: " + once);
        }
    }

    private Path file(String content) throws Exception {
        Path f = Files.createTempFile(dir, "f", ".json");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void theCommandReadsTheOperatorsConfigurationElseTheImagesAndAnExplicitOneWins() throws Exception {
        String key = "java.util.logging.config.file";
        String saved = System.getProperty(key);
        try {
            Path image = dir.resolve("image");
            Files.createDirectories(image.resolve("conf"));
            Files.writeString(image.resolve(Logging.IMAGE_CONFIG), "handlers=\n");
            Path operator = dir.resolve("etc-nftj-logging.properties");
            System.clearProperty(key);
            Logging.configureCommand(operator, image);
            assertEquals(image.resolve(Logging.IMAGE_CONFIG).toString(), System.getProperty(key), "no operator file: the image's");
            System.clearProperty(key);
            Files.writeString(operator, "handlers=\n");
            Logging.configureCommand(operator, image);
            assertEquals(operator.toString(), System.getProperty(key), "the operator's file wins");
            System.setProperty(key, "/elsewhere.properties");
            Logging.configureCommand(operator, image);
            assertEquals("/elsewhere.properties", System.getProperty(key), "an explicit -D wins");
        } finally {
            if (saved == null) System.clearProperty(key); else System.setProperty(key, saved);
        }
    }

    @Test
    void levelsAreNamedAsSystemLoggerNamesThem() {
        assertEquals("debug", Logging.OneLine.level(Level.FINE));
        assertEquals("info", Logging.OneLine.level(Level.INFO));
        assertEquals("warning", Logging.OneLine.level(Level.WARNING));
        assertEquals("error", Logging.OneLine.level(Level.SEVERE));
        LogRecord r = new LogRecord(Level.FINE, "two\nlines");
        r.setLoggerName("org.nftj.api");
        assertEquals("nftj: debug: org.nftj.api: two\\nlines" + System.lineSeparator(), new Logging.OneLine().format(r));
    }
}
