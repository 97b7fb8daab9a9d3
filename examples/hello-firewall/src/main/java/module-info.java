/** An application that manages its own firewall table through nftj: it needs only org.nftj.api. */
module com.example.firewall {
    requires org.nftj.api;
}
