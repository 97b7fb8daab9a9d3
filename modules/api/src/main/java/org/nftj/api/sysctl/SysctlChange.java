package org.nftj.api.sysctl;

/**
 * One parameter of a successful set, as the helper reports it (values read from the kernel before
 * the write; {@code changed} is false when the value already was {@code newValue} and nothing was
 * written).
 *
 * @param name the dotted name
 * @param oldValue the value before
 * @param newValue the value after
 * @param changed whether the value was written (false when it already was {@code newValue})
 */
public record SysctlChange(String name, String oldValue, String newValue, boolean changed) {
    /** {@return the change as sysctl writes it: {@code net.ipv4.ip_forward = 1 (was 0)}, or {@code (unchanged)}} */
    @Override
    public String toString() { return name + " = " + newValue + (changed ? " (was " + oldValue + ")" : " (unchanged)"); }
}
