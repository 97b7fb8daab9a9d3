package org.nftj.api.expr;

import java.util.Objects;

/**
 * A verdict: accept, drop, continue, return, jump CHAIN, goto CHAIN. Both a statement (ends a rule)
 * and an expression (the value side of a verdict map).
 */
public record Verdict(Kind kind, String target) implements Stmt, Expr {
    /** The verdicts of the schema. */
    public enum Kind {
        ACCEPT, DROP, CONTINUE, RETURN, JUMP, GOTO;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public static final Verdict ACCEPT = new Verdict(Kind.ACCEPT, null);
    public static final Verdict DROP = new Verdict(Kind.DROP, null);
    public static final Verdict CONTINUE = new Verdict(Kind.CONTINUE, null);
    public static final Verdict RETURN = new Verdict(Kind.RETURN, null);

    public Verdict {
        Objects.requireNonNull(kind, "kind");
        boolean needsTarget = kind == Kind.JUMP || kind == Kind.GOTO;
        if (needsTarget && (target == null || target.isEmpty())) {
            throw new IllegalArgumentException(kind.wire() + " needs a target chain (an empty target crashes libnftables)");
        }
        if (!needsTarget && target != null) throw new IllegalArgumentException(kind.wire() + " takes no target");
    }

    /** In nft syntax: {@code accept}, {@code jump CHAIN}. */
    @Override public String toString() { return Syntax.statement(this); }

    public static Verdict jump(String chain) { return new Verdict(Kind.JUMP, chain); }

    public static Verdict goTo(String chain) { return new Verdict(Kind.GOTO, chain); }

    @Override
    public java.util.Map<String, Object> toJson() {
        return JsonValues.single(kind.wire(), target == null ? null : JsonValues.obj("target", target));
    }
}
