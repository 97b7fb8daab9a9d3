package org.nftj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import org.nftj.api.Batch;
import org.nftj.api.Chain;
import org.nftj.api.Elements;
import org.nftj.api.Family;
import org.nftj.api.NamedSet;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.api.Rule;
import org.nftj.api.Table;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;

/** The {@code nftj} command line. */
public final class NftjTool implements ToolProvider {
    @Override public String name() { return "nftj"; }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 0 || args[0].equals("--help")) {
            out.println("usage: nftj [--helper PATH] apply FILE | check FILE | list [FAMILY TABLE] | sample | "
                    + SysctlCommand.USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> a = Arrays.asList(args);
        Path helper = defaultHelper();
        int i = 0;
        if (a.get(0).equals("--helper") && a.size() > 1) {
            helper = Path.of(a.get(1)).toAbsolutePath();
            i = 2;
        }
        if (i >= a.size()) { err.println("nftj: missing subcommand; try --help"); return 2; }
        String cmd = a.get(i);
        List<String> rest = a.subList(i + 1, a.size());
        try (Nftj nft = Nftj.open(NftjOptions.of(helper))) {
            switch (cmd) {
                case "apply", "check" -> {
                    if (rest.size() != 1) { err.println("nftj: " + cmd + " needs FILE"); return 2; }
                    nft.applyJson(Files.readString(Path.of(rest.get(0))), cmd.equals("check"));
                    out.println(cmd.equals("check") ? "check passed" : "applied");
                }
                case "list" -> {
                    List<Map<String, Object>> l = rest.size() == 2
                            ? nft.list(new Table(Family.fromWire(rest.get(0)), rest.get(1))) : nft.listOwned();
                    out.println(tools.jackson.jr.ob.JSON.std.with(tools.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT)
                            .asString(Map.of("nftables", l)));
                }
                case "sample" -> {
                    nft.apply(sample());
                    out.println(tools.jackson.jr.ob.JSON.std.with(tools.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT)
                            .asString(Map.of("nftables", nft.list(new Table(Family.INET, "nftj_demo")))));
                }
                case "sysctl" -> { return SysctlCommand.run(nft.sysctl(), rest, out, err); } // issue 8
                default -> { err.println("nftj: unknown subcommand '" + cmd + "'; try --help"); return 2; }
            }
            return 0;
        } catch (NftjException e) {
            err.println("nftj: " + e.code() + ": " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("nftj: " + e.getMessage());
            return 1;
        }
    }

    /** The small sample ruleset the README's main job applies. */
    static Batch sample() {
        Family f = Family.INET;
        String t = "nftj_demo";
        return Batch.builder()
                .add(new Table(f, t))
                .add(new NamedSet(f, t, "blocklist", "ipv4_addr", List.of()))
                .add(Elements.of(f, t, "blocklist", "192.0.2.1", "198.51.100.7"))
                .add(Chain.base(f, t, "input", Chain.Hook.filter("input", 0, "accept")))
                .add(Rule.of(f, t, "input", Matches.saddrIn("blocklist", false), Stmt.counter(), Stmt.drop()))
                .add(Rule.of(f, t, "input", Matches.tcpDport(22), Stmt.accept()))
                .build();
    }

    /** {@code <image>/lib/nftj-helper} when run from the image. */
    static Path defaultHelper() {
        return Path.of(System.getProperty("java.home"), "lib", "nftj-helper");
    }
}
