package org.nftj.api.sysctl;

import java.util.Objects;
import org.nftj.validation.SysctlValidator;

/**
 * A concrete parameter name: a {@link SysctlParameter} and, when interface-scoped, a validated
 * interface name. Make one with {@link SysctlParameter#global()}, {@link SysctlParameter#on(String)}
 * or {@link #parse(String)}.
 *
 * @param parameter the parameter
 * @param iface the interface, "" for global parameters
 */
public record SysctlName(SysctlParameter parameter, String iface) {
    /**
     * Checks that an interface is given exactly when the parameter is interface-scoped, and that it
     * is an interface name.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public SysctlName {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(iface, "iface");
        if (parameter.interfaceScoped() == iface.isEmpty()) {
            throw new IllegalArgumentException(parameter.pattern() + (iface.isEmpty() ? " needs an interface" : " takes no interface"));
        }
        if (!iface.isEmpty()) {
            String problem = SysctlValidator.interfaceProblem(iface);
            if (problem != null) throw new IllegalArgumentException(problem + ": \"" + iface + "\"");
        }
    }

    /**
     * Parses a dotted name such as {@code net.ipv4.conf.eth0.100.rp_filter}.
     *
     * @param name the dotted name
     * @return the name
     * @throws IllegalArgumentException when it names no parameter nftj reaches
     */
    public static SysctlName parse(String name) {
        SysctlValidator.Resolved r = SysctlValidator.resolve(name);
        return new SysctlName(SysctlParameter.valueOf(r.spec().name()), r.iface());
    }

    /** The dotted name the helper and sysctl(8) use (interface names keep their dots). */
    @Override
    public String toString() { return parameter.spec().nameFor(iface); }
}
