#!/usr/bin/python3
# make-book.py ROWS OUT.xlsx OUT.csv: a register of ROWS models as a
# workbook and as the same data in CSV, for book.sh.  The rows repeat the
# Minh Long sample's fields, units and years, each with a fresh code; the
# year is a number and the registration date a real date cell, so the
# workbook is read as an office's would be.  Needs python3-openpyxl (only to
# make the benchmark's input; not a dependency of dvkstat).
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import datetime
import sys

from openpyxl import Workbook

rows, out_book, out_csv = int(sys.argv[1]), sys.argv[2], sys.argv[3]
fields = ["Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh",
          "Xây dựng hệ thống chính trị"]
units = ["Xã Long Sơn", "Xã Long Hiệp", "Xã Thanh An", "Thị trấn Long Thạnh",
         "Xã Long Mai", "Xã Long Môn", "Xã Thanh Bình"]
statuses = ["Duy trì, hiệu quả", "Đăng ký", "Ngừng duy trì"]
header = ["Mã", "Tên mô hình", "Đơn vị", "Lĩnh vực", "Năm", "Ngày đăng ký",
          "Tình trạng"]

book = Workbook(write_only=True)
sheet = book.create_sheet("Mô hình")
sheet.append(header)
with open(out_csv, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(header)
    for i in range(rows):
        year = 2017 + (i * 7) % 6
        day = datetime.date(year, 1 + (i * 5) % 12, 1 + (i * 11) % 28)
        row = ["ML-%07d" % i, "Mô hình số %d" % (i % 997),
               units[(i * 3) % len(units)], fields[(i * 13) % len(fields)],
               year, day, statuses[(i * 17) % len(statuses)]]
        sheet.append(row)
        w.writerow(row[:5] + [day.isoformat()] + row[6:])
book.save(out_book)
