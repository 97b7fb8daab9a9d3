//! Every hand-written C declaration of the helper, in one place (no @cImport: it is deprecated in
//! Zig 0.16 and its replacement cannot be fetched here). Each declaration names its header. The
//! test "c constants match the system headers" (tests/c_test.zig) compiles a C program against the
//! real headers and compares every constant mirrored below.

/// <nftables/libnftables.h>: opaque context.
pub const nft_ctx = opaque {};

/// <nftables/libnftables.h>
pub const NFT_CTX_DEFAULT: u32 = 0;
/// <nftables/libnftables.h>: enum of output flags.
pub const NFT_CTX_OUTPUT_HANDLE: c_uint = 1 << 3;
/// <nftables/libnftables.h>
pub const NFT_CTX_OUTPUT_JSON: c_uint = 1 << 4;
/// <nftables/libnftables.h>
pub const NFT_CTX_OUTPUT_ECHO: c_uint = 1 << 5;
/// <nftables/libnftables.h>: listings without set elements.
pub const NFT_CTX_OUTPUT_TERSE: c_uint = 1 << 11;

/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_new(flags: u32) ?*nft_ctx;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_free(ctx: *nft_ctx) void;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_set_dry_run(ctx: *nft_ctx, dry: bool) void;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_output_get_flags(ctx: *nft_ctx) c_uint;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_output_set_flags(ctx: *nft_ctx, flags: c_uint) void;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_buffer_output(ctx: *nft_ctx) c_int;
/// <nftables/libnftables.h>: frees the output buffer; output goes to the original stream again.
pub extern "nftables" fn nft_ctx_unbuffer_output(ctx: *nft_ctx) c_int;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_buffer_error(ctx: *nft_ctx) c_int;
/// <nftables/libnftables.h>: the buffer stays valid until the next command on the context.
pub extern "nftables" fn nft_ctx_get_output_buffer(ctx: *nft_ctx) ?[*:0]const u8;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_get_error_buffer(ctx: *nft_ctx) ?[*:0]const u8;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_run_cmd_from_buffer(ctx: *nft_ctx, buffer: [*:0]const u8) c_int;

/// <malloc.h>: gives the free memory of the C heap back to the kernel (madvise MADV_DONTNEED
/// and a shrinking brk).
pub extern "c" fn malloc_trim(pad: usize) c_int;
/// <malloc.h>: the C heap's statistics (glibc 2.33+), read without a system call.
pub const struct_mallinfo2 = extern struct {
    arena: usize,
    ordblks: usize,
    smblks: usize,
    hblks: usize,
    hblkhd: usize,
    usmblks: usize,
    fsmblks: usize,
    uordblks: usize,
    fordblks: usize,
    keepcost: usize,
};
pub const offsetof_mallinfo2_hblkhd: i64 = @offsetOf(struct_mallinfo2, "hblkhd");
pub const offsetof_mallinfo2_uordblks: i64 = @offsetOf(struct_mallinfo2, "uordblks");
pub const offsetof_mallinfo2_fordblks: i64 = @offsetOf(struct_mallinfo2, "fordblks");
/// <malloc.h>
pub extern "c" fn mallinfo2() struct_mallinfo2;

/// <sys/prctl.h> (<linux/prctl.h>)
pub const PR_GET_DUMPABLE: c_int = 3;
/// <sys/prctl.h>
pub extern "c" fn prctl(option: c_int, ...) c_int;

// ---- netlink, for the direct nfnetlink path (src/netlink.zig) ------------------------------

/// <linux/netlink.h>: struct nlmsghdr.
pub const nlmsghdr = extern struct {
    nlmsg_len: u32,
    nlmsg_type: u16,
    nlmsg_flags: u16,
    nlmsg_seq: u32,
    nlmsg_pid: u32,
};
/// <linux/netlink.h>: struct nlattr.
pub const nlattr = extern struct {
    nla_len: u16,
    nla_type: u16,
};
/// <linux/netfilter/nfnetlink.h>: struct nfgenmsg (res_id is big-endian).
pub const nfgenmsg = extern struct {
    nfgen_family: u8,
    version: u8,
    res_id: u16,
};

/// <linux/netlink.h>
pub const NETLINK_NETFILTER: c_int = 12;
/// <linux/netlink.h>
pub const NLM_F_REQUEST: u16 = 0x01;
/// <linux/netlink.h>
pub const NLM_F_MULTI: u16 = 0x02;
/// <linux/netlink.h>
pub const NLM_F_ACK: u16 = 0x04;
/// <linux/netlink.h>
pub const NLM_F_DUMP_INTR: u16 = 0x10;
/// <linux/netlink.h>
pub const NLM_F_DUMP: u16 = 0x300;
/// <linux/netlink.h>
pub const NLM_F_EXCL: u16 = 0x200;
/// <linux/netlink.h>
pub const NLM_F_CREATE: u16 = 0x400;
/// <linux/netlink.h>: flags of an NLMSG_ERROR reply.
pub const NLM_F_CAPPED: u16 = 0x100;
/// <linux/netlink.h>
pub const NLM_F_ACK_TLVS: u16 = 0x200;
/// <linux/netlink.h>
pub const NLMSG_ERROR: u16 = 0x2;
/// <linux/netlink.h>
pub const NLMSG_DONE: u16 = 0x3;
/// <linux/netlink.h>
pub const NLMSG_MIN_TYPE: u16 = 0x10;
/// <linux/netlink.h>: enum nlmsgerr_attrs.
pub const NLMSGERR_ATTR_MSG: u16 = 1;
/// <linux/netlink.h>
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
/// <linux/socket.h> (SOL_NETLINK)
pub const SOL_NETLINK: c_int = 270;
/// <linux/netlink.h>: socket options.
pub const NETLINK_CAP_ACK: c_int = 10;
/// <linux/netlink.h>
pub const NETLINK_EXT_ACK: c_int = 11;
/// <asm-generic/socket.h>
pub const SO_SNDBUFFORCE: c_int = 32;
/// <asm-generic/socket.h>
pub const SO_RCVBUFFORCE: c_int = 33;

/// <linux/netfilter/nfnetlink.h>
pub const NFNL_SUBSYS_NFTABLES: u16 = 10;
/// <linux/netfilter/nfnetlink.h>
pub const NFNL_MSG_BATCH_BEGIN: u16 = 0x10;
/// <linux/netfilter/nfnetlink.h>
pub const NFNL_MSG_BATCH_END: u16 = 0x11;
/// <linux/netfilter/nfnetlink.h>
pub const NFNL_BATCH_GENID: u16 = 1;
/// <linux/netfilter/nfnetlink.h>
pub const NFNETLINK_V0: u8 = 0;

/// <linux/netfilter.h>: enum of nfproto families.
pub const NFPROTO_INET: u8 = 1;
/// <linux/netfilter.h>
pub const NFPROTO_IPV4: u8 = 2;
/// <linux/netfilter.h>
pub const NFPROTO_ARP: u8 = 3;
/// <linux/netfilter.h>
pub const NFPROTO_NETDEV: u8 = 5;
/// <linux/netfilter.h>
pub const NFPROTO_BRIDGE: u8 = 7;
/// <linux/netfilter.h>
pub const NFPROTO_IPV6: u8 = 10;

/// <linux/netfilter/nf_tables.h>: enum nf_tables_msg_types.
pub const NFT_MSG_NEWTABLE: u16 = 0;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_GETTABLE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_GETCHAIN: u16 = 4;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_NEWSET: u16 = 9;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_GETSET: u16 = 10;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_NEWSETELEM: u16 = 12;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_GETSETELEM: u16 = 13;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_DELSETELEM: u16 = 14;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_NEWGEN: u16 = 15;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_GETGEN: u16 = 16;

/// <linux/netfilter/nf_tables.h>: enum nft_table_attributes.
pub const NFTA_TABLE_NAME: u16 = 1;
/// <linux/netfilter/nf_tables.h>: enum nft_gen_attributes.
pub const NFTA_GEN_ID: u16 = 1;
/// <linux/netfilter/nf_tables.h>: enum nft_set_attributes.
pub const NFTA_SET_TABLE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_NAME: u16 = 2;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_FLAGS: u16 = 3;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_KEY_TYPE: u16 = 4;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_KEY_LEN: u16 = 5;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_DATA_TYPE: u16 = 6;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_DATA_LEN: u16 = 7;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_POLICY: u16 = 8;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_DESC: u16 = 9;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ID: u16 = 10;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_TIMEOUT: u16 = 11;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_GC_INTERVAL: u16 = 12;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_USERDATA: u16 = 13;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_OBJ_TYPE: u16 = 15;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_HANDLE: u16 = 16;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_EXPR: u16 = 17;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_EXPRESSIONS: u16 = 18;
/// NFTA_SET_COUNT: the number of elements in the set (NLA_U32), which Linux 6.17 and later put in
/// every set description. Newer than this system's <linux/netfilter/nf_tables.h>, so not in the
/// constants test: tests/direct_blackbox.py checks the kernel's count against sets it filled (an
/// interval counts once: end elements are not counted).
pub const NFTA_SET_COUNT: u16 = 20;
/// <linux/netfilter/nf_tables.h>: enum nft_set_desc_attributes.
pub const NFTA_SET_DESC_SIZE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_DESC_CONCAT: u16 = 2;
/// <linux/netfilter/nf_tables.h>: enum nft_set_field_attributes.
pub const NFTA_SET_FIELD_LEN: u16 = 1;
/// <linux/netfilter/nf_tables.h>: enum nft_list_attributes.
pub const NFTA_LIST_ELEM: u16 = 1;
/// <linux/netfilter/nf_tables.h>: enum nft_set_flags.
pub const NFT_SET_ANONYMOUS: u32 = 0x1;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_CONSTANT: u32 = 0x2;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_INTERVAL: u32 = 0x4;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_MAP: u32 = 0x8;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_TIMEOUT: u32 = 0x10;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_EVAL: u32 = 0x20;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_OBJECT: u32 = 0x40;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_CONCAT: u32 = 0x80;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_EXPR: u32 = 0x100;
/// <linux/netfilter/nf_tables.h>: enum nft_set_policies.
pub const NFT_SET_POL_MEMORY: u32 = 1;
/// <linux/netfilter/nf_tables.h>: enum nft_set_elem_flags.
pub const NFT_SET_ELEM_INTERVAL_END: u32 = 0x1;
/// <linux/netfilter/nf_tables.h>
pub const NFT_SET_ELEM_CATCHALL: u32 = 0x2;
/// <linux/netfilter/nf_tables.h>: enum nft_set_elem_attributes.
pub const NFTA_SET_ELEM_KEY: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_DATA: u16 = 2;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_FLAGS: u16 = 3;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_TIMEOUT: u16 = 4;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_EXPIRATION: u16 = 5;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_USERDATA: u16 = 6;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_EXPR: u16 = 7;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_OBJREF: u16 = 9;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_KEY_END: u16 = 10;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_EXPRESSIONS: u16 = 11;
/// <linux/netfilter/nf_tables.h>: enum nft_set_elem_list_attributes.
pub const NFTA_SET_ELEM_LIST_TABLE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_LIST_SET: u16 = 2;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_SET_ELEM_LIST_ELEMENTS: u16 = 3;
/// <linux/netfilter/nf_tables.h>: enum nft_data_attributes.
pub const NFTA_DATA_VALUE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_DATA_VERDICT: u16 = 2;
/// <linux/netfilter/nf_tables.h>: enum nft_verdict_attributes.
pub const NFTA_VERDICT_CODE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_VERDICT_CHAIN: u16 = 2;
/// <linux/netfilter/nf_tables.h>: enum nft_data_types.
pub const NFT_DATA_VERDICT: u32 = 0xffffff00;
/// <linux/netfilter/nf_tables.h>: NFT_DATA_VALUE_MAXLEN (64) bytes of a key or data value.
pub const NFT_DATA_VALUE_MAXLEN: u32 = 64;
/// <linux/netfilter.h>: NF_DROP and NF_ACCEPT.
pub const NF_DROP: i32 = 0;
/// <linux/netfilter.h>
pub const NF_ACCEPT: i32 = 1;
/// <linux/netfilter/nf_tables.h>: enum nft_verdicts.
pub const NFT_CONTINUE: i32 = -1;
/// <linux/netfilter/nf_tables.h>
pub const NFT_JUMP: i32 = -3;
/// <linux/netfilter/nf_tables.h>
pub const NFT_GOTO: i32 = -4;
/// <linux/netfilter/nf_tables.h>
pub const NFT_RETURN: i32 = -5;
/// <linux/netfilter/nf_tables.h>: NFT_NAME_MAXLEN (table, set and chain names, NUL included).
pub const NFT_NAME_MAXLEN: u32 = 256;

/// <libmnl/libmnl.h>: opaque socket.
pub const mnl_socket = opaque {};
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_open(bus: c_int) ?*mnl_socket;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_bind(nl: *mnl_socket, groups: c_uint, pid: c_int) c_int;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_close(nl: *mnl_socket) c_int;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_get_fd(nl: *const mnl_socket) c_int;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_get_portid(nl: *const mnl_socket) c_uint;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_sendto(nl: *const mnl_socket, request: *const anyopaque, size: usize) isize;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_recvfrom(nl: *const mnl_socket, buffer: *anyopaque, size: usize) isize;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_socket_setsockopt(nl: *const mnl_socket, option: c_int, value: *anyopaque, length: u32) c_int;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_nlmsg_put_header(buffer: *anyopaque) *nlmsghdr;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_nlmsg_put_extra_header(header: *nlmsghdr, size: usize) *anyopaque;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_nlmsg_ok(header: *const nlmsghdr, length: c_int) bool;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_nlmsg_next(header: *const nlmsghdr, length: *c_int) *nlmsghdr;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_nlmsg_get_payload(header: *const nlmsghdr) *anyopaque;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_nlmsg_get_payload_len(header: *const nlmsghdr) usize;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_get_type(attribute: *const nlattr) u16;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_get_payload_len(attribute: *const nlattr) u16;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_get_payload(attribute: *const nlattr) *anyopaque;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_ok(attribute: *const nlattr, length: c_int) bool;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_next(attribute: *const nlattr) *nlattr;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_put(header: *nlmsghdr, kind: u16, length: usize, data: *const anyopaque) void;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_put_u32(header: *nlmsghdr, kind: u16, data: u32) void;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_put_u64(header: *nlmsghdr, kind: u16, data: u64) void;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_put_strz(header: *nlmsghdr, kind: u16, data: [*:0]const u8) void;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_nest_start(header: *nlmsghdr, kind: u16) *nlattr;
/// <libmnl/libmnl.h>
pub extern "mnl" fn mnl_attr_nest_end(header: *nlmsghdr, start: *nlattr) void;

/// <libnftnl/common.h>: a message header with its nfgenmsg (family, NFNETLINK_V0, res_id 0)
/// for an nf_tables message type.
pub extern "nftnl" fn nftnl_nlmsg_build_hdr(buffer: [*]u8, kind: u16, family: u16, flags: u16, seq: u32) *nlmsghdr;
/// <libnftnl/common.h>
pub extern "nftnl" fn nftnl_batch_begin(buffer: [*]u8, seq: u32) *nlmsghdr;
/// <libnftnl/common.h>
pub extern "nftnl" fn nftnl_batch_end(buffer: [*]u8, seq: u32) *nlmsghdr;

/// <sys/auxv.h>: the auxiliary vector entry (glibc's; Zig's own reader is empty under libc).
pub extern "c" fn getauxval(kind: c_ulong) c_ulong;
/// <elf.h>: address of 16 random bytes the kernel placed in the process at exec.
pub const AT_RANDOM: c_ulong = 25;

/// <libnftnl/udata.h>: opaque user data attribute and buffer.
pub const nftnl_udata = opaque {};
/// <libnftnl/udata.h>
pub const nftnl_udata_buf = opaque {};
/// <libnftnl/udata.h>: enum nftnl_udata_set_types.
pub const NFTNL_UDATA_SET_KEYBYTEORDER: u8 = 0;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_DATABYTEORDER: u8 = 1;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_MERGE_ELEMENTS: u8 = 2;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_KEY_TYPEOF: u8 = 3;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_DATA_TYPEOF: u8 = 4;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_EXPR: u8 = 5;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_DATA_INTERVAL: u8 = 6;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_COMMENT: u8 = 7;
/// <libnftnl/udata.h>: enum nftnl_udata_set_elem_types.
pub const NFTNL_UDATA_SET_ELEM_COMMENT: u8 = 0;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_SET_ELEM_FLAGS: u8 = 1;
/// <libnftnl/udata.h>: enum nftnl_udata_set_elem_flags.
pub const NFTNL_SET_ELEM_F_INTERVAL_OPEN: u32 = 0x1;
/// <libnftnl/udata.h>
pub const NFTNL_UDATA_COMMENT_MAXLEN: u32 = 128;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_buf_alloc(size: u32) ?*nftnl_udata_buf;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_buf_free(buffer: *const nftnl_udata_buf) void;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_buf_len(buffer: *const nftnl_udata_buf) u32;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_buf_data(buffer: *const nftnl_udata_buf) *anyopaque;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_put(buffer: *nftnl_udata_buf, kind: u8, length: u32, value: *const anyopaque) bool;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_put_u32(buffer: *nftnl_udata_buf, kind: u8, value: u32) bool;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_type(attribute: *const nftnl_udata) u8;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_len(attribute: *const nftnl_udata) u8;
/// <libnftnl/udata.h>
pub extern "nftnl" fn nftnl_udata_get(attribute: *const nftnl_udata) *anyopaque;
/// <libnftnl/udata.h>
pub const nftnl_udata_cb_t = *const fn (attribute: *const nftnl_udata, data: ?*anyopaque) callconv(.c) c_int;
/// <libnftnl/udata.h>: validates every attribute's length against the buffer before the callback.
pub extern "nftnl" fn nftnl_udata_parse(
    data: *const anyopaque,
    length: u32,
    callback: nftnl_udata_cb_t,
    callback_data: ?*anyopaque,
) c_int;

/// <sys/socket.h>
pub const AF_INET: c_int = 2;
/// <sys/socket.h>
pub const AF_INET6: c_int = 10;
/// <arpa/inet.h>: numeric addresses only (never a name lookup); 1 on success.
pub extern "c" fn inet_pton(family: c_int, source: [*:0]const u8, destination: *anyopaque) c_int;
/// <arpa/inet.h>: the canonical text form (as nft prints addresses).
pub extern "c" fn inet_ntop(family: c_int, source: *const anyopaque, destination: [*]u8, size: u32) ?[*:0]const u8;
/// <arpa/inet.h>: INET6_ADDRSTRLEN.
pub const INET6_ADDRSTRLEN: u32 = 46;

/// <linux/netfilter/nf_tables.h>: the summary listing's messages and attributes.
pub const NFT_MSG_GETRULE: u16 = 7;
/// <linux/netfilter/nf_tables.h>: enum nft_table_attributes.
pub const NFTA_TABLE_FLAGS: u16 = 2;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_TABLE_HANDLE: u16 = 4;
/// <linux/netfilter/nf_tables.h>: enum nft_chain_attributes.
pub const NFTA_CHAIN_TABLE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_CHAIN_HANDLE: u16 = 2;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_CHAIN_NAME: u16 = 3;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_CHAIN_HOOK: u16 = 4;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_CHAIN_POLICY: u16 = 5;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_CHAIN_TYPE: u16 = 7;
/// <linux/netfilter/nf_tables.h>: enum nft_hook_attributes.
pub const NFTA_HOOK_HOOKNUM: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_HOOK_PRIORITY: u16 = 2;
/// <linux/netfilter/nf_tables.h>: enum nft_rule_attributes.
pub const NFTA_RULE_TABLE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_RULE_CHAIN: u16 = 2;
/// <linux/netfilter/nf_tables.h>: enum nft_table_flags.
pub const NFT_TABLE_F_DORMANT: u32 = 0x1;
/// <linux/netfilter/nf_tables.h>: enum nft_chain_attributes (the state digest, src/digest.zig).
pub const NFTA_CHAIN_COUNTERS: u16 = 8;
/// <linux/netfilter/nf_tables.h>: enum nft_rule_attributes (the state digest, src/digest.zig).
pub const NFTA_RULE_EXPRESSIONS: u16 = 4;
/// <linux/netfilter/nf_tables.h>: enum nft_expr_attributes (the state digest, src/digest.zig).
pub const NFTA_EXPR_NAME: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_EXPR_DATA: u16 = 2;
/// <linux/netfilter/nf_tables.h>: enum nft_quota_attributes (the state digest, src/digest.zig).
pub const NFTA_QUOTA_FLAGS: u16 = 2;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_QUOTA_CONSUMED: u16 = 4;
/// <linux/netfilter/nf_tables.h>: enum nft_quota_flags.
pub const NFT_QUOTA_F_DEPLETED: u32 = 2;
/// <linux/netfilter/nf_tables.h>: enum nft_object_attributes (the state digest, src/digest.zig).
pub const NFTA_OBJ_TABLE: u16 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_OBJ_TYPE: u16 = 3;
/// <linux/netfilter/nf_tables.h>
pub const NFTA_OBJ_DATA: u16 = 4;
/// <linux/netfilter/nf_tables.h>: enum nft_flowtable_attributes (the state digest, src/digest.zig).
pub const NFTA_FLOWTABLE_TABLE: u16 = 1;
/// <linux/netfilter/nf_tables.h>: enum nf_tables_msg_types (the state digest, src/digest.zig).
pub const NFT_MSG_GETOBJ: u16 = 19;
/// <linux/netfilter/nf_tables.h>
pub const NFT_MSG_GETFLOWTABLE: u16 = 23;
/// <linux/netfilter/nf_tables.h>: object types (the state digest, src/digest.zig).
pub const NFT_OBJECT_COUNTER: u32 = 1;
/// <linux/netfilter/nf_tables.h>
pub const NFT_OBJECT_QUOTA: u32 = 2;
/// <linux/netfilter.h>: enum nf_inet_hooks.
pub const NF_INET_PRE_ROUTING: u32 = 0;
/// <linux/netfilter.h>
pub const NF_INET_INGRESS: u32 = 5;
/// <linux/netfilter.h>: enum nf_dev_hooks.
pub const NF_NETDEV_INGRESS: u32 = 0;
/// <linux/netfilter.h>
pub const NF_NETDEV_EGRESS: u32 = 1;
/// <linux/netfilter_arp.h>
pub const NF_ARP_IN: u32 = 0;
/// <linux/netfilter_arp.h>
pub const NF_ARP_OUT: u32 = 1;
/// <linux/netfilter_arp.h>
pub const NF_ARP_FORWARD: u32 = 2;
