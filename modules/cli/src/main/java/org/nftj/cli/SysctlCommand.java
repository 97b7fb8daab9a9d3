package org.nftj.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.api.NftjException;
import org.nftj.api.SysctlClient;
import org.nftj.api.sysctl.SysctlChange;
import org.nftj.api.sysctl.SysctlName;

/**
 * {@code nftj sysctl get NAME...} and {@code nftj sysctl set NAME=VALUE...} (issue 8): network
 * sysctl parameters of the helper's namespace, limited by the helper's policy. A set is one
 * all-or-nothing request; each changed parameter is printed as {@code NAME: OLD -> NEW}.
 */
final class SysctlCommand {
    static final String USAGE = "sysctl get NAME... | sysctl set NAME=VALUE...";

    private SysctlCommand() {}

    /** Exit status: 0 done, 2 usage or invalid name/value (nothing sent), 1 refused or failed. */
    static int run(SysctlClient client, List<String> args, PrintWriter out, PrintWriter err) throws NftjException {
        if (args.size() < 2 || !(args.get(0).equals("get") || args.get(0).equals("set"))) {
            err.println("nftj: usage: nftj " + USAGE);
            return 2;
        }
        List<String> operands = args.subList(1, args.size());
        if (args.get(0).equals("get")) {
            for (String name : operands) {
                if (!checkName(name, err)) return 2;
            }
            client.getByName(operands).forEach((name, value) -> out.println(name + " = " + value));
            return 0;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String operand : operands) {
            int eq = operand.indexOf('=');
            if (eq <= 0) {
                err.println("nftj: sysctl set takes NAME=VALUE, not '" + operand + "' (e.g. net.ipv4.ip_forward=1)");
                return 2;
            }
            String name = operand.substring(0, eq).strip();
            String value = operand.substring(eq + 1).strip();
            if (!checkName(name, err)) return 2;
            try {
                SysctlName.parse(name).parameter().check(value);
            } catch (IllegalArgumentException e) {
                err.println("nftj: " + e.getMessage());
                return 2;
            }
            if (values.put(name, value) != null) {
                err.println("nftj: " + name + " is given twice");
                return 2;
            }
        }
        for (SysctlChange c : client.setByName(values)) {
            out.println(c.name() + ": " + c.oldValue() + (c.changed() ? " -> " + c.newValue() : " (unchanged)"));
        }
        return 0;
    }

    private static boolean checkName(String name, PrintWriter err) {
        try {
            SysctlName.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            err.println("nftj: " + e.getMessage());
            return false;
        }
    }
}
