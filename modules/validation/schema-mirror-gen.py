import re,sys
import sys
src=open(sys.argv[1]).read()
def enum_const(s): return s.upper()
out=[]
# symbols
sym=src[src.index('pub fn symbols'):src.index('// Packet fields')]
for m in re.finditer(r'\.(\w+) => &\.\{(.*?)\},\n', sym, re.S):
    words=re.findall(r'"([^"]*)"', m.group(2))
    out.append(('SYM', m.group(1), words))
for name in ['payload_fields']:
    blk=src[src.index('pub const payload_fields'):]
    blk=blk[:blk.index('};')]
    for m in re.finditer(r'\.protocol = "([^"]+)", \.field = "([^"]+)", \.datatype = \.(\w+)', blk):
        out.append(('PAY',)+m.groups())
for name in ['meta_keys','ct_keys','rt_keys','socket_keys']:
    blk=src[src.index('pub const %s'%name):]
    blk=blk[:blk.index('};')]
    for m in re.finditer(r'\.\{ \.key = "([^"]+)", \.datatype = \.(\w+)(.*?)\}', blk):
        out.append(('KEY',name,m.group(1),m.group(2),'lookup = true' in m.group(3),'direction = true' in m.group(3)))
for name in ['set_types','map_only_types']:
    blk=src[src.index('pub const %s'%name):]
    blk=blk[:blk.index('};')]
    for m in re.finditer(r'\.name = "([^"]+)", \.datatype = \.(\w+)', blk):
        out.append(('SET',name)+m.groups())
lists={}
for m in re.finditer(r'pub const (\w+) = \[_\]\[\]const u8\{(.*?)\};', src, re.S):
    lists[m.group(1)]=re.findall(r'"([^"]*)"', m.group(2))
# emit java
j=[]
j.append('    // ---- generated from helper-zig/src/schema.zig (see SchemaMirrorTest) ----')
j.append('    static final Map<Datatype, List<String>> SYMBOLS = symbols(')
syms=[o for o in out if o[0]=='SYM']
j.append(',\n'.join('            Datatype.%s, List.of(%s)'%(enum_const(o[1]), ', '.join('"%s"'%w for w in o[2])) for o in syms)+');')
j.append('')
j.append('    static final List<PacketField> PAYLOAD_FIELDS = List.of(')
pays=[o for o in out if o[0]=='PAY']
j.append(',\n'.join('            new PacketField("%s", "%s", Datatype.%s)'%(o[1],o[2],enum_const(o[3])) for o in pays)+');')
for name in ['meta_keys','ct_keys','rt_keys','socket_keys']:
    ks=[o for o in out if o[0]=='KEY' and o[1]==name]
    j.append('')
    j.append('    static final List<Key> %s = List.of('%name.upper())
    j.append(',\n'.join('            new Key("%s", Datatype.%s, %s, %s)'%(o[2],enum_const(o[3]),'true' if o[4] else 'false','true' if o[5] else 'false') for o in ks)+');')
for name in ['set_types','map_only_types']:
    ks=[o for o in out if o[0]=='SET' and o[1]==name]
    j.append('')
    j.append('    static final Map<String, Datatype> %s = orderedMap('%name.upper())
    j.append(',\n'.join('            "%s", Datatype.%s'%(o[2],enum_const(o[3])) for o in ks)+');')
for k,v in lists.items():
    j.append('')
    j.append('    static final List<String> %s = List.of(%s);'%(k.upper(), ', '.join('"%s"'%w for w in v)))
j.append('    // ---- end of generated part ----')
print('\n'.join(j))
