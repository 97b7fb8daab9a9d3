/* Prints the constants src/c.zig mirrors, read from the real system headers, as a Zig file.
 * Built and run by `zig build test`; tests/c_test.zig compares both. */
#include <stdio.h>
#include <stddef.h>
#include <malloc.h>
/* glibc's socket headers before the kernel's (linux/netfilter.h pulls in linux/in.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <nftables/libnftables.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <sys/auxv.h>
#include <libnftnl/udata.h>
#include <linux/netfilter_arp.h>

#define P(name) printf("pub const " #name ": i64 = %lld;\n", (long long)(name))

int main(void) {
    P(NFT_CTX_DEFAULT); P(NFT_CTX_OUTPUT_HANDLE); P(NFT_CTX_OUTPUT_JSON); P(NFT_CTX_OUTPUT_ECHO); P(NFT_CTX_OUTPUT_TERSE);
    P(PR_GET_DUMPABLE);
    P(NETLINK_NETFILTER); P(NLM_F_REQUEST); P(NLM_F_MULTI); P(NLM_F_ACK); P(NLM_F_DUMP_INTR);
    P(NLM_F_DUMP); P(NLM_F_EXCL); P(NLM_F_CREATE); P(NLM_F_CAPPED); P(NLM_F_ACK_TLVS);
    P(NLMSG_ERROR); P(NLMSG_DONE); P(NLMSG_MIN_TYPE); P(NLMSGERR_ATTR_MSG); P(NLMSGERR_ATTR_OFFS);
    P(SOL_NETLINK); P(NETLINK_CAP_ACK); P(NETLINK_EXT_ACK); P(SO_SNDBUFFORCE); P(SO_RCVBUFFORCE);
    P(NFNL_SUBSYS_NFTABLES); P(NFNL_MSG_BATCH_BEGIN); P(NFNL_MSG_BATCH_END); P(NFNL_BATCH_GENID);
    P(NFNETLINK_V0);
    P(NFPROTO_INET); P(NFPROTO_IPV4); P(NFPROTO_ARP); P(NFPROTO_NETDEV); P(NFPROTO_BRIDGE); P(NFPROTO_IPV6);
    P(NFT_MSG_NEWTABLE); P(NFT_MSG_GETTABLE); P(NFT_MSG_GETCHAIN); P(NFT_MSG_NEWSET); P(NFT_MSG_GETSET);
    P(NFT_MSG_NEWSETELEM); P(NFT_MSG_GETSETELEM); P(NFT_MSG_DELSETELEM); P(NFT_MSG_NEWGEN); P(NFT_MSG_GETGEN);
    P(NFTA_TABLE_NAME); P(NFTA_GEN_ID);
    P(NFTA_SET_TABLE); P(NFTA_SET_NAME); P(NFTA_SET_FLAGS); P(NFTA_SET_KEY_TYPE); P(NFTA_SET_KEY_LEN);
    P(NFTA_SET_DATA_TYPE); P(NFTA_SET_DATA_LEN); P(NFTA_SET_POLICY); P(NFTA_SET_DESC); P(NFTA_SET_ID);
    P(NFTA_SET_TIMEOUT); P(NFTA_SET_GC_INTERVAL); P(NFTA_SET_USERDATA); P(NFTA_SET_OBJ_TYPE);
    P(NFTA_SET_HANDLE); P(NFTA_SET_EXPR); P(NFTA_SET_EXPRESSIONS);
    P(NFTA_SET_DESC_SIZE); P(NFTA_SET_DESC_CONCAT); P(NFTA_SET_FIELD_LEN); P(NFTA_LIST_ELEM);
    P(NFT_SET_ANONYMOUS); P(NFT_SET_CONSTANT); P(NFT_SET_INTERVAL); P(NFT_SET_MAP); P(NFT_SET_TIMEOUT);
    P(NFT_SET_EVAL); P(NFT_SET_OBJECT); P(NFT_SET_CONCAT); P(NFT_SET_EXPR); P(NFT_SET_POL_MEMORY);
    P(NFT_SET_ELEM_INTERVAL_END); P(NFT_SET_ELEM_CATCHALL);
    P(NFTA_SET_ELEM_KEY); P(NFTA_SET_ELEM_DATA); P(NFTA_SET_ELEM_FLAGS); P(NFTA_SET_ELEM_TIMEOUT);
    P(NFTA_SET_ELEM_EXPIRATION); P(NFTA_SET_ELEM_USERDATA); P(NFTA_SET_ELEM_EXPR); P(NFTA_SET_ELEM_OBJREF);
    P(NFTA_SET_ELEM_KEY_END); P(NFTA_SET_ELEM_EXPRESSIONS);
    P(NFTA_SET_ELEM_LIST_TABLE); P(NFTA_SET_ELEM_LIST_SET); P(NFTA_SET_ELEM_LIST_ELEMENTS);
    P(NFTA_DATA_VALUE); P(NFTA_DATA_VERDICT); P(NFTA_VERDICT_CODE); P(NFTA_VERDICT_CHAIN);
    P(NFT_DATA_VERDICT); P(NFT_DATA_VALUE_MAXLEN); P(NF_DROP); P(NF_ACCEPT);
    P(NFT_CONTINUE); P(NFT_JUMP); P(NFT_GOTO); P(NFT_RETURN); P(NFT_NAME_MAXLEN); P(AT_RANDOM);
    P(NFTNL_UDATA_SET_KEYBYTEORDER); P(NFTNL_UDATA_SET_DATABYTEORDER); P(NFTNL_UDATA_SET_MERGE_ELEMENTS);
    P(NFTNL_UDATA_SET_KEY_TYPEOF); P(NFTNL_UDATA_SET_DATA_TYPEOF); P(NFTNL_UDATA_SET_EXPR);
    P(NFTNL_UDATA_SET_DATA_INTERVAL); P(NFTNL_UDATA_SET_COMMENT); P(NFTNL_UDATA_SET_ELEM_COMMENT);
    P(NFTNL_UDATA_SET_ELEM_FLAGS); P(NFTNL_SET_ELEM_F_INTERVAL_OPEN); P(NFTNL_UDATA_COMMENT_MAXLEN);
    P(AF_INET); P(AF_INET6); P(INET6_ADDRSTRLEN);
    P(NFT_MSG_GETRULE); P(NFTA_TABLE_FLAGS); P(NFTA_TABLE_HANDLE); P(NFTA_CHAIN_TABLE); P(NFTA_CHAIN_HANDLE);
    P(NFTA_CHAIN_NAME); P(NFTA_CHAIN_HOOK); P(NFTA_CHAIN_POLICY); P(NFTA_CHAIN_TYPE); P(NFTA_HOOK_HOOKNUM);
    P(NFTA_HOOK_PRIORITY); P(NFTA_RULE_TABLE); P(NFTA_RULE_CHAIN); P(NFT_TABLE_F_DORMANT);
    P(NFTA_CHAIN_COUNTERS); P(NFTA_RULE_EXPRESSIONS); P(NFTA_EXPR_NAME); P(NFTA_EXPR_DATA);
    P(NFTA_QUOTA_FLAGS); P(NFTA_QUOTA_CONSUMED); P(NFT_QUOTA_F_DEPLETED); P(NFTA_OBJ_TABLE); P(NFTA_OBJ_TYPE);
    P(NFTA_OBJ_DATA); P(NFTA_FLOWTABLE_TABLE); P(NFT_MSG_GETOBJ); P(NFT_MSG_GETFLOWTABLE);
    P(NFT_OBJECT_COUNTER); P(NFT_OBJECT_QUOTA);
    P(NF_INET_PRE_ROUTING); P(NF_INET_INGRESS); P(NF_NETDEV_INGRESS); P(NF_NETDEV_EGRESS);
    P(NF_ARP_IN); P(NF_ARP_OUT); P(NF_ARP_FORWARD);
    printf("pub const sizeof_struct_mallinfo2: i64 = %zu;\n", sizeof(struct mallinfo2));
    printf("pub const offsetof_mallinfo2_hblkhd: i64 = %zu;\n", offsetof(struct mallinfo2, hblkhd));
    printf("pub const offsetof_mallinfo2_uordblks: i64 = %zu;\n", offsetof(struct mallinfo2, uordblks));
    printf("pub const offsetof_mallinfo2_fordblks: i64 = %zu;\n", offsetof(struct mallinfo2, fordblks));
    printf("pub const sizeof_nlmsghdr: i64 = %zu;\n", sizeof(struct nlmsghdr));
    printf("pub const sizeof_nlattr: i64 = %zu;\n", sizeof(struct nlattr));
    printf("pub const sizeof_nfgenmsg: i64 = %zu;\n", sizeof(struct nfgenmsg));
    return 0;
}
