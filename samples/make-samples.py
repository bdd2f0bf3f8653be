#!/usr/bin/env python3
# make-samples.py: rebuild the sample registers from the seed reports' figures.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every figure a report gives is reproduced exactly (see README.md beside this
# file); what the reports do not give (names of most models, dates, households
# helped) is made up, from a fixed random seed so the files never change.
# Values are typed the way people type them: "Văn hoá" beside "Văn hóa",
# doubled spaces, a no-break space, lower case, so that the normalisation has
# work to do.  Run from the samples/ folder; then make-encodings.sh.
import csv
import io
import random

rng = random.Random(2022)

COMMUNES_ML = ["Long Hiệp", "Long Mai", "Long Môn", "Long Sơn", "Thanh An"]

# Minh Long, 2017 to June 2022 (seed 003): 296 models.  The report counts
# registrations as economy 7, environment 22, security and order 35, other
# 232, and the 40 still maintained in the four official fields: economy 4,
# culture and society 24, defence and security 7, political system 5.
# Each model has its own field; two map files put the fields onto the two
# sets of categories.
FIELDS = [
    # own field, registration group, official field, registered, maintained
    ("Kinh tế", "Kinh tế", "Kinh tế", 7, 4),
    ("Môi trường", "Môi trường", "Văn hóa - Xã hội", 22, 6),
    ("An ninh, trật tự", "An ninh, trật tự", "Quốc phòng - An ninh", 35, 7),
    ("Văn hóa", "Lĩnh vực khác", "Văn hóa - Xã hội", 60, 8),
    ("Giáo dục", "Lĩnh vực khác", "Văn hóa - Xã hội", 30, 4),
    ("Y tế", "Lĩnh vực khác", "Văn hóa - Xã hội", 22, 2),
    ("An sinh xã hội", "Lĩnh vực khác", "Văn hóa - Xã hội", 60, 4),
    ("Xây dựng Đảng", "Lĩnh vực khác", "Xây dựng hệ thống chính trị", 20, 2),
    ("Chính quyền thân thiện", "Lĩnh vực khác", "Xây dựng hệ thống chính trị", 25, 2),
    ("Mặt trận, đoàn thể", "Lĩnh vực khác", "Xây dựng hệ thống chính trị", 15, 1),
]
# How the same field is typed in different communes.
SPELLINGS = {
    "Văn hóa": ["Văn hóa"] * 6 + ["Văn hoá", "văn hóa", "Văn  hóa"],
    "Kinh tế": ["Kinh tế"] * 5 + ["kinh tế", "Kinh\u00a0tế"],
    "Y tế": ["Y tế"] * 4 + ["y tế"],
    "Môi trường": ["Môi trường"] * 5 + ["Môi trường ", "môi trường"],
    "An sinh xã hội": ["An sinh xã hội"] * 5 + ["An sinh  xã hội"],
}
YEARS_ML = {2017: 38, 2018: 52, 2019: 61, 2020: 58, 2021: 55, 2022: 32}
UNITS_ML = ["Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên",
            "Hội Cựu chiến binh", "Ủy ban MTTQ Việt Nam", "Công an",
            "Ban Chỉ huy Quân sự", "Trường Tiểu học", "Trạm Y tế",
            "Đảng ủy", "Ủy ban nhân dân"]
TOPICS = {
    "Kinh tế": ["Tổ hợp tác trồng keo", "Nuôi bò sinh sản", "Vườn cây ăn quả",
                "Chăn nuôi gà thả vườn"],
    "Môi trường": ["Đường hoa nông thôn", "Thu gom rác thải", "Ngày Chủ nhật xanh",
                   "Phân loại rác tại nguồn"],
    "An ninh, trật tự": ["Camera an ninh", "Tổ tự quản", "Tiếng kẻng an ninh",
                         "Xóm không có tội phạm"],
    "Văn hóa": ["Câu lạc bộ cồng chiêng", "Giữ gìn bản sắc Hrê", "Đội văn nghệ",
                "Gia đình văn hóa"],
    "Giáo dục": ["Tiếp sức đến trường", "Góc học tập", "Khuyến học"],
    "Y tế": ["Tiêm chủng đầy đủ", "Nước sạch", "Khám bệnh miễn phí"],
    "An sinh xã hội": ["Mái ấm tình thương", "Hũ gạo tình thương", "Sinh kế cho hộ nghèo",
                       "Nhà văn hóa thôn"],
    "Xây dựng Đảng": ["Chi bộ bốn tốt", "Đảng viên giúp hộ nghèo"],
    "Chính quyền thân thiện": ["Một cửa thân thiện", "Dân hỏi, cán bộ trả lời"],
    "Mặt trận, đoàn thể": ["Ngày hội đại đoàn kết", "Tổ liên gia"],
}


def write_csv(path, header, rows, delimiter=",", line_end="\n", bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=line_end)
    w.writerow(header)
    w.writerows(rows)
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        f.write(buf.getvalue())


def date_in(year):
    last_month = 6 if year == 2022 else 12
    m = rng.randint(1, last_month)
    d = rng.randint(1, 28)
    return f"{d:02d}/{m:02d}/{year}"


def minh_long():
    models = []
    for own, _reg, _official, registered, maintained in FIELDS:
        for i in range(registered):
            status = "Duy trì, hiệu quả" if i < maintained else rng.choice(
                ["Đã đăng ký", "Đã đăng ký", "Ngừng thực hiện"])
            models.append((own, status))
    rng.shuffle(models)
    years = [y for y, n in YEARS_ML.items() for _ in range(n)]
    rows = []
    for k, ((own, status), year) in enumerate(zip(models, years), 1):
        commune = COMMUNES_ML[k % 5]
        level = rng.choice(["Xã", "Thôn", "Thôn", "Huyện"])
        unit = rng.choice(UNITS_ML)
        unit = f"{unit} huyện Minh Long" if level == "Huyện" else f"{unit} xã {commune}"
        name = f"{rng.choice(TOPICS[own])}"
        field = rng.choice(SPELLINGS.get(own, [own]))
        households = "" if rng.random() < 0.15 else str(rng.randint(3, 180))
        money = "" if rng.random() < 0.3 else str(rng.randint(1, 400) * 500000)
        rows.append([f"ML-{year}-{k:03d}", name, unit, level,
                     "" if level == "Huyện" else commune, field, str(year),
                     date_in(year), status, households, money])
    header = ["Mã", "Tên mô hình", "Đơn vị đăng ký", "Cấp", "Xã", "Lĩnh vực",
              "Năm", "Ngày đăng ký", "Tình trạng", "Số hộ hưởng lợi",
              "Kinh phí vận động (đồng)"]
    write_csv("minh-long.csv", header, rows)
    # As Excel saves "CSV UTF-8" in a Vietnamese locale: BOM, ';', CRLF.
    write_csv("minh-long-excel.csv", header, rows, delimiter=";",
              line_end="\r\n", bom=True)
    write_csv("map-minh-long-fields.csv", ["from", "to"],
              [[own, official] for own, _r, official, _n, _m in FIELDS] +
              [["KT", "Kinh tế"], ["kinh te", "Kinh tế"], ["ANTT", "Quốc phòng - An ninh"]])
    write_csv("map-minh-long-registration.csv", ["from", "to"],
              [[own, reg] for own, reg, _o, _n, _m in FIELDS])
    return rows


# Minh Long's year-end reports (seed 003's models), with a district level
# for forms that roll communes up: the June 2022 report lists all 296
# models; the 2020 and 2021 reports list again those registered by then
# that are still maintained, so a model's code comes back from year to
# year (296 models, more rows).  A district-level model's commune reads
# "Cấp huyện".  Households helped in the earlier reports are made up, from
# a random generator of their own so that the other samples never change.
def minh_long_reports(rows):
    own_rng = random.Random(2023)
    out = []
    for report in (2020, 2021, 2022):
        for code, name, _unit, _level, commune, _field, year, _date, status, households, _m in rows:
            if report < 2022 and (int(year) > report or status != "Duy trì, hiệu quả"):
                continue
            helped = households
            if report < 2022 and households:
                helped = str(max(1, int(households) - own_rng.randint(0, 20) * (2022 - report)))
            out.append(["Huyện Minh Long", commune or "Cấp huyện", code, name,
                        str(report), status if report == 2022 else "Duy trì, hiệu quả", helped])
    write_csv("minh-long-reports.csv",
              ["Huyện", "Xã", "Mã mô hình", "Tên mô hình", "Năm báo cáo", "Tình trạng",
               "Số hộ hưởng lợi"], out)


# Vũng Tàu city, 2022 (seed 000): 416 models and exemplars from wards,
# communes, agencies and units; 17 wards and communes (seed 001).
ROSTER_VT = ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5",
             "Phường 7", "Phường 8", "Phường 9", "Phường 10", "Phường 11",
             "Phường 12", "Phường Thắng Nhất", "Phường Thắng Nhì",
             "Phường Thắng Tam", "Phường Nguyễn An Ninh", "Phường Rạch Dừa",
             "Xã Long Sơn"]
NAMED_VT = [
    ("Kết nối yêu thương - Trao sinh kế", "Ủy ban MTTQ Việt Nam thành phố", "Cơ quan, đơn vị", "", "An sinh xã hội"),
    ("Mẹ đỡ đầu", "Hội Liên hiệp Phụ nữ thành phố", "Cơ quan, đơn vị", "", "An sinh xã hội"),
    ("An sinh xã hội, vận động, hỗ trợ, giúp đỡ hộ khó khăn vươn lên trong cuộc sống",
     "Tổ dân vận Khu phố 1, phường Thắng Nhì", "Khu phố", "Phường Thắng Nhì", "An sinh xã hội"),
    ("Biến bãi rác, khu đất trống thành khu vui chơi, tập luyện thể thao",
     "Ban công tác Mặt trận Khu phố 5, Phường 2", "Khu phố", "Phường 2", "Môi trường"),
    ("Tiếng loa Biên phòng", "Đồn Biên phòng Long Sơn", "Cơ quan, đơn vị", "Xã Long Sơn", "Quốc phòng - An ninh"),
    ("Vận động nhân dân bàn giao mặt bằng thực hiện dự án trọng điểm của thành phố",
     "Ban Dân vận Thành ủy", "Cơ quan, đơn vị", "", "Kinh tế"),
]
# Two wards registered nothing in this sample, and one row names a ward
# that no longer exists, so that coverage has something to find.
SILENT_VT = {"Phường 3", "Phường 12"}


def vung_tau():
    rows = [list(m) for m in NAMED_VT]
    fields = ["Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh",
              "Xây dựng hệ thống chính trị", "An sinh xã hội", "Môi trường"]
    active = [w for w in ROSTER_VT if w not in SILENT_VT]
    agencies = ["Hội Cựu chiến binh thành phố", "Thành Đoàn Vũng Tàu",
                "Hội Nông dân thành phố", "Công an thành phố",
                "Ban Chỉ huy Quân sự thành phố", "Phòng Giáo dục và Đào tạo",
                "Trung tâm Y tế thành phố", "Liên đoàn Lao động thành phố"]
    rows.append(["Tuyến phố văn minh", "Ủy ban nhân dân Phường 6",
                 "Phường, xã", "Phường 6", "Văn hóa - Xã hội"])
    while len(rows) < 416:
        if rng.random() < 0.2:
            rows.append([f"Dân vận khéo trong {rng.choice(['cải cách hành chính', 'tuyên truyền', 'chăm lo hội viên'])}",
                         rng.choice(agencies), "Cơ quan, đơn vị", "", rng.choice(fields)])
        else:
            ward = rng.choice(active)
            kind = rng.choice(["Phường, xã", "Khu phố", "Khu phố"])
            owner = (f"Ủy ban nhân dân {ward}" if kind == "Phường, xã"
                     else f"Khu phố {rng.randint(1, 9)}, {ward}")
            rows.append([rng.choice(["Khu phố sạch đẹp", "Tổ dân phố an toàn",
                                     "Giúp nhau thoát nghèo", "Camera an ninh",
                                     "Hẻm xanh"]),
                         owner, kind, ward, rng.choice(fields)])
    out = [[f"VT-{k:03d}", *r[:5], "2022", "Đăng ký"] for k, r in enumerate(rows, 1)]
    write_csv("vung-tau-2022.csv",
              ["Mã", "Tên mô hình", "Đơn vị", "Loại đơn vị", "Phường, xã",
               "Lĩnh vực", "Năm", "Tình trạng"], out)
    write_csv("vung-tau-roster.csv", ["STT", "Phường, xã"],
              [[str(i), w] for i, w in enumerate(ROSTER_VT, 1)])


# Cao Bằng city, to May 2021 (seed 004): 16 agencies and units and 6 party
# cells registered; 14 ward-level models and 200 hamlet- or group-level ones.
WARDS_CB = ["Phường Sông Hiến", "Phường Sông Bằng", "Phường Hợp Giang",
            "Phường Tân Giang", "Phường Ngọc Xuân", "Phường Đề Thám",
            "Phường Hòa Chung", "Phường Duyệt Trung", "Xã Vĩnh Quang",
            "Xã Hưng Đạo", "Xã Chu Trinh"]


def cao_bang():
    rows = []
    for i in range(16):
        rows.append(["Cơ quan, đơn vị", f"Cơ quan khối thành phố số {i + 1}", ""])
    for i in range(6):
        rows.append(["Chi bộ", f"Chi bộ trực thuộc số {i + 1}", ""])
    for i in range(14):
        w = WARDS_CB[i % len(WARDS_CB)]
        rows.append(["Phường, xã", f"Ủy ban nhân dân {w}", w])
    for i in range(200):
        w = rng.choice(WARDS_CB)
        rows.append(["Tổ, xóm", f"Tổ dân phố {rng.randint(1, 30)}, {w}", w])
    rng.shuffle(rows)
    out = [[f"CB-{k:03d}", rng.choice(["Dân vận khéo xây dựng nông thôn mới",
                                       "Đô thị văn minh", "Chung tay phòng chống dịch",
                                       "Giữ gìn trật tự an toàn giao thông"]),
            owner, level, ward, f"{rng.randint(1, 28):02d}/{rng.randint(1, 5):02d}/2021"]
           for k, (level, owner, ward) in enumerate(rows, 1)]
    write_csv("cao-bang-2021.csv",
              ["Mã", "Tên mô hình", "Đơn vị", "Cấp", "Phường, xã", "Ngày đăng ký"], out)


if __name__ == "__main__":
    ml_rows = minh_long()
    vung_tau()
    cao_bang()
    minh_long_reports(ml_rows)
