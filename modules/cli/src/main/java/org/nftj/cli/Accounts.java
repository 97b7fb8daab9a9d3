package org.nftj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Users and groups as /etc/passwd and /etc/group list them, for advice that names them ("usermod
 * -aG nftj myapp"). Local files only: the JDK offers no getgrnam, and advice that misses an NSS
 * directory user still names the group and the command.
 */
record Accounts(List<String> passwd, List<String> group) {
    Accounts {
        passwd = List.copyOf(passwd);
        group = List.copyOf(group);
    }

    /** This host's files; empty lists when unreadable. */
    static Accounts local() {
        return new Accounts(lines(Path.of("/etc/passwd")), lines(Path.of("/etc/group")));
    }

    static Accounts none() { return new Accounts(List.of(), List.of()); }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The users in {@code groupName}: listed members, then users whose primary group it is. */
    List<String> members(String groupName) {
        Set<String> out = new LinkedHashSet<>();
        long gid = -1;
        for (String line : group) {
            String[] f = line.split(":", -1);
            if (f.length < 4 || !f[0].equals(groupName)) continue;
            gid = number(f[2]);
            for (String m : f[3].split(",")) if (!m.isBlank()) out.add(m.strip());
        }
        for (String line : passwd) {
            String[] f = line.split(":", -1);
            if (f.length >= 4 && gid >= 0 && number(f[3]) == gid) out.add(f[0]);
        }
        return new ArrayList<>(out);
    }

    /** The name of user {@code uid}, or the number when unknown. */
    String userName(long uid) {
        for (String line : passwd) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && number(f[2]) == uid) return f[0];
        }
        return Long.toString(uid);
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    /**
     * What to do when the user {@code uid} (in the supplementary groups {@code processGroups}) may
     * not run a helper whose group is {@code groupName} ({@code gid}). Names the user, the group and
     * the command; says so when the user was added to the group after this process started. A
     * helper of group root has not been installed (a copied or unpacked image leaves it so): the fix
     * is install, never putting an application's user into root's group.
     */
    String helperAccessFix(long uid, List<Long> processGroups, String groupName, long gid) {
        if (gid == 0) {
            return "the helper has not been installed for applications (group " + groupName + ", as a copied or unpacked "
                    + "image leaves it): as root, nftj install (after an upgrade it keeps the policy and the group)";
        }
        String user = userName(uid);
        if (processGroups.contains(gid)) {
            return "the helper's group " + groupName + " may not execute it: chmod 0750 the helper (nftj install does)";
        }
        if (members(groupName).contains(user)) {
            return user + " is in group " + groupName + " (/etc/group), but this process started before that: "
                    + "start a new login session, or restart the service";
        }
        return user + " is not in group " + groupName + ", whose members may run the helper: as root, usermod -aG "
                + groupName + " " + user + " (then start a new session or restart the service), or run the application as a "
                + "member of " + groupName;
    }
}
