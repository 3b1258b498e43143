"""Writes a notice as a Flat ODT whose headings 一、 and （一） are Writer's automatic
Chinese numbering, for LibreOffice to save as DOCX."""
import re, sys, html
src, out, font = sys.argv[1], sys.argv[2], sys.argv[3]
t = open(src, encoding='utf-8').read()
paras = []
if '<p' in t:
    items = [m.group(2) for m in re.finditer(r'<(p|h1)[^>]*>(.*?)</\1>', t, re.S)]
else:
    items = t.split('\n')
for item in items:
    text = html.unescape(re.sub(r'<[^>]+>', '', item)).strip().strip('\u3000').strip()
    if text:
        paras.append(text)
def esc(s): return s.replace('&','&amp;').replace('<','&lt;').replace('>','&gt;')
body = []
for p in paras:
    m1 = re.match(r'^[一二三四五六七八九十]+、(.*)$', p)
    m2 = re.match(r'^（[一二三四五六七八九十]+）(.*)$', p)
    if m1 or m2:
        inner = f'<text:p text:style-name="P">{esc((m1 or m2).group(1))}</text:p>'
        item = f'<text:list-item>{inner}</text:list-item>'
        if m2:
            item = f'<text:list-item><text:list>{item}</text:list></text:list-item>'
        body.append(f'<text:list text:style-name="CN" text:continue-numbering="true">{item}</text:list>')
    else:
        body.append(f'<text:p text:style-name="P">{esc(p)}</text:p>')
doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'{font}'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
<office:styles><style:style style:name="Standard" style:family="paragraph"><style:text-properties style:font-name="F" style:font-name-asian="F" fo:font-size="14pt" style:font-size-asian="14pt"/></style:style></office:styles>
<office:automatic-styles>
<style:style style:name="P" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-indent="0.99cm"/></style:style>
<text:list-style style:name="CN">
<text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-number>
<text:list-level-style-number text:level="2" style:num-format="一, 二, 三, ..." style:num-prefix="（" style:num-suffix="）"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="nothing"/></style:list-level-properties></text:list-level-style-number>
</text:list-style>
</office:automatic-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
'''
open(out, 'w', encoding='utf-8').write(doc)
print(len(paras), 'paragraphs')
