package org.nftj.cli;

/** Entry point of the image's {@code bin/nftj}: runs the tool and passes its status to the OS. */
public final class Main {
    private Main() {}

    /**
     * Runs {@code nftj} with the image's logging configuration and exits with its status
     * ({@link ExitCode}); never returns.
     *
     * @param args the command line after {@code nftj}, e.g. {@code apply --dry-run rules.json}
     */
    public static void main(String[] args) {
        Logging.configureCommand(Logging.OPERATOR_CONFIG, java.nio.file.Path.of(System.getProperty("java.home")));
        if (Warmup.helps(args)) Warmup.start();
        int status = new NftjTool(Progress.stderrIsTerminal()).run(System.out, System.err, args);
        System.exit(status);
    }
}
