package org.nftj.api.sysctl;

/**
 * One parameter of a successful set, as the helper reports it (values read from the kernel before
 * the write; {@code changed} is false when the value already was {@code newValue} and nothing was
 * written).
 */
public record SysctlChange(String name, String oldValue, String newValue, boolean changed) {}
