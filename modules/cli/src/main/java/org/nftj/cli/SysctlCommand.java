package org.nftj.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.api.NftjException;
import org.nftj.api.SysctlClient;
import org.nftj.api.sysctl.SysctlChange;
import org.nftj.api.sysctl.SysctlName;

/**
 * {@code nftj sysctl get NAME...} and {@code nftj sysctl set NAME=VALUE...}: network
 * sysctl parameters of the helper's namespace, limited by the helper's policy. A set is one
 * all-or-nothing request; each parameter is printed as {@code NAME: OLD -> NEW} (or unchanged).
 *
 * <p>{@link #execute} does the work without printing (text lines, a JSON document, or a usage
 * error), so any front end can wrap it; {@link #run} is the plain one NftjTool uses.
 */
final class SysctlCommand {
    static final String USAGE = "sysctl get NAME... | sysctl set NAME=VALUE...";

    private SysctlCommand() {}

    /** What a sysctl subcommand produced; {@code usageError} non-null means nothing was sent. */
    record Outcome(List<String> lines, Map<String, Object> json, String usageError) {}

    /** Exit status: 0 done, 2 usage or invalid name/value (nothing sent), 1 refused or failed (thrown). */
    static int run(SysctlClient client, List<String> args, PrintWriter out, PrintWriter err) throws NftjException {
        Outcome o = execute(client, args);
        if (o.usageError() != null) {
            err.println("nftj: " + o.usageError());
            return 2;
        }
        o.lines().forEach(out::println);
        return 0;
    }

    static Outcome execute(SysctlClient client, List<String> args) throws NftjException {
        if (args.size() < 2 || !(args.get(0).equals("get") || args.get(0).equals("set"))) {
            return usage("usage: nftj " + USAGE);
        }
        List<String> operands = args.subList(1, args.size());
        List<String> lines = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        if (args.get(0).equals("get")) {
            for (String name : operands) {
                String problem = nameProblem(name);
                if (problem != null) return usage(problem);
            }
            Map<String, String> values = client.getByName(operands);
            values.forEach((name, value) -> lines.add(name + " = " + value));
            json.put("values", values);
            return new Outcome(lines, json, null);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String operand : operands) {
            int eq = operand.indexOf('=');
            if (eq <= 0) return usage("sysctl set takes NAME=VALUE, not '" + operand + "' (e.g. net.ipv4.ip_forward=1)");
            String name = operand.substring(0, eq).strip();
            String value = operand.substring(eq + 1).strip();
            String problem = nameProblem(name);
            if (problem != null) return usage(problem);
            try {
                SysctlName.parse(name).parameter().check(value);
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
            if (values.put(name, value) != null) return usage(name + " is given twice");
        }
        List<Map<String, Object>> changes = new ArrayList<>();
        for (SysctlChange c : client.setByName(values)) {
            lines.add(c.name() + ": " + c.oldValue() + (c.changed() ? " -> " + c.newValue() : " (unchanged)"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("old", c.oldValue());
            m.put("new", c.newValue());
            m.put("changed", c.changed());
            changes.add(m);
        }
        json.put("changes", changes);
        return new Outcome(lines, json, null);
    }

    private static Outcome usage(String message) {
        return new Outcome(List.of(), Map.of(), message);
    }

    private static String nameProblem(String name) {
        try {
            SysctlName.parse(name);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
