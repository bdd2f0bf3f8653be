#!/usr/bin/python3
# make-form.py: form.xlsx, a register laid out as an office lays out its
# form, for tests/cli-forms.sh: a title block, a group heading merged over
# its sub-headings, column numbers, units merged down their rows, a
# subtotal per unit, a total and a signature block.  Run it in tests/books.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import openpyxl

os.chdir(os.path.dirname(os.path.abspath(__file__)))
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Biểu 01"
ws["A1"], ws["E1"] = "HUYỆN ỦY MINH LONG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
ws.merge_cells("A1:B1")
ws.merge_cells("E1:G1")
ws["E2"] = "Độc lập - Tự do - Hạnh phúc"
ws.merge_cells("E2:G2")
ws["A4"] = "BIỂU TỔNG HỢP KẾT QUẢ"
ws.merge_cells("A4:G4")
# the header: STT, Xã, Lĩnh vực merged down; Số mô hình over three columns
for col, name in (("A", "STT"), ("B", "Xã"), ("C", "Lĩnh vực")):
    ws[f"{col}6"] = name
    ws.merge_cells(f"{col}6:{col}7")
ws["D6"] = "Số mô hình"
ws.merge_cells("D6:F6")
ws["G6"] = "Kinh phí (đồng)"
ws.merge_cells("G6:G7")
ws["D7"], ws["E7"], ws["F7"] = "Đăng ký", "Duy trì", "Không duy trì"
for i, col in enumerate("ABCDEFG"):
    ws[f"{col}8"] = f"({i + 1})"
rows = [
    # unit, field, registered, maintained, money
    ("Xã A", "Kinh tế", 4, 3, 21500000),
    ("Xã A", "Văn hóa - Xã hội", 2, 1, 5000000),
    ("Xã B", "Kinh tế", 1, 1, 0),
    ("Xã B", "Quốc phòng - An ninh", 3, 2, 12000000),
]
r = 9
n = 0
for unit in ("Xã A", "Xã B"):
    mine = [x for x in rows if x[0] == unit]
    ws[f"B{r}"] = unit
    ws.merge_cells(f"B{r}:B{r + len(mine) - 1}")
    for _, field, reg, kept, money in mine:
        n += 1
        ws[f"A{r}"], ws[f"C{r}"] = n, field
        ws[f"D{r}"], ws[f"E{r}"], ws[f"F{r}"], ws[f"G{r}"] = reg, kept, reg - kept, money
        r += 1
    ws[f"B{r}"] = "Cộng " + unit.lower()
    ws[f"D{r}"] = sum(x[2] for x in mine)
    ws[f"E{r}"] = sum(x[3] for x in mine)
    ws[f"F{r}"] = sum(x[2] - x[3] for x in mine)
    ws[f"G{r}"] = sum(x[4] for x in mine)
    r += 1
ws[f"B{r}"] = "Tổng cộng"
ws[f"D{r}"] = sum(x[2] for x in rows)
ws[f"E{r}"] = sum(x[3] for x in rows)
ws[f"F{r}"] = sum(x[2] - x[3] for x in rows)
ws[f"G{r}"] = sum(x[4] for x in rows)
r += 2
ws[f"E{r}"] = "Long Hiệp, ngày 15 tháng 12 năm 2023"
ws[f"A{r + 1}"], ws[f"E{r + 1}"] = "NGƯỜI LẬP BIỂU", "TM. BAN THƯỜNG VỤ"
ws[f"E{r + 4}"] = "Trần Văn Minh"
wb.save("form.xlsx")
