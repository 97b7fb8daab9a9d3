package org.nftj.api;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.NftJson;

/**
 * The elements of one set or map of the in-memory kernel ({@link MemoryKernel}), with the kernel's
 * and nft's semantics as nft 1.0.6 on Linux shows them: a value is added once ({@code add} of a
 * present value changes nothing, {@code create} fails with {@code exists}); deleting an absent
 * value fails with {@code not_found}; prefixes and ranges need {@code flags interval}; an interval
 * that overlaps an existing one is refused ("interval overlaps with an existing one"), adjacent
 * intervals stay apart (nftj's language has no {@code auto-merge}, as the helper accepts none);
 * an interval is deleted only as it was added (else nft says "element does not exist"); intervals are listed as nft lists them (in ascending order, an aligned interval of addresses as a prefix,
 * any other as a range). Keys of other types (interface names, concatenations) are compared by
 * their JSON and listed in the order they were added. The catch-all element ({@code *}, the
 * kernel's default of a map) is held once, beside the others, and listed last.
 */
final class MemorySet {
    private final ElementKey key;
    private final boolean interval;
    /** The set's size: a full set refuses elements (ENFILE). */
    private final long capacity;
    /** Whether that size is the policy's cap, which then names the refusal. */
    private final boolean policyCap;
    /** Numeric keys: interval start → entry. */
    private final TreeMap<BigInteger, Entry> numeric;
    /** Opaque keys: the key's JSON → entry. */
    private final LinkedHashMap<String, Entry> opaque;
    /** The catch-all element ({@code *}), or null. */
    private Entry catchAll;

    /** The key of the catch-all element. */
    private static final Object CATCH_ALL = new Object();

    /** One element: its interval (numeric keys) or key JSON (opaque), its map data, its other fields. */
    private record Entry(BigInteger lo, BigInteger hi, Object key, Object data, Map<String, Object> extra) {}

    MemorySet(ElementKey key, boolean interval, long capacity, boolean policyCap) {
        this.key = key;
        this.interval = interval;
        this.capacity = capacity;
        this.policyCap = policyCap;
        this.numeric = new TreeMap<>();
        this.opaque = new LinkedHashMap<>();
    }

    MemorySet copy() {
        MemorySet c = new MemorySet(key, interval, capacity, policyCap);
        c.numeric.putAll(numeric);
        c.opaque.putAll(opaque);
        c.catchAll = catchAll;
        return c;
    }

    int size() { return numeric.size() + opaque.size() + (catchAll == null ? 0 : 1); }

    void clear() {
        numeric.clear();
        opaque.clear();
        catchAll = null;
    }

    /**
     * Adds one element as libnftables JSON ({@code "10.0.0.1"}, a prefix, a range, a map entry
     * {@code [key, data]}, or {@code {"elem": {"val": ..., ...}}}).
     *
     * @param create an element that is present is an error
     * @throws MemoryKernel.Refusal naming what is wrong
     */
    void add(Object element, boolean create) {
        Entry e = entry(element);
        if (e.key() == CATCH_ALL) {
            if (catchAll != null) {
                if (create) throw MemoryKernel.Refusal.exists(null);
                return;
            }
            room();
            catchAll = e;
            return;
        }
        if (key == ElementKey.OPAQUE) {
            String k = ElementKey.opaque(NftJson.expr(e.key()));
            if (opaque.containsKey(k)) {
                if (create) throw MemoryKernel.Refusal.exists(null);
                return;
            }
            room();
            opaque.put(k, e);
            return;
        }
        Map.Entry<BigInteger, Entry> below = numeric.floorEntry(e.hi());
        if (below != null && below.getValue().lo().equals(e.lo()) && below.getValue().hi().equals(e.hi())) {
            if (create) throw MemoryKernel.Refusal.exists(null);
            return;
        }
        Map.Entry<BigInteger, Entry> after = numeric.ceilingEntry(e.lo());
        if (below != null && below.getValue().hi().compareTo(e.lo()) >= 0 || after != null && after.getKey().compareTo(e.hi()) <= 0) {
            throw MemoryKernel.Refusal.failed("interval overlaps with an existing one");
        }
        room();
        numeric.put(e.lo(), e);
    }

    private void room() {
        if (size() < capacity) return;
        throw policyCap ? MemoryKernel.Refusal.policy("a set of the batch is full: its size is the policy's limits.elementsPerSet ("
                + capacity + ")") : MemoryKernel.Refusal.failed("Could not process rule: Too many open files in system (ENFILE): a set of the batch is full");
    }

    /**
     * Deletes one element: an interval only as it was added (a part of one is not found).
     *
     * @throws MemoryKernel.Refusal {@code not_found} when it is not there
     */
    void delete(Object element) {
        Entry e = entry(element);
        if (e.key() == CATCH_ALL) {
            if (catchAll == null) throw MemoryKernel.Refusal.notFound(null);
            catchAll = null;
            return;
        }
        if (key == ElementKey.OPAQUE) {
            if (opaque.remove(ElementKey.opaque(NftJson.expr(e.key()))) == null) throw MemoryKernel.Refusal.notFound(null);
            return;
        }
        Map.Entry<BigInteger, Entry> at = numeric.floorEntry(e.lo());
        Entry old = at == null ? null : at.getValue();
        if (old == null || !old.lo().equals(e.lo()) || !old.hi().equals(e.hi())) {
            // nft looks an interval up itself and says so; the kernel answers a missing value
            throw interval ? MemoryKernel.Refusal.failed("element does not exist") : MemoryKernel.Refusal.notFound(null);
        }
        numeric.remove(at.getKey());
    }

    /** The elements as nft lists them (see the class comment), as libnftables JSON. */
    List<Object> list() {
        List<Object> out = new ArrayList<>(size());
        for (Entry e : numeric.values()) out.add(json(key.render(e.lo(), e.hi()).toJson(), e));
        for (Entry e : opaque.values()) out.add(json(e.key(), e));
        if (catchAll != null) out.add(json("*", catchAll));
        return out;
    }

    private static Object json(Object value, Entry e) {
        Object v = value;
        if (!e.extra().isEmpty()) {
            Map<String, Object> elem = new LinkedHashMap<>();
            elem.put("val", v);
            elem.putAll(e.extra());
            v = Map.of("elem", elem);
        }
        return e.data() == null ? v : new ArrayList<>(List.of(v, e.data()));
    }

    /** Reads one element of a command: its key (an interval for numeric types), data and other fields. */
    private Entry entry(Object element) {
        Object keyJson = element;
        Object data = null;
        if (element instanceof List<?> pair && pair.size() == 2) {
            keyJson = pair.get(0);
            data = pair.get(1);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (keyJson instanceof Map<?, ?> m && m.size() == 1 && m.get("elem") instanceof Map<?, ?> elem) {
            for (Map.Entry<?, ?> f : elem.entrySet()) {
                if (f.getKey().equals("val")) {
                    keyJson = f.getValue();
                } else {
                    extra.put(String.valueOf(f.getKey()), f.getValue());
                }
            }
        }
        if ("*".equals(keyJson)) return new Entry(null, null, CATCH_ALL, data, extra);
        if (key == ElementKey.OPAQUE) return new Entry(null, null, keyJson, data, extra);
        Expr value = NftJson.expr(keyJson);
        BigInteger[] bounds;
        try {
            bounds = key.bounds(value, interval);
        } catch (ElementKey.Refused r) {
            throw MemoryKernel.Refusal.failed(r.getMessage());
        }
        return new Entry(bounds[0], bounds[1], null, data, extra);
    }
}
