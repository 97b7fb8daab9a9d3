package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.api.sysctl.SysctlChange;
import org.nftj.api.sysctl.SysctlName;
import org.nftj.api.sysctl.SysctlPreset;
import org.nftj.validation.SysctlValidator;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.ValidationException;

/**
 * Network sysctl parameters of the helper's network namespace, limited to the names the helper's
 * policy allows ({@link Nftj#sysctl()}). Every set is all or nothing as far as the kernel allows and
 * is audited, one record per changed parameter with its old and new value.
 *
 * <pre>{@code
 * nft.sysctl().set(Map.of(SysctlParameter.IP_FORWARD.global(), "1"));
 * String rp = nft.sysctl().get(SysctlParameter.RP_FILTER.on("eth0")).get("net.ipv4.conf.eth0.rp_filter");
 * }</pre>
 */
public final class SysctlClient {
    private final Gate gate;

    SysctlClient(Gate gate) { this.gate = gate; }

    /**
     * Current values, keyed by dotted name, in request order.
     *
     * @param names the parameters
     * @return each parameter's value, by dotted name
     * @throws NftjException when the helper refuses (a name or value outside its allow-list, the policy) or cannot be reached
     */
    public Map<String, String> get(SysctlName... names) throws NftjException {
        List<String> dotted = new ArrayList<>();
        for (SysctlName n : names) dotted.add(n.toString());
        return getByName(dotted);
    }

    /**
     * Current values of dotted names (validated here and again by the helper).
     *
     * @param names dotted names ({@code net.ipv4.ip_forward})
     * @return each parameter's value, by dotted name
     * @throws InvalidRequestException when a name is not one the helper reaches
     * @throws NftjException when the helper refuses or cannot be reached
     */
    public Map<String, String> getByName(List<String> names) throws NftjException {
        ValidatedBatch batch;
        try {
            batch = SysctlValidator.get(names);
        } catch (ValidationException e) {
            throw InvalidRequestException.of(e);
        }
        Map<String, Object> result = gate.sendSysctl(batch);
        Map<String, String> out = new LinkedHashMap<>();
        if (result.get("values") instanceof Map<?, ?> values) {
            values.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    /**
     * Sets every value (in iteration order), all or nothing; returns what changed.
     *
     * @param values the values, by parameter
     * @return each parameter's change, in order
     * @throws NftjException when the helper refuses (a name or value outside its allow-list, the policy) or cannot be reached; then nothing was changed
     */
    public List<SysctlChange> set(Map<SysctlName, String> values) throws NftjException {
        Map<String, String> dotted = new LinkedHashMap<>();
        values.forEach((k, v) -> dotted.put(k.toString(), v));
        return setByName(dotted);
    }

    /**
     * Sets values given by dotted name ({@code nftj sysctl set NAME=VALUE}).
     *
     * @param values the values, by dotted name
     * @return each parameter's change, in order
     * @throws InvalidRequestException when a name or value is not one the helper takes
     * @throws NftjException when the helper refuses or cannot be reached; then nothing was changed
     */
    public List<SysctlChange> setByName(Map<String, String> values) throws NftjException {
        ValidatedBatch batch;
        try {
            batch = SysctlValidator.set(values);
        } catch (ValidationException e) {
            throw InvalidRequestException.of(e);
        }
        return changes(gate.sendSysctl(batch));
    }

    /** The helper's {@code sysctl_set} result: {@code {"changes": [{name, old, new, changed}, ...]}}. */
    static List<SysctlChange> changes(Map<String, Object> result) {
        List<SysctlChange> out = new ArrayList<>();
        if (result.get("changes") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(new SysctlChange(String.valueOf(m.get("name")), String.valueOf(m.get("old")),
                            String.valueOf(m.get("new")), Boolean.TRUE.equals(m.get("changed"))));
                }
            }
        }
        return out;
    }

    /**
     * Applies a preset as one set.
     *
     * @param preset the preset
     * @return each parameter's change, in order
     * @throws NftjException when the helper refuses (a name or value outside its allow-list, the policy) or cannot be reached; then nothing was changed
     */
    public List<SysctlChange> apply(SysctlPreset preset) throws NftjException {
        return set(preset.settings());
    }
}
