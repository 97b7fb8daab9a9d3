package org.nftj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.api.NftjException;
import org.nftj.api.Nftj;
import org.nftj.api.SysctlClient;
import org.nftj.api.sysctl.SysctlChange;
import org.nftj.api.sysctl.SysctlName;

/**
 * {@code nftj sysctl get NAME...} and {@code nftj sysctl set NAME=VALUE...}: network
 * sysctl parameters of the helper's namespace, limited by the helper's policy, through the api's
 * {@link SysctlClient}. A set is one all-or-nothing request; each parameter is printed as
 * {@code NAME: OLD -> NEW} (or unchanged). Names and values are checked before anything is sent
 * (a usage error, exit 2).
 */
final class SysctlCommand {
    private SysctlCommand() {}

    static Report run(Ctx ctx, Args a) throws CliException, NftjException {
        List<String> args = a.positional();
        if (args.size() < 2 || !(args.get(0).equals("get") || args.get(0).equals("set"))) {
            throw usage("sysctl: expected get NAME... or set NAME=VALUE...");
        }
        List<String> operands = args.subList(1, args.size());
        if (args.get(0).equals("get")) {
            for (String name : operands) checkName(name);
            try (Nftj nft = ctx.open()) {
                return get(nft.sysctl().getByName(operands));
            } catch (org.nftj.api.PolicyDeniedException e) {
                throw notAllowed(e, operands, ctx.helper());
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String operand : operands) {
            int eq = operand.indexOf('=');
            if (eq <= 0) throw usage("sysctl set takes NAME=VALUE, not '" + operand + "' (e.g. net.ipv4.ip_forward=1)");
            String name = operand.substring(0, eq).strip();
            String value = operand.substring(eq + 1).strip();
            checkName(name);
            try {
                SysctlName.parse(name).parameter().check(value);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            if (values.put(name, value) != null) throw usage(name + " is given twice");
        }
        try (Nftj nft = ctx.open()) {
            return set(nft.sysctl().setByName(values));
        } catch (org.nftj.api.PolicyDeniedException e) {
            throw notAllowed(e, List.copyOf(values.keySet()), ctx.helper());
        }
    }

    private static Report get(Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        values.forEach((name, value) -> lines.add(name + " = " + value));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("values", values);
        return Report.ok(json, String.join("\n", lines));
    }

    private static Report set(List<SysctlChange> done) {
        List<String> lines = new ArrayList<>();
        List<Map<String, Object>> changes = new ArrayList<>();
        for (SysctlChange c : done) {
            lines.add(c.name() + ": " + c.oldValue() + (c.changed() ? " -> " + c.newValue() : " (unchanged)"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("old", c.oldValue());
            m.put("new", c.newValue());
            m.put("changed", c.changed());
            changes.add(m);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("changes", changes);
        return Report.ok(json, String.join("\n", lines));
    }

    /**
     * A parameter outside the policy's {@code sysctl} list, named: the helper points at it
     * ({@code /names/I} of a get, {@code /values/NAME} of a set) without quoting it.
     */
    static CliException notAllowed(org.nftj.api.PolicyDeniedException e, List<String> names, java.nio.file.Path helper) {
        String path = e.path();
        String name = null;
        if (path.startsWith("/names/") && path.substring(7).matches("\\d{1,3}")) {
            int i = Integer.parseInt(path.substring(7));
            if (i < names.size()) name = names.get(i);
        } else if (path.startsWith("/values/")) {
            String pointed = path.substring(8).replace("~1", "/").replace("~0", "~");
            if (names.contains(pointed)) name = pointed;
        }
        if (name == null) return Errors.translate(e, helper);
        return new CliException(ExitCode.PERMISSION, e.code(), "the helper's policy does not allow sysctl " + name
                + " (its \"sysctl\" list names what may be read or set)", "nothing was changed; as root, add \"" + name
                + "\" (or the pattern with * for its interface) to the \"sysctl\" list of " + Errors.policyFile(helper)
                + " (nftj install keeps it)", e.outcome().name().toLowerCase(java.util.Locale.ROOT), e);
    }

    private static CliException usage(String message) {
        return CliException.usage(message, "usage: " + Subcommand.SYSCTL.synopsis());
    }

    private static void checkName(String name) throws CliException {
        try {
            SysctlName.parse(name);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
