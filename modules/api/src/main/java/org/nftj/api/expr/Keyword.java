package org.nftj.api.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A word of nft's language with a fixed set of values (a chain's hook, a set's flag, a ct state,
 * a limit's unit …), as an enum whose constants are those words in upper case: {@link #wire()}
 * is the word nft reads and prints, and every such enum's {@code toString()} returns it.
 */
public interface Keyword {
    /** {@return the word as nft writes it: the constant's name in lower case ({@code INPUT} is {@code input})} */
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose {@link #wire()} is {@code word}.
     *
     * @param <E> the vocabulary
     * @param type the vocabulary's enum class
     * @param word the word as nft writes it
     * @return the constant
     * @throws IllegalArgumentException naming the word and every value nft allows
     */
    static <E extends Enum<E> & Keyword> E of(Class<E> type, String word) {
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(word)) return e;
            known.add(e.wire());
        }
        throw new IllegalArgumentException("'" + word + "' is not one of " + known);
    }
}
