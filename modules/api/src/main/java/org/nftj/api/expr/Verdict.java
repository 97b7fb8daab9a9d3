package org.nftj.api.expr;

import java.util.Objects;

/**
 * A verdict: accept, drop, continue, return, jump CHAIN, goto CHAIN. Both a statement (ends a rule)
 * and an expression (the value side of a verdict map).
 *
 * @param kind the verdict
 * @param target the chain of a jump or goto; null otherwise
 */
public record Verdict(Kind kind, String target) implements Stmt, Expr {
    /** The verdicts of the schema. */
    public enum Kind {
        /** The packet is let through this hook. */
        ACCEPT,
        /** The packet is dropped. */
        DROP,
        /** On to the next rule. */
        CONTINUE,
        /** Back to the chain that jumped here (or the chain's policy in a base chain). */
        RETURN,
        /** On to a chain, and back after it. */
        JUMP,
        /** On to a chain, not back. */
        GOTO;

        /** {@return the verdict's keyword as nft writes it: {@code accept}, {@code goto}} */
        @Override
        public String toString() { return wire(); }

        /** {@return the verdict as nft names it} */
        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    /** {@code accept}. */
    public static final Verdict ACCEPT = new Verdict(Kind.ACCEPT, null);
    /** {@code drop}. */
    public static final Verdict DROP = new Verdict(Kind.DROP, null);
    /** {@code continue}. */
    public static final Verdict CONTINUE = new Verdict(Kind.CONTINUE, null);
    /** {@code return}. */
    public static final Verdict RETURN = new Verdict(Kind.RETURN, null);

    /**
     * Checks that a jump or goto has a target and no other verdict has one.
     *
     * @throws IllegalArgumentException when it does not
     */
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

    /**
     * {@code jump CHAIN}: on to the chain, and back after it.
     *
     * @param chain the chain's name
     * @return the verdict
     */
    public static Verdict jump(String chain) { return new Verdict(Kind.JUMP, chain); }

    /**
     * {@code goto CHAIN}: on to the chain, not back.
     *
     * @param chain the chain's name
     * @return the verdict
     */
    public static Verdict goTo(String chain) { return new Verdict(Kind.GOTO, chain); }

    @Override
    public java.util.Map<String, Object> toJson() {
        return JsonValues.single(kind.wire(), target == null ? null : JsonValues.obj("target", target));
    }
}
