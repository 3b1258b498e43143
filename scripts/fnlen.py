import re,sys,glob
res=[]
for f in glob.glob('src/**/*.rs',recursive=True):
    lines=open(f).read().split('\n')
    in_test=False
    i=0
    while i<len(lines):
        l=lines[i]
        if re.match(r'\s*#\[cfg\(test\)\]',l): break
        m=re.match(r'\s*(pub(\([a-z]+\))?\s+)?(const\s+)?(async\s+)?fn\s+(\w+)',l)
        if m:
            depth=0; started=False; j=i
            while j<len(lines):
                s=re.sub(r'"(\\.|[^"\\])*"','',lines[j]); s=re.sub(r"'(\\.|[^'\\])'",'',s)
                s=s.split('//')[0]
                depth+=s.count('{')-s.count('}')
                if '{' in s: started=True
                if started and depth<=0: break
                if not started and s.rstrip().endswith(';'): break
                j+=1
            res.append((j-i+1,f,i+1,m.group(5)))
            i=j+1; continue
        i+=1
res.sort(reverse=True)
for r in res[:int(sys.argv[1]) if len(sys.argv)>1 else 15]: print(*r)
