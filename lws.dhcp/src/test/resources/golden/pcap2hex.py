import struct,sys
d=open(sys.argv[1],'rb').read()
off=24; i=0; out=[]
while off<len(d):
    ts,tu,cl,ol=struct.unpack('<IIII',d[off:off+16]); off+=16
    pkt=d[off:off+cl]; off+=cl
    ip=pkt[14:]; ihl=(ip[0]&15)*4
    out.append(ip[ihl+8:])
names=sys.argv[2].split(',')
for n,p in zip(names,out):
    open(sys.argv[3]+'/'+n+'.hex','w').write('\n'.join(p[i:i+32].hex() for i in range(0,len(p),32))+'\n')
    print(n,len(p))
