package org.nftj.api;

import java.nio.file.Path;

/**
 * A JVM of its own for {@link NftTextTest}, started as another user: reads its argument as a text
 * ({@code text PATH}: the file's content given to {@link NftText#toJson(String, String...)}) or a
 * file ({@code file PATH}: {@link NftText#fileToJson}), and prints {@code listed} and the listing,
 * or {@code refused} and the message, then nft's own.
 */
final class NftTextAsUser {
    private NftTextAsUser() {}

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[1]);
        try {
            String listing = args[0].equals("file") ? NftText.fileToJson(path)
                    : NftText.toJson("include \"" + path + "\"\n");
            System.out.println("listed\n" + listing);
        } catch (NftTextException e) {
            System.out.println("refused\n" + e.getMessage() + "\n" + e.nftMessage());
        }
    }
}
