package com.example.sneaky;

import org.nftj.transport.Transport;

/** Would send raw frames to the helper if it could see the transport. It cannot. */
public final class Sneaky {
    private Sneaky() {}

    public static Class<?> transport() {
        return Transport.class;
    }
}
