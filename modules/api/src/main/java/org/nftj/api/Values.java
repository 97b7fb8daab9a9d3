package org.nftj.api;

import java.net.InetAddress;
import org.nftj.api.expr.Addr;
import org.nftj.api.expr.Expr;

/** Turns plain Java values into set elements, numerically only. */
final class Values {
    private Values() {}

    /** An element: an {@link Expr}, a number, an {@link InetAddress}, or a numeric address/prefix/range string. */
    static Expr element(Object v) {
        return switch (v) {
            case Expr e -> e;
            case Integer i -> new Expr.Num(i);
            case Long l -> new Expr.Num(l);
            case InetAddress a -> Addr.of(a).toExpr();
            case Addr a -> a.toExpr();
            case String s when s.matches("[0-9]+") -> new Expr.Num(Long.parseLong(s));
            case String s when s.matches("[0-9]+-[0-9]+") -> {
                String[] p = s.split("-");
                yield new Expr.Range(new Expr.Num(Long.parseLong(p[0])), new Expr.Num(Long.parseLong(p[1])));
            }
            case String s when s.contains("-") && !s.contains("/") -> {
                String[] p = s.split("-", 2);
                yield new Expr.Range(Addr.parse(p[0]).toExpr(), Addr.parse(p[1]).toExpr());
            }
            case String s -> Addr.parse(s).toExpr();
            default -> throw new IllegalArgumentException("not an element value: " + v);
        };
    }
}
