/**
 * Must NOT compile: an application that tries to reach the helper directly, around the api's gate
 * and validation. org.nftj.transport exports its package only to org.nftj.api, so even an explicit
 * requires does not make it visible. jlink-image/test.sh compiles this and expects the refusal.
 */
module com.example.sneaky {
    requires org.nftj.api;
    requires org.nftj.transport;
}
