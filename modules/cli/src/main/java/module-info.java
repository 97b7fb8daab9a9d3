/**
 * The {@code nftj} command. A {@link java.util.spi.ToolProvider}, so tests run it in-process; the
 * image's {@code bin/nftj} runs {@link org.nftj.cli.Main}.
 */
module org.nftj.cli {
    requires java.management;      // doctor: RuntimeMXBean input arguments (JDWP, JMX flags)
    requires jdk.management;       // doctor: HotSpotDiagnosticMXBean reads the attach/agent/perf-data flags
    requires java.logging;         // where the library's System.Logger records go (Logging), --verbose
    requires org.nftj.api;
    requires tools.jackson.jr.ob;  // --json output, policy files

    exports org.nftj.cli;

    provides java.util.spi.ToolProvider with org.nftj.cli.NftjTool;
}
