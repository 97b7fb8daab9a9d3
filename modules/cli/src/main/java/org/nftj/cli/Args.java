package org.nftj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: options (each known in advance, with or without a value, repeatable) and
 * positional arguments in order. {@code --name=value} and {@code --name value} are both accepted;
 * {@code --} ends the options; a lone {@code -} is a positional (stdin).
 */
final class Args {
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * {@code spec}: option name (with dashes) to whether it takes a value. {@code command}: the
     * subcommand the options belong to, or "" for the global options before it.
     */
    static Args parse(List<String> args, Map<String, Boolean> spec, String command) throws CliException {
        String where = command.isEmpty() ? "nftj" : command;
        String help = command.isEmpty() ? "see nftj --help" : "see nftj " + command + " --help";
        Args a = new Args();
        boolean optionsDone = false;
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (optionsDone || !s.startsWith("-") || s.equals("-") || (!s.startsWith("--") && !spec.containsKey(s))) {
                if (!optionsDone && s.startsWith("-") && !s.equals("-")) {
                    throw CliException.usage("unknown option '" + s + "' for " + where, help);
                }
                a.positional.add(s);
                continue;
            }
            if (s.equals("--")) {
                optionsDone = true;
                continue;
            }
            String name = s;
            String value = null;
            int eq = s.indexOf('=');
            if (eq > 0) {
                name = s.substring(0, eq);
                value = s.substring(eq + 1);
            }
            Boolean takesValue = spec.get(name);
            if (takesValue == null) {
                throw CliException.usage("unknown option '" + name + "' for " + where, help);
            }
            if (takesValue && value == null) {
                if (i + 1 >= args.size()) {
                    throw CliException.usage("option " + name + " needs a value", help);
                }
                value = args.get(++i);
            } else if (!takesValue && value != null) {
                throw CliException.usage("option " + name + " takes no value", help);
            }
            // No lambda here: one not met while the AOT cache was trained is generated at run time.
            List<String> values = a.options.get(name);
            if (values == null) a.options.put(name, values = new ArrayList<>());
            values.add(takesValue ? value : "");
        }
        return a;
    }

    boolean has(String name) { return options.containsKey(name); }

    /** The last value given for the option, or {@code fallback}. */
    String value(String name, String fallback) {
        List<String> v = options.get(name);
        return v == null ? fallback : v.getLast();
    }

    List<String> values(String name) { return options.getOrDefault(name, List.of()); }

    List<String> positional() { return positional; }

    /** Positionals, checked to number between {@code min} and {@code max}. */
    List<String> positional(int min, int max, String command) throws CliException {
        if (positional.size() < min) {
            throw CliException.usage(command + ": missing argument", "usage: " + Subcommand.of(command).synopsis());
        }
        if (positional.size() > max) {
            throw CliException.usage(command + ": unexpected argument '" + positional.get(max) + "'",
                    "usage: " + Subcommand.of(command).synopsis());
        }
        return positional;
    }
}
