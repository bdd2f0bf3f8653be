#!/usr/bin/python3
# make-books.py: the test workbooks of tests/test-book.c, made three ways:
# by openpyxl (openpyxl.xlsx), by LibreOffice from a CSV (libreoffice.xlsx
# and .ods; needs soffice from libreoffice-calc-nogui), and by hand with
# zipfile for the odd and the bad cases.  Run it in tests/books.
# SPDX-License-Identifier: GPL-3.0-or-later
import datetime, os, shutil, struct, subprocess, sys, tempfile, zipfile
import openpyxl
from openpyxl.styles import numbers

os.chdir(os.path.dirname(os.path.abspath(__file__)))


def by_openpyxl():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ"
    ws["A1"] = "Xã"
    ws.merge_cells("A1:A2")
    ws["B1"] = "Mô hình"
    ws.merge_cells("B1:C1")
    ws["D1"] = "Ngày"
    ws["B2"], ws["C2"] = "Tên", "Số"
    ws["A3"] = "Minh Long"
    ws.merge_cells("A3:A5")
    ws["B3"], ws["C3"] = "Mô hình A", 12
    ws["D3"] = datetime.date(2023, 4, 5)
    ws["D3"].number_format = "dd/mm/yyyy"
    ws["B4"], ws["C4"] = "Mô hình B", 3.25
    ws["D4"] = datetime.datetime(2023, 4, 5, 10, 20, 30)
    ws["D4"].number_format = "yyyy-mm-dd hh:mm:ss"
    ws["B5"], ws["C5"] = "Mô hình C", 0.30000000000000004
    ws.row_dimensions[5].hidden = True
    ws["A6"], ws["B6"], ws["C6"] = "Long Hiệp", True, 1234567
    ws["C6"].number_format = "#,##0"
    ws["D6"] = 0.5
    ws["D6"].number_format = "h:mm"
    for cell, value, fmt in (("A7", 45000, "[$-42A]dd/mm/yyyy"), ("B7", 45000.75, '"năm" yyyy'),
                             ("C7", 1.5, "[h]:mm"), ("D7", 0.125, "0.0%"),
                             ("A8", 0.003472222222222222, "mm:ss"), ("B8", 60, "d/m/yyyy"),
                             ("C8", 1e20, "General"), ("D8", -2.5, "0.00")):
        ws[cell] = value
        ws[cell].number_format = fmt
    hidden = wb.create_sheet("Ẩn")
    hidden["A1"] = "không thấy"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Rất ẩn")
    very.sheet_state = "veryHidden"
    very["B2"] = 7
    wb.create_sheet("Trống")
    wb.save("openpyxl.xlsx")


def by_libreoffice():
    if not shutil.which("soffice"):
        print("soffice not found: libreoffice.xlsx and .ods kept as they are")
        return
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "libreoffice.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("Xã,Số,Ngày,Tổng\n"
                    "Minh Long,12,2023-04-05,=B2*2\n"
                    "Long Hiệp,3.5,2024-12-31,=B3*2\n"
                    "\"Phước, Hưng\",,,=\"x\"&A2\n")
        for kind in ("xlsx", "ods"):
            subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/u",
                            "--infilter=CSV:44,34,76,1", "--convert-to", kind, "--outdir", ".", csv],
                           check=True, stdout=subprocess.DEVNULL)


def zipped(name, members, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(name, "w", method) as z:
        for member, text in members:
            z.writestr(member, text)


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def xlsx_members(sheets, strings=None, styles=None, workbook_pr=""):
    """The members of a workbook of SHEETS, [(name, state, xml)]."""
    wb = "".join('<sheet name="%s" sheetId="%d" %s r:id="rId%d"/>' % (n, i + 1, 'state="%s"' % s if s else "", i + 1)
                 for i, (n, s, _) in enumerate(sheets))
    rels = "".join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="%s"/>'
                   % (i + 1, "worksheets/sheet%d.xml" % (i + 1) if i else "/xl/worksheets/sheet1.xml")
                   for i in range(len(sheets)))
    # the content types and relationships LibreOffice needs to load the
    # book (tests/books/make-csv.sh); dvkstat finds the members by name
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    if strings is not None:
        rels += '<Relationship Id="rIdS" Type="%ssharedStrings" Target="sharedStrings.xml"/>' % doc
    if styles is not None:
        rels += '<Relationship Id="rIdY" Type="%sstyles" Target="styles.xml"/>' % doc
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml."
    types = ('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="%ssheet.main+xml"/>' % ct
             + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%sworksheet+xml"/>' % (i + 1, ct)
                       for i in range(len(sheets)))
             + ('<Override PartName="/xl/sharedStrings.xml" ContentType="%ssharedStrings+xml"/>' % ct if strings is not None else "")
             + ('<Override PartName="/xl/styles.xml" ContentType="%sstyles+xml"/>' % ct if styles is not None else ""))
    m = [("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">%s</Types>' % types),
         ("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % doc),
         ("xl/workbook.xml", '<?xml version="1.0"?><workbook %s>%s<sheets>%s</sheets></workbook>' % (NS, workbook_pr, wb)),
         ("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels)]
    for i, (_, _, xml) in enumerate(sheets):
        m.append(("xl/worksheets/sheet%d.xml" % (i + 1), '<?xml version="1.0"?><worksheet %s>%s</worksheet>' % (NS, xml)))
    if strings is not None:
        m.append(("xl/sharedStrings.xml", '<?xml version="1.0"?><sst %s>%s</sst>' % (NS, strings)))
    if styles is not None:
        m.append(("xl/styles.xml", '<?xml version="1.0"?><styleSheet %s>%s</styleSheet>' % (NS, styles)))
    return m


def by_hand():
    # prefixed elements, inline and rich strings, a phonetic run, cached
    # formula values, errors, the 1904 system, rows and cells without r
    strings = ('<si><t>một</t></si>'
               '<si><r><rPr><b/></rPr><t>hai </t></r><r><t xml:space="preserve">ba</t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>'
               '<si><t>dòng_x000D_mới</t></si>')
    styles = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-F800]dddd, mmmm dd, yyyy"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
              '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="31"/><xf numFmtId="32"/></cellXfs>')
    sheet1 = ('<dimension ref="A1:E4"/><sheetData>'
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
              '<c r="E1" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>'
              '<row r="2"><c r="A2" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="B2"><f>1+1</f><v>2</v></c>'
              '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D2" t="b"><v>0</v></c><c r="E2" t="str"><f>""</f><v></v></c></row>'
              '<row r="4" hidden="1"/>'
              '</sheetData>')
    sheet2 = ('<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<x:row><x:c s="1"><x:v>0</x:v></x:c><x:c s="1"><x:v>1462.5</x:v></x:c><x:c s="2"><x:v>43000</x:v></x:c>'
              '<x:c s="3"><x:v>43000</x:v></x:c><x:c s="4"><x:v>0.75</x:v></x:c><x:c s="9"><x:v>7</x:v></x:c>'
              '<x:c><x:v>0.30000000000000004</x:v></x:c><x:c><x:v>1E-3</x:v></x:c></x:row>'
              '<x:row><x:c r="C2" t="d"><x:v>2020-02-29T12:00:00</x:v></x:c></x:row>'
              '</x:sheetData>')
    zipped("hand.xlsx", xlsx_members([("Chuỗi", None, sheet1), ("1904", None, sheet2)], strings, styles,
                                     '<workbookPr date1904="1"/>'))

    # merges: a block merged down, a heading over sub-headings, an area whose
    # first row is not in the file, an area past the last row
    merged = ('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nhóm</t></is></c></row>'
              '<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2" t="inlineStr"><is><t>b</t></is></c></row>'
              '<row r="3"><c r="A3" t="inlineStr"><is><t>X</t></is></c><c r="B3"><v>1</v></c></row>'
              '<row r="4"><c r="B4"><v>2</v></c></row>'
              '<row r="7"><c r="A7"><v>9</v></c></row></sheetData>'
              '<mergeCells count="4"><mergeCell ref="A3:A5"/><mergeCell ref="A1:B1"/><mergeCell ref="D5:E5"/><mergeCell ref="C8:C9"/></mergeCells>')
    zipped("merged.xlsx", xlsx_members([("Gộp", None, merged)]))

    # OpenDocument by hand: spans, covered cells, repeats, hidden rows and
    # sheets, text:s, spans of text, a note, a trailing million empty rows
    ods_ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
              'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
               '<office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>'
               '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>'
               '<office:body><office:spreadsheet>'
               '<table:table table:name="Một" table:style-name="ta1">'
               '<table:table-column table:number-columns-repeated="3"/>'
               '<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1" office:value-type="string"><text:p>Đầu<text:s text:c="2"/>đề</text:p></table:table-cell>'
               '<table:covered-table-cell/><table:table-cell office:value-type="float" office:value="0.1"><text:p>0,1</text:p></table:table-cell></table:table-row>'
               '<table:table-row><table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>Xã <text:span>A</text:span></text:p><office:annotation><text:p>ghi chú</text:p></office:annotation></table:table-cell>'
               '<table:table-cell office:value-type="date" office:date-value="2023-04-05"><text:p>05/04/23</text:p></table:table-cell>'
               '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell></table:table-row>'
               '<table:table-row table:visibility="collapse"><table:covered-table-cell/><table:table-cell office:value-type="time" office:time-value="PT36H30M00S"/>'
               '<table:table-cell office:value-type="percentage" office:value="0.25"/></table:table-row>'
               '<table:table-row table:number-rows-repeated="2"><table:covered-table-cell/><table:table-cell office:value-type="currency" office:value="1500"/>'
               '<table:table-cell office:value-type="date" office:date-value="2023-04-05T10:20:30"/></table:table-row>'
               '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
               '<table:table-row><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="7"/>'
               '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
               '<table:table-cell table:number-columns-repeated="16381"/></table:table-row>'
               '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
               '</table:table>'
               '<table:table table:name="Ẩn" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p><text:p>y</text:p></table:table-cell></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>') % ods_ns
    with zipfile.ZipFile("hand.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>'
                   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
                   zipfile.ZIP_DEFLATED)


def bad():
    ok = xlsx_members([("S", None, '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>')])
    data = open("openpyxl.xlsx", "rb").read()
    open("bad-truncated.xlsx", "wb").write(data[:len(data) // 2])
    zipped("bad-not-workbook.xlsx", [("readme.txt", "a zip, not a workbook")])
    # an encrypted workbook is an OLE2 container: its header, then a
    # directory entry named EncryptedPackage (UTF-16LE)
    ole = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0") + struct.pack("<H", 34) + bytes(62)
    open("bad-encrypted.xlsx", "wb").write(ole + entry + bytes(384))
    # a zip bomb: 64 MiB of spaces in the shared strings (about 1030:1)
    zipped("bad-bomb.xlsx", ok + [("xl/sharedStrings.xml", "<sst>" + " " * (64 << 20) + "</sst>")])
    info = zipfile.ZipFile("bad-bomb.xlsx").getinfo("xl/sharedStrings.xml")
    assert info.file_size / info.compress_size > 1000, info.compress_size
    # the same bomb, its sizes understated in the headers
    raw = bytearray(open("bad-bomb.xlsx", "rb").read())
    name = b"xl/sharedStrings.xml"
    for sig, at in ((b"PK\3\4", 22), (b"PK\1\2", 24)):
        pos = 0
        while True:
            pos = raw.find(sig, pos)
            if pos < 0:
                break
            off = 30 if sig == b"PK\3\4" else 46
            if raw[pos + off:pos + off + len(name)] == name:
                raw[pos + at:pos + at + 4] = struct.pack("<I", 1000)
            pos += 4
    open("bad-bomb-lying.xlsx", "wb").write(bytes(raw))
    laughs = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
              '<worksheet %s><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>' % NS)
    zipped("bad-entities.xlsx", [(n, laughs if n.endswith("sheet1.xml") else t) for n, t in ok])
    external = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<sst %s><si><t>&x;</t></si></sst>' % NS)
    zipped("bad-external-entity.xlsx", ok + [("xl/sharedStrings.xml", external)])
    zipped("bad-shared-string.xlsx", xlsx_members([("S", None, '<sheetData><row r="1"><c r="A1" t="s"><v>3</v></c></row></sheetData>')],
                                                  '<si><t>một</t></si>'))
    zipped("bad-cell-ref.xlsx", xlsx_members([("S", None, '<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>')]))
    zipped("bad-merge-range.xlsx", xlsx_members([("S", None, '<sheetData/><mergeCells><mergeCell ref="A1:XFE2"/></mergeCells>')]))
    zipped("bad-merge-overlap.xlsx", xlsx_members([("S", None, '<sheetData/><mergeCells><mergeCell ref="A1:C3"/><mergeCell ref="B2:D4"/></mergeCells>')]))
    zipped("bad-row-order.xlsx", xlsx_members([("S", None, '<sheetData><row r="2"/><row r="1"/></sheetData>')]))
    zipped("bad-ods-repeat.ods", [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                  ("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                                   'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet><table:table table:name="S">'
                                   '<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>'
                                   '</table:table></office:spreadsheet></office:body></office:document-content>')])


# "make-books.py hand" makes the hand-made books alone
for step in sys.argv[1:] or ["openpyxl", "libreoffice", "hand", "bad"]:
    {"openpyxl": by_openpyxl, "libreoffice": by_libreoffice, "hand": by_hand, "bad": bad}[step]()
