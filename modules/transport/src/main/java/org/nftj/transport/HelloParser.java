package org.nftj.transport;

import java.util.List;
import java.util.Map;

/** Reads the {@code hello} result leniently in what it ignores and strictly in what it needs. */
final class HelloParser {
    private HelloParser() {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> typedRaw(Map<?, ?> r) {
        return (Map<String, Object>) r;
    }

    static Hello parse(Object result, long pid) throws TransportException {
        if (!(result instanceof Map<?, ?> r)) throw TransportException.protocol("hello without a result", false, null);
        Map<?, ?> policy = r.get("policy") instanceof Map<?, ?> m ? m : Map.of();
        Map<?, ?> sb = r.get("sandbox") instanceof Map<?, ?> m ? m : Map.of();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tables = policy.get("tables") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        @SuppressWarnings("unchecked")
        List<String> ops = policy.get("operations") instanceof List<?> l ? (List<String>) l : List.of();
        Hello.Sandbox sandbox = new Hello.Sandbox(
                sb.get("seccomp") instanceof Number n ? n.intValue() : -1,
                Boolean.TRUE.equals(sb.get("noNewPrivs")),
                !Boolean.FALSE.equals(sb.get("dumpable")),
                String.valueOf(sb.get("capEffective")),
                String.valueOf(sb.get("capPermitted")),
                Boolean.TRUE.equals(sb.get("boundingDropped")));
        return new Hello(
                r.get("protocol") instanceof Number n ? n.intValue() : -1,
                String.valueOf(r.get("helper")),
                String.valueOf(r.get("libnftables")),
                r.get("frameMax") instanceof Number n ? n.longValue() : -1,
                tables, ops, sandbox, pid, typedRaw(r));
    }
}
