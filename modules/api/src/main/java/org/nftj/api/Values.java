package org.nftj.api;

import java.net.InetAddress;
import org.nftj.api.expr.Addr;
import org.nftj.api.expr.Expr;

/** Turns plain Java values into set elements, numerically only. */
final class Values {
    private Values() {}

    /**
     * An element: an {@link Expr}, a number, an {@link InetAddress}, an {@link Addr}, or a string
     * holding a number, a numeric range {@code 1000-2000}, a numeric address or prefix, or an address
     * range {@code A-B}. Anything else (a host or service name) is refused.
     */
    static Expr element(Object v) {
        return switch (v) {
            case Expr e -> e;
            case Integer i -> new Expr.Num(i);
            case Long l -> new Expr.Num(l);
            case InetAddress a -> Addr.of(a).toExpr();
            case Addr a -> a.toExpr();
            case String s -> string(s);
            default -> throw new IllegalArgumentException("not an element value: " + v);
        };
    }

    private static Expr string(String s) {
        try {
            return parse(s);
        } catch (IllegalArgumentException e) {
            // name the whole value: "not-an-ip", not the part before its dash; say more only when the
            // parser found more than that it is no address (a prefix length past the address's)
            String more = e.getMessage().startsWith("not a numeric IP address") ? "" : ": " + e.getMessage();
            throw new IllegalArgumentException("'" + s + "' is not an element value (an element is a numeric address, a "
                    + "prefix such as 10.0.0.0/8, a range A-B or a number; host and service names are never looked up)" + more, e);
        }
    }

    private static Expr parse(String s) {
        int dash = s.indexOf('-');
        if (dash > 0) {
            String lo = s.substring(0, dash), hi = s.substring(dash + 1);
            if (isNumber(lo) && isNumber(hi)) return new Expr.Range(new Expr.Num(Long.parseLong(lo)), new Expr.Num(Long.parseLong(hi)));
            if (s.indexOf('/') < 0) return new Expr.Range(Addr.parse(lo).toExpr(), Addr.parse(hi).toExpr());
        }
        if (isNumber(s)) return new Expr.Num(Long.parseLong(s));
        return Addr.parse(s).toExpr();
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
