package org.nftj.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fields of /proc/PID/status that doctor and install read. */
record ProcStatus(String name, long uid, long euid, long capEffective, long capPermitted, long capAmbient,
                  long capBounding, boolean noNewPrivs, List<Long> groups) {

    static ProcStatus parse(String text) {
        Map<String, String> f = new HashMap<>();
        for (String line : text.split("\n")) {
            int c = line.indexOf(':');
            if (c > 0) f.put(line.substring(0, c), line.substring(c + 1).strip());
        }
        String[] uids = f.getOrDefault("Uid", "-1 -1").split("\\s+");
        List<Long> groups = new ArrayList<>();
        for (String g : f.getOrDefault("Groups", "").split("\\s+")) if (!g.isEmpty()) groups.add(Long.parseLong(g));
        String[] gids = f.getOrDefault("Gid", "-1").split("\\s+");
        if (!groups.contains(Long.parseLong(gids[0]))) groups.add(Long.parseLong(gids[0]));
        return new ProcStatus(f.getOrDefault("Name", "?"), Long.parseLong(uids[0]),
                Long.parseLong(uids.length > 1 ? uids[1] : uids[0]), hex(f.get("CapEff")), hex(f.get("CapPrm")),
                hex(f.get("CapAmb")), f.containsKey("CapBnd") ? hex(f.get("CapBnd")) : -1L, "1".equals(f.get("NoNewPrivs")),
                List.copyOf(groups));
    }

    private static long hex(String s) {
        return s == null || s.isEmpty() ? 0 : Long.parseUnsignedLong(s, 16);
    }

    boolean hasEffective(int capability) { return (capEffective >>> capability & 1) != 0; }

    boolean holdsAnyCapability() { return capEffective != 0 || capPermitted != 0 || capAmbient != 0; }
}
