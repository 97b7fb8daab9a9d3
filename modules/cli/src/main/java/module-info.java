/** The {@code nftj} command. A {@link java.util.spi.ToolProvider}, so tests run it in-process. */
module org.nftj.cli {
    requires org.nftj.api;
    requires tools.jackson.jr.ob; // --json output

    exports org.nftj.cli;

    provides java.util.spi.ToolProvider with org.nftj.cli.NftjTool;
}
