/**
 * The {@code nftj} command. A {@link java.util.spi.ToolProvider}, so tests and other tools run it
 * in-process; the image's {@code bin/nftj} launches {@code org.nftj.cli.Main}. It exports nothing:
 * the tool is reached through the service, the launcher needs no export.
 */
module org.nftj.cli {
    requires java.logging;        // where the library's System.Logger records go (Logging), --verbose
    requires java.management;     // doctor: RuntimeMXBean input arguments (JDWP, JMX flags)
    requires jdk.management;      // doctor: HotSpotDiagnosticMXBean reads the attach/agent/perf-data flags
    requires org.nftj.api;
    requires org.nftj.audit;      // audit verify; the doctor's capability scan (exported to this module)
    requires tools.jackson.jr.ob; // --json output, policy files

    provides java.util.spi.ToolProvider with org.nftj.cli.NftjTool;
}
