package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The validator's quick check of a tree (no paths built) and its full check (a path per value,
 * to name a problem) agree: the quick one passes exactly the trees in which the full one finds
 * nothing, so the full one only runs to say what is wrong.
 */
class GenericCheckTest {
    /** Values near every limit of the full check: depth, members, integers, strings. */
    private static Object value(Random r, int depth) {
        return switch (r.nextInt(depth > 36 ? 8 : 11)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> r.nextBoolean() ? (Object) r.nextInt() : (Object) (r.nextBoolean() ? Schema.INTEGER_MAX : Schema.INTEGER_MAX + 1);
            case 3 -> switch (r.nextInt(3)) {
                case 0 -> -Schema.INTEGER_MAX;
                case 1 -> -Schema.INTEGER_MAX - 1;
                default -> r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            };
            case 4 -> switch (r.nextInt(6)) {
                case 0 -> "a\u0000b";
                case 1 -> "\ufeff";
                case 2 -> "\ud800x";
                case 3 -> "\ud83d\ude00";
                case 4 -> "é".repeat(r.nextBoolean() ? Schema.STRING_BYTES_MAX / 2 : Schema.STRING_BYTES_MAX / 2 + 1);
                default -> "inet";
            };
            case 5 -> r.nextBoolean() ? 1.5 : java.math.BigInteger.TEN;
            case 6 -> "x".repeat(r.nextBoolean() ? Schema.STRING_BYTES_MAX : Schema.STRING_BYTES_MAX + 1);
            case 7 -> "app";
            case 8, 9 -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                int n = r.nextInt(20) == 0 ? Schema.OBJECT_MEMBERS_MAX + r.nextInt(2) : r.nextInt(4);
                for (int i = 0; i < n; i++) m.put(r.nextInt(30) == 0 ? "k\u0000" + i : "k" + i, value(r, depth + 1));
                yield m;
            }
            default -> {
                List<Object> l = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) l.add(value(r, depth + 1));
                yield l;
            }
        };
    }

    /** A chain of lists {@code depth} deep around a value. */
    private static Object nested(int depth) {
        Object v = 1;
        for (int i = 0; i < depth; i++) v = List.of(v);
        return v;
    }

    @Test
    void theQuickCheckPassesExactlyWhatTheFullCheckFindsNothingIn() {
        Random r = new Random(20261205);
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            Object tree = value(r, r.nextInt(40));
            List<Problem> problems = new ArrayList<>();
            Validator.generic(tree, "", 2, problems);
            assertEquals(problems.isEmpty(), Validator.genericOk(tree, 2), () -> "for " + String.valueOf(tree)
                    .substring(0, Math.min(300, String.valueOf(tree).length())) + ": " + problems);
            if (!problems.isEmpty()) refused++;
        }
        assertEquals(true, refused > 1000 && refused < 19_000, "both outcomes are well exercised: " + refused);
        for (long x : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -Schema.INTEGER_MAX - 1, Schema.INTEGER_MAX + 1}) {
            List<Problem> problems = new ArrayList<>();
            Validator.generic(List.of(x), "", 2, problems);
            assertEquals(1, problems.size(), "refused by the full check: " + x);
            assertEquals(false, Validator.genericOk(List.of(x), 2), "refused by the quick check: " + x);
        }
        for (int d = Schema.DEPTH_MAX - 4; d <= Schema.DEPTH_MAX + 1; d++) {
            List<Problem> problems = new ArrayList<>();
            Validator.generic(nested(d), "", 2, problems);
            assertEquals(problems.isEmpty(), Validator.genericOk(nested(d), 2), "depth " + d);
        }
    }
}
