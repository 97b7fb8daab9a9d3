package org.nftj.cli.planted;

import java.io.IOException;

/** A planted violation: proves CliArchitectureTest's rules can fail. Test sources only. */
public final class PlantedSpawner {
    private PlantedSpawner() {}

    public static Process spawn() throws IOException {
        return new ProcessBuilder("true").start();
    }

    public static void quit() {
        System.exit(3);
    }
}
