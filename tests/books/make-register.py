#!/usr/bin/python3
# make-register.py: register.xlsx, a register as offices keep it: the unit
# column merged down each unit's block of rows, and a group heading
# ("Mô hình") merged over its two sub-headings, with the other headings
# merged down the two header rows.  register.xls and register.ods are the
# same book saved by LibreOffice (soffice, from libreoffice-calc-nogui).
# Counted by unit, it gives each unit's block size: 4, 2, 5 and 1 rows.
# Run it in tests/books; tests/cli-books.sh reads what it makes.
# SPDX-License-Identifier: GPL-3.0-or-later
import datetime, os, shutil, subprocess, tempfile
import openpyxl

os.chdir(os.path.dirname(os.path.abspath(__file__)))

BLOCKS = [("Xã Long Sơn", 4), ("Xã Long Hiệp", 2), ("Thị trấn Long Thạnh", 5),
          ("Xã Thanh An", 1)]
FIELDS = ["Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh"]

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sổ đăng ký"
ws["A1"], ws["B1"], ws["C1"], ws["E1"], ws["F1"] = "STT", "Đơn vị", "Mô hình", "Năm", "Ngày đăng ký"
ws["C2"], ws["D2"] = "Tên", "Lĩnh vực"
for col in "ABEF":
    ws.merge_cells("%s1:%s2" % (col, col))
ws.merge_cells("C1:D1")
row, n = 3, 0
for unit, size in BLOCKS:
    ws.cell(row, 2, unit)
    if size > 1:
        ws.merge_cells(start_row=row, start_column=2, end_row=row + size - 1, end_column=2)
    for k in range(size):
        n += 1
        ws.cell(row + k, 1, n)
        ws.cell(row + k, 3, "Mô hình %d" % n)
        ws.cell(row + k, 4, FIELDS[n % len(FIELDS)])
        ws.cell(row + k, 5, 2020 + n % 4)
        day = ws.cell(row + k, 6, datetime.date(2020 + n % 4, 1 + n % 12, 1 + n))
        day.number_format = "dd/mm/yyyy"
    row += size
wb.save("register.xlsx")

if shutil.which("soffice"):
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("xls", "ods"):
            subprocess.run(["soffice", "--headless", "-env:UserInstallation=file://" + tmp + "/u",
                            "--convert-to", kind, "--outdir", ".", "register.xlsx"],
                           check=True, stdout=subprocess.DEVNULL)
else:
    print("soffice not found: register.xls and .ods kept as they are")
