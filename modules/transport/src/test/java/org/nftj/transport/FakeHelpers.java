package org.nftj.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Installs executable fake helpers (python3 scripts) for the transport's tests of misbehaviour. */
final class FakeHelpers {
    private FakeHelpers() {}

    /** Writes an executable fake helper for {@code mode} into {@code dir} and returns its absolute path. */
    static Path install(Path dir, String mode) throws IOException {
        String body;
        try (InputStream in = FakeHelpers.class.getResourceAsStream("fake-helper.py")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path p = dir.resolve("fake-helper-" + mode).toAbsolutePath();
        Files.writeString(p, "#!/usr/bin/python3\nMODE = '" + mode + "'\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
