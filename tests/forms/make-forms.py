#!/usr/bin/env python3
# make-forms.py: registers laid out as district and commune offices lay out
# their forms, each with the true figures of the plain register behind it.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every case starts from its true data rows (one row per model: unit, field,
# year, status, households, money), written as truth/NAME.csv.  The figures
# in NAME.expected.json are computed from those rows only, never by reading
# the laid-out file back, so a reader that misreads the layout cannot agree
# with them by accident.  The layout (title block, headers of two or three
# rows, sections, subtotals, signature block, thousands dots, encodings) is
# then drawn around the same rows.  Python's standard library only, plus
# iconv for Windows-1258 as offices' older machines save it; fixed seeds, so
# the files never change.
#
#   python3 make-forms.py            write the corpus beside this file
#   python3 make-forms.py --figures  print the truth figures of every
#                                    expected.json as TSV (for check-truth.sh)
import csv
import io
import json
import os
import random
import subprocess
import sys
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))

# ------------------------------------------------------------------ places
# Units of four districts (kind, name), as their rosters list them.
CHAU_DUC = [("Thị trấn", "Ngãi Giao")] + [("Xã", n) for n in (
    "Bình Ba", "Bình Giã", "Bình Trung", "Cù Bị", "Đá Bạc", "Kim Long",
    "Láng Lớn", "Nghĩa Thành", "Quảng Thành", "Sơn Bình", "Suối Nghệ",
    "Suối Rao", "Xà Bang", "Xuân Sơn", "Bàu Chinh")]
TAN_THANH = [("Thị trấn", "Phú Mỹ")] + [("Xã", n) for n in (
    "Mỹ Xuân", "Tân Phước", "Phước Hòa", "Tân Hòa", "Tân Hải", "Hắc Dịch",
    "Sông Xoài", "Tóc Tiên", "Châu Pha")]
VUNG_TAU = [("Phường", str(i)) for i in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12)] + [
    ("Phường", "Thắng Nhất"), ("Phường", "Thắng Nhì"), ("Phường", "Rạch Dừa"),
    ("Xã", "Long Sơn")]
MINH_LONG = [("Xã", n) for n in ("Long Hiệp", "Long Mai", "Long Môn", "Long Sơn", "Thanh An")]

DISTRICTS = {
    "chau-duc": ("huyện Châu Đức", "Ngãi Giao", CHAU_DUC),
    "tan-thanh": ("huyện Tân Thành", "Phú Mỹ", TAN_THANH),
    "vung-tau": ("thành phố Vũng Tàu", "Vũng Tàu", VUNG_TAU),
    "minh-long": ("huyện Minh Long", "Long Hiệp", MINH_LONG),
}

ABBR = {"Xã": "X.", "Thị trấn": "TT.", "Phường": "P."}


def unit_full(u):
    return f"{u[0]} {u[1]}"


def unit_as(u, style):
    """A unit as a given office writes it."""
    kind, name = u
    if style == "full":
        return f"{kind} {name}"
    if style == "lower":
        return f"{kind.lower()} {name}"
    if style == "abbr":
        # "P.1" for a numbered ward, "X. Long Sơn", "TT. Phú Mỹ" otherwise
        return f"P.{name}" if name.isdigit() else f"{ABBR[kind]} {name}"
    if style == "bare":
        # a numbered ward has no name without its kind
        return f"{kind} {name}" if name.isdigit() else name
    raise ValueError(style)


# ------------------------------------------------------------------ content
FIELDS4 = ["Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh",
           "Xây dựng hệ thống chính trị"]
NEW_FIELD = "Chuyển đổi số"
MODELS = {
    "Kinh tế": ["Tổ hợp tác trồng tiêu", "Vườn cây ăn trái kiểu mẫu",
                "Hỗ trợ sinh kế cho hộ nghèo", "Chăn nuôi bò sinh sản",
                "Tiết kiệm vì người nghèo", "Cánh đồng lớn"],
    "Văn hóa - Xã hội": ["Tuyến đường hoa", "Khu dân cư văn minh", "Tủ sách cộng đồng",
                         "Bếp ăn tình thương", "Mái ấm tình thương",
                         "Câu lạc bộ dưỡng sinh", "Phân loại rác tại nguồn"],
    "Quốc phòng - An ninh": ["Camera an ninh", "Tổ tự quản an ninh trật tự",
                             "Xóm không có tội phạm", "Tiếng loa biên phòng",
                             "Tổ liên gia an toàn phòng cháy"],
    "Xây dựng hệ thống chính trị": ["Dân vận chính quyền thân thiện", "Chi bộ kiểu mẫu",
                                    "Một cửa thân thiện", "Tiếp dân cuối tuần",
                                    "Đảng viên giúp hộ khó khăn"],
    NEW_FIELD: ["Chợ 4.0 không dùng tiền mặt", "Zalo tổ dân cư", "Nộp thuế điện tử"],
}
OWNERS = ["Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên",
          "Ủy ban Mặt trận Tổ quốc", "Công an", "Hội Cựu chiến binh", "Đảng ủy"]
AGENCIES = ["Ban Dân vận Huyện ủy", "Hội Nông dân huyện", "Phòng Giáo dục và Đào tạo",
            "Công an huyện", "Ban Chỉ huy Quân sự huyện", "Huyện đoàn"]
MAINTAINED = ["Đang duy trì", "Duy trì, hiệu quả", "Duy trì"]
STOPS = ["Ngưng hoạt động", "Ngưng duy trì", "Tạm dừng", "Giải thể",
         "Không còn duy trì", "Chưa triển khai"]
MAINTAINED_WORDS = ("duy trì", "hiệu quả", "đang thực hiện", "hoạt động")
STOP_WORDS = ("ngưng", "ngừng", "dừng", "giải thể", "không", "chưa", "thôi")


def is_maintained(status):
    """The truth's own rule: a stop word anywhere means stopped."""
    s = status.lower()
    if any(w in s for w in STOP_WORDS):
        return False
    return any(w in s for w in MAINTAINED_WORDS)


def make_rows(rng, units, n, years=range(2018, 2024), fields=FIELDS4,
              agencies=0, stops=STOPS, p_kept=0.6, no_year=0, new_field=0,
              hh_big=0.0, money_p=0.7, hh_p=0.8, amount=None):
    """The true register: n models of the units (and some district agencies)."""
    rows = []
    years = list(years)
    for i in range(n):
        if i < agencies:
            unit, owner, level = None, rng.choice(AGENCIES), "Huyện"
        else:
            unit = units[i % len(units)] if i - agencies < len(units) else rng.choice(units)
            kind = unit[0].lower()
            if rng.random() < 0.3:
                owner = f"Chi hội ấp {rng.randint(1, 6)}, {kind} {unit[1]}"
                level = "Thôn"
            else:
                owner = f"{rng.choice(OWNERS)} {kind} {unit[1]}"
                level = "Xã"
        field = rng.choice(fields)
        year = rng.choice(years)
        kept = rng.random() < p_kept
        status = rng.choice(MAINTAINED) if kept else rng.choice(stops)
        hh = None
        if rng.random() < hh_p:
            hh = rng.randint(1000, 3000) if rng.random() < hh_big else rng.randint(12, 480)
        money = rng.randrange(5, 500) * 500_000 if rng.random() < money_p else None
        rows.append({"model": rng.choice(MODELS[field]), "owner": owner, "unit": unit,
                     "level": level, "field": field, "year": year, "status": status,
                     "households": hh, "money": money, "amount": None})
    # the new field: its first models all come in the last year
    for i in range(new_field):
        r = rows[len(rows) - 1 - i]
        r["field"], r["year"], r["model"] = NEW_FIELD, years[-1], rng.choice(MODELS[NEW_FIELD])
    for i in rng.sample(range(len(rows)), no_year):
        rows[i]["year"] = None
    if amount:
        for r in rows:
            r["amount"] = amount(rng, r)
    # offices list models by level, then by unit as the roster orders them,
    # then by year
    order = {u: k for k, u in enumerate(units)}
    rows.sort(key=lambda r: (r["unit"] is not None, order.get(r["unit"], -1),
                             r["year"] or 9999))
    return rows


# ------------------------------------------------------------------ figures
def figures(rows, roster=None, match=None):
    """Everything a report states, from the true rows."""
    f = {"total": len(rows), "by_field": {}, "by_year": {}, "no_year": 0,
         "by_unit": {}, "maintained_by_field": {}, "maintained": 0,
         "sums": {"households": 0, "money": 0}}
    for r in rows:
        f["by_field"][r["field"]] = f["by_field"].get(r["field"], 0) + 1
        if r["year"] is None:
            f["no_year"] += 1
        else:
            y = str(r["year"])
            f["by_year"][y] = f["by_year"].get(y, 0) + 1
        u = unit_full(r["unit"]) if r["unit"] else ""
        f["by_unit"][u] = f["by_unit"].get(u, 0) + 1
        m = f["maintained_by_field"].setdefault(r["field"], {"maintained": 0, "registered": 0})
        m["registered"] += 1
        if is_maintained(r["status"]):
            m["maintained"] += 1
            f["maintained"] += 1
        f["sums"]["households"] += r["households"] or 0
        f["sums"]["money"] += r["money"] or 0
    if any(r["amount"] is not None for r in rows):
        f["sums"]["amount"] = str(sum((Decimal(r["amount"]) for r in rows
                                       if r["amount"] is not None), Decimal(0)))
    # every year of the span is a period, with 0 where no model fell
    ys = [int(y) for y in f["by_year"]]
    if ys:
        f["by_year"] = {str(y): f["by_year"].get(str(y), 0) for y in range(min(ys), max(ys) + 1)}
    return f


def by_field_year(rows):
    out = {}
    ys = [r["year"] for r in rows if r["year"] is not None]
    for r in rows:
        if r["year"] is None:
            continue
        s = out.setdefault(r["field"], {str(y): 0 for y in range(min(ys), max(ys) + 1)})
        s[str(r["year"])] += 1
    return out


def coverage(rows, roster_units, roster_style):
    """Units of the roster with at least one model, matched by unit, not by spelling."""
    have = {r["unit"] for r in rows if r["unit"]}
    below = [unit_as(u, roster_style) for u in roster_units if u not in have]
    met = len(roster_units) - len(below)
    return {"units": len(roster_units), "met": met,
            "share": met / len(roster_units), "below": below}


# ------------------------------------------------------------------ writing
def fmt_int(n, style):
    if n is None:
        return ""
    if style == "plain":
        return str(n)
    if style == "commas":
        return f"{n:,}"
    s = f"{n:,}".replace(",", ".")
    return s + "đ" if style == "dots-d" else s


def write_file(path, rows, delim, encoding, crlf):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\r\n" if crlf else "\n").writerows(rows)
    text = buf.getvalue()
    if encoding == "utf-8":
        data = text.encode("utf-8")
    elif encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif encoding == "utf-16le-bom":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "cp1258":
        # iconv writes the tone marks as combining marks after the base
        # letter, as Windows-1258 files from older offices have them
        data = subprocess.run(["iconv", "-f", "UTF-8", "-t", "CP1258"], input=text.encode("utf-8"),
                              stdout=subprocess.PIPE, check=True).stdout
    else:
        raise ValueError(encoding)
    with open(path, "wb") as f:
        f.write(data)


def pad(row, n):
    return list(row) + [""] * (n - len(row))


def title_block(district, ncols, form, date):
    """Office on the left, national motto on the right, form name, date line."""
    name, place, _ = district
    right = max(ncols - 3, 2)
    r1 = pad([f"HUYỆN ỦY {name.split(' ', 1)[1].upper()}" if name.startswith("huyện")
              else f"THÀNH ỦY {name.split(' ', 2)[2].upper()}"], ncols)
    r1[right] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r2 = pad(["BAN DÂN VẬN"], ncols)
    r2[right] = "Độc lập - Tự do - Hạnh phúc"
    r3 = pad(["*"], ncols)
    r3[right] = f"{place}, ngày {date[0]} tháng {date[1]} năm {date[2]}"
    return [r1, r2, r3, pad([], ncols), pad([form], ncols),
            pad([f"(Kèm theo Báo cáo số {date[3]}-BC/BDV ngày {date[0]}/{date[1]}/{date[2]})"], ncols),
            pad([], ncols)]


def signature_block(district, ncols, notes):
    right = max(ncols - 3, 2)
    rows = [pad([], ncols)]
    r = pad([], ncols)
    r[right] = f"{district[1]}, ngày 15 tháng 12 năm 2023"
    rows.append(r)
    r = pad(["NGƯỜI LẬP BIỂU"], ncols)
    r[right] = "TM. BAN THƯỜNG VỤ"
    rows.append(r)
    r = pad([], ncols)
    r[right] = "PHÓ BÍ THƯ"
    rows.append(r)
    r = pad(["(Ký, ghi rõ họ tên)"], ncols)
    r[right] = "(Ký tên, đóng dấu)"
    rows.append(r)
    rows.append(pad([], ncols))
    r = pad(["Nguyễn Thị Hoa"], ncols)
    r[right] = "Trần Văn Minh"
    rows.append(r)
    if notes:
        rows.append(pad(["Ghi chú:"], ncols))
        rows.append(pad(["- Mô hình đăng ký năm 2023 tính đến ngày 30/11/2023."], ncols))
        rows.append(pad(["- Cột tình trạng ghi theo báo cáo của các chi bộ, ấp, khu phố."], ncols))
    return rows


def header_rows(paths):
    """A header of as many rows as the deepest path; a group heading is
    written once, over its first column, with empty cells after it, and a
    name that stops early leaves empty cells under it (merged cells as a
    CSV export writes them)."""
    depth = max(len(p) for p in paths)
    out = []
    for lvl in range(depth):
        row = []
        for j, p in enumerate(paths):
            if lvl >= len(p):
                row.append("")
            elif j > 0 and len(paths[j - 1]) > lvl and paths[j - 1][:lvl + 1] == p[:lvl + 1]:
                row.append("")
            else:
                row.append(p[lvl])
        out.append(row)
    return out


ROMAN = ["I", "II", "III", "IV", "V"]


class Layout:
    """How one form lays out the rows of a register."""

    def __init__(self, **kw):
        self.__dict__.update(dict(
            title=False, colnums=False, unit_style="full", numbers="plain",
            year_style="year", group=None, subtotal=None, section_style="cell",
            grand_total=None, merged=False, signature=False, notes=False,
            district="chau-duc", form="DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2023",
            date=(15, 12, 2023, 45)))
        self.__dict__.update(kw)

    def style_of(self, key):
        # only money carries the đồng sign
        return "dots" if key == "households" and self.numbers == "dots-d" else self.numbers

    def cell(self, key, r, stt):
        if key == "stt":
            return str(stt)
        if key == "unit":
            return unit_as(r["unit"], self.unit_style) if r["unit"] else ""
        if key == "year":
            if r["year"] is None:
                return ""
            if self.year_style == "date":
                return f"{(stt * 7) % 28 + 1:02d}/{(stt * 5) % 12 + 1:02d}/{r['year']}"
            return str(r["year"])
        if key in ("households", "money"):
            return fmt_int(r[key], self.style_of(key))
        if key.startswith("x:"):
            which = key[2:]
            kept = is_maintained(r["status"])
            if which == "kept":
                return "x" if kept else ""
            if which == "stopped":
                return "" if kept else "x"
            return "x" if r["status"] == which else ""
        return r[key] if r[key] is not None else ""


def numeric_keys(keys):
    return [j for j, k in enumerate(keys) if k in ("households", "money")]


def total_row(lay, keys, label, block, label_col, with_sums, count_label=False):
    row = [""] * len(keys)
    row[label_col] = f"{label}: {len(block)}" if count_label else label
    if with_sums:
        for j in numeric_keys(keys):
            k = keys[j]
            row[j] = fmt_int(sum(r[k] or 0 for r in block), lay.style_of(k))
    return row


def unit_label(u, dist_units):
    return f"{u[0].lower()} {u[1]}"


def build_register(lay, columns, rows):
    """The laid-out file of a register: title, header, body, totals, signature."""
    paths = [c[0] for c in columns]
    keys = [c[1] for c in columns]
    n = len(keys)
    label_col = keys.index("model") if "model" in keys else 1
    district = DISTRICTS[lay.district]
    out = []
    if lay.title:
        out += title_block(district, n, lay.form, lay.date)
    out += header_rows(paths)
    if lay.colnums:
        out.append([f"({j + 1})" for j in range(n)])
    stt = [0]

    def data(block):
        prev = object()
        for r in block:
            stt[0] += 1
            row = [lay.cell(k, r, stt[0]) for k in keys]
            if lay.merged and "unit" in keys:
                j = keys.index("unit")
                if r["unit"] == prev:
                    row[j] = ""
                prev = r["unit"]
            out.append(row)

    def heading(text, num):
        if lay.section_style == "cell":
            out.append(pad([f"{num}. {text}"], n))
        else:
            row = [""] * n
            row[0], row[label_col] = num, text
            out.append(row)

    def subtotal(label, block):
        if lay.subtotal == "sum":
            out.append(total_row(lay, keys, label, block, label_col, True))
        elif lay.subtotal == "label":
            out.append(total_row(lay, keys, label, block, label_col, False))
        elif lay.subtotal == "count":
            out.append(total_row(lay, keys, "Cộng", block, label_col, False, count_label=True))

    def by_unit(block):
        units = []
        for r in block:
            if r["unit"] not in units:
                units.append(r["unit"])
        for k, u in enumerate(units, 1):
            part = [r for r in block if r["unit"] == u]
            heading(unit_full(u), str(k))
            data(part)
            subtotal(f"Cộng {unit_label(u, district[2])}", part)

    if lay.group is None:
        data(rows)
    elif lay.group == "units":
        by_unit(rows)
    elif lay.group in ("sections", "sections-units"):
        district_rows = [r for r in rows if r["unit"] is None]
        commune_rows = [r for r in rows if r["unit"] is not None]
        heading("CẤP HUYỆN", "I")
        data(district_rows)
        if lay.subtotal:
            out.append(total_row(lay, keys, "Cộng I", district_rows, label_col, lay.subtotal == "sum"))
        heading("CẤP XÃ", "II")
        out.append(pad(["A. KHỐI XÃ, THỊ TRẤN"], n))
        if lay.group == "sections-units":
            by_unit(commune_rows)
        else:
            data(commune_rows)
        if lay.subtotal:
            out.append(total_row(lay, keys, "Cộng II", commune_rows, label_col, lay.subtotal == "sum"))
    if lay.grand_total:
        out.append(total_row(lay, keys, lay.grand_total, rows, label_col, True))
    if lay.signature:
        out += signature_block(district, n, lay.notes)
    return [pad(r, n) for r in out]


def build_aggregated(lay, rows, units):
    """One row per unit and field, counts under a two-row header, a
    subtotal per unit equal to the sum of its rows, a grand total."""
    paths = [("STT",), ("Đơn vị",), ("Lĩnh vực",), ("Số mô hình", "Đăng ký"),
             ("Số mô hình", "Duy trì"), ("Số mô hình", "Không duy trì"),
             ("Kết quả", "Số hộ"), ("Kết quả", "Kinh phí (đồng)")]
    n = len(paths)
    out = []
    if lay.title:
        out += title_block(DISTRICTS[lay.district], n, lay.form, lay.date)
    out += header_rows(paths)
    if lay.colnums:
        out.append([f"({j + 1})" for j in range(n)])
    stt = 0
    grand = [0, 0, 0, 0, 0]
    for u in units:
        mine = [r for r in rows if r["unit"] == u]
        if not mine:
            continue
        sub = [0, 0, 0, 0, 0]
        first = True
        for f in FIELDS4:
            fr = [r for r in mine if r["field"] == f]
            if not fr:
                continue
            stt += 1
            k = sum(1 for r in fr if is_maintained(r["status"]))
            v = [len(fr), k, len(fr) - k, sum(r["households"] or 0 for r in fr),
                 sum(r["money"] or 0 for r in fr)]
            sub = [a + b for a, b in zip(sub, v)]
            out.append([str(stt), unit_as(u, lay.unit_style) if first or not lay.merged else "", f]
                       + [str(x) for x in v[:3]] + [fmt_int(x, lay.numbers) for x in v[3:]])
            first = False
        out.append(["", f"Cộng {unit_label(u, None)}", ""] + [str(x) for x in sub[:3]]
                   + [fmt_int(x, lay.numbers) for x in sub[3:]])
        grand = [a + b for a, b in zip(grand, sub)]
    out.append(["", "Tổng cộng toàn huyện", ""] + [str(x) for x in grand[:3]]
               + [fmt_int(x, lay.numbers) for x in grand[3:]])
    if lay.signature:
        out += signature_block(DISTRICTS[lay.district], n, lay.notes)
    return [pad(r, n) for r in out]


def build_wide(lay, rows, by, group_heading=None, units=None):
    """A column per year, one row per field (or unit), a total column and a
    total row, as a summary table in a report's annex."""
    ys = sorted({r["year"] for r in rows if r["year"] is not None})
    key_name = "Lĩnh vực" if by == "field" else "Đơn vị"
    paths = [("STT",), (key_name,)] + [((group_heading, str(y)) if group_heading else (str(y),))
                                       for y in ys] + [("Tổng",)]
    n = len(paths)
    out = []
    if lay.title:
        out += title_block(DISTRICTS[lay.district], n, lay.form, lay.date)
    out += header_rows(paths)
    if lay.colnums:
        out.append([f"({j + 1})" for j in range(n)])
    keys = FIELDS4 if by == "field" else units
    for k, key in enumerate(keys, 1):
        mine = [r for r in rows if (r["field"] if by == "field" else r["unit"]) == key]
        counts = [sum(1 for r in mine if r["year"] == y) for y in ys]
        label = key if by == "field" else unit_as(key, lay.unit_style)
        out.append([str(k), label] + [str(c) for c in counts] + [str(sum(counts))])
    counts = [sum(1 for r in rows if r["year"] == y) for y in ys]
    out.append(["", "Tổng cộng"] + [str(c) for c in counts] + [str(sum(counts))])
    if lay.signature:
        out += signature_block(DISTRICTS[lay.district], n, lay.notes)
    return [pad(r, n) for r in out]


def build_roster(units, style, header, extra=None, title=None):
    out = []
    cols = ["STT", header] + ([extra[0]] if extra else [])
    if title:
        out.append(pad([title], len(cols)))
        out.append(pad([], len(cols)))
    out.append(cols)
    for k, u in enumerate(units, 1):
        out.append([str(k), unit_as(u, style)] + ([extra[1](k, u)] if extra else []))
    return out


# ------------------------------------------------------------------ checks
# Each check is one command a new user would run, with no layout option,
# and the figure it must give.  run-forms.sh runs them.
def check_count(field_col, f, extra=()):
    return {"id": "count-by-field", "kind": "count",
            "argv": ["count", "--by", field_col, *extra, "-f", "json"],
            "expect": "figures", "total": f["total"], "groups": f["by_field"]}


def check_count_unit(unit_col, rows, style):
    g = {}
    for r in rows:
        k = unit_as(r["unit"], style) if r["unit"] else ""
        g[k] = g.get(k, 0) + 1
    return {"id": "count-by-unit", "kind": "count",
            "argv": ["count", "--by", unit_col, "-f", "json"],
            "expect": "figures", "total": len(rows), "groups": g}


def check_trend(f):
    return {"id": "trend", "kind": "trend", "argv": ["trend", "-f", "json"],
            "expect": "figures", "series": f["by_year"], "no_year": f["no_year"]}


def check_report(f):
    m = {k: [v["maintained"], v["registered"]] for k, v in f["maintained_by_field"].items()}
    m["Total"] = [f["maintained"], f["total"]]
    return {"id": "report-maintained", "kind": "report",
            "argv": ["report", "--lang", "en", "-o", "{out}.md"],
            "expect": "figures", "maintained": m}


def check_sum(field_col, col, key, rows, refuse=None):
    c = {"id": f"sum-{key}", "kind": "sum",
         "argv": ["count", "--by", field_col, "--weight", col, "-f", "json"]}
    if refuse:
        c.update(expect="refuse", options=refuse)
        return c
    groups = {}
    for r in rows:
        if r[key] is not None:
            v = Decimal(r[key]) if key == "amount" else r[key]
            groups[r["field"]] = groups.get(r["field"], 0) + v
    c.update(expect="figures", total=float(sum(groups.values())),
             groups={k: float(v) for k, v in groups.items()})
    return c


def check_coverage(unit_col, roster_file, cov):
    return {"id": "coverage", "kind": "coverage",
            "argv": ["coverage", "--roster", "{dir}/" + roster_file, "--key", unit_col, "-f", "json"],
            "expect": "figures", "units": cov["units"], "met": cov["met"], "below": cov["below"]}


# A CSV keeps only the first cell of a merged area: an empty cell under a
# unit's name is the same unit or none, and the reader asks unless the file
# itself closes the block.  Such a check is a refusal naming the options;
# the same check with the option that says which gives the true figures.
FILL_OPTIONS = ["--fill-down", "--no-fill-down"]


def asked(ch, options=FILL_OPTIONS):
    c = {k: ch[k] for k in ("id", "kind", "argv")}
    c.update(expect="refuse", options=options)
    return c


def told(ch, *opts):
    c = dict(ch)
    c["id"] = ch["id"] + "-" + opts[0].lstrip("-")
    c["argv"] = [ch["argv"][0], *opts, *ch["argv"][1:]]
    return c


def model(unit, name, field, year, status, level="Xã", owner=None):
    """One true row written out by hand (the small cases of merged cells)."""
    u = None if unit is None else tuple(unit.split(" ", 1))
    return {"model": name, "owner": owner or (f"Hội Nông dân {unit.lower()}" if unit else "Công an huyện"),
            "unit": u, "level": level if unit else "Huyện", "field": field, "year": year,
            "status": status, "households": None, "money": None, "amount": None}


def laid_merged(header, rows, first=None, stt=False):
    """Rows under HEADER with the unit written on the first row of its block
    only; FIRST(row) gives cells written before the unit's."""
    out, last = [header], object()
    for k, r in enumerate(rows, 1):
        u = unit_full(r["unit"]) if r["unit"] else ""
        cell = u if u != last else ""
        last = u
        out.append(([str(k)] if stt else []) + (first(r) if first else []) +
                   [cell, r["model"], r["field"], str(r["year"]), r["status"]])
    return out


# ------------------------------------------------------------------ cases
CASES = []


def case(name, shapes, fmt, rows, laid, checks, f, roster=None, note=""):
    CASES.append(dict(name=name, shapes=shapes, fmt=fmt, rows=rows, laid=laid,
                      checks=checks, figures=f, roster=roster, note=note))


FMT = {
    "utf8": ("utf-8", ",", False),
    "utf8-tab": ("utf-8", "\t", False),
    "bom-semi": ("utf-8-bom", ";", True),
    "cp1258": ("cp1258", ",", True),
    "cp1258-semi": ("cp1258", ";", True),
    "utf16": ("utf-16le-bom", "\t", True),
}
FMT_TEXT = {
    "utf8": "UTF-8, `,`, LF",
    "utf8-tab": "UTF-8, TAB, LF",
    "bom-semi": "UTF-8 with BOM, `;`, CRLF",
    "cp1258": "Windows-1258, `,`, CRLF",
    "cp1258-semi": "Windows-1258, `;`, CRLF",
    "utf16": "UTF-16LE with BOM, TAB, CRLF",
}

ROSTERS = {
    # file: (units, style, header, extra column, title)
    "roster-chau-duc.csv": (CHAU_DUC, "full", "Tên xã, thị trấn", None, None),
    "roster-tan-thanh.csv": (TAN_THANH, "abbr", "Đơn vị",
                             ("Số ấp, khu phố", lambda k, u: str(4 + (k * 3) % 7)), None),
    "roster-vung-tau.csv": (VUNG_TAU, "abbr", "Phường, xã", None,
                            "DANH SÁCH PHƯỜNG, XÃ THUỘC THÀNH PHỐ VŨNG TÀU"),
    "roster-minh-long.csv": (MINH_LONG, "bare", "Xã",
                             ("Bí thư Đảng ủy", lambda k, u: ["Đinh Văn Lía", "Phạm Thị Hường", "Đinh Văn Thâm",
                                                            "Lê Văn Trung", "Đinh Thị Nhung"][k - 1]), None),
}
ROSTER_FMT = {"roster-chau-duc.csv": "utf8", "roster-tan-thanh.csv": "bom-semi",
              "roster-vung-tau.csv": "cp1258", "roster-minh-long.csv": "utf8"}

# the usual columns of a register
C_STT = (("STT",), "stt")
C_NAME = (("Tên mô hình",), "model")
C_OWNER = (("Đơn vị thực hiện",), "owner")
C_FIELD = (("Lĩnh vực",), "field")
C_YEAR = (("Năm",), "year")
C_STATUS = (("Tình trạng",), "status")
C_HH = (("Số hộ hưởng lợi",), "households")
C_MONEY = (("Kinh phí (đồng)",), "money")


def C_UNIT(h="Xã, thị trấn"):
    return ((h,), "unit")


def define():
    R = random.Random

    # 1-3: the official title block
    rows = make_rows(R("title-block"), CHAU_DUC, 64, agencies=0)
    lay = Layout(title=True)
    cols = [C_STT, C_NAME, C_OWNER, C_UNIT(), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    case("title-block", ["title block"], "utf8", rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f)], f)

    rows = make_rows(R("title-colnum-money"), TAN_THANH, 48, hh_big=0.25)
    lay = Layout(title=True, colnums=True, numbers="dots-d", district="tan-thanh",
                 form="BIỂU TỔNG HỢP MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2023")
    cols = [C_STT, C_NAME, C_UNIT("Đơn vị"), C_FIELD, C_YEAR, C_HH, C_MONEY]
    f = figures(rows)
    case("title-colnum-money", ["title block", "column numbers", "thousands dots"], "bom-semi",
         rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f),
          check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows),
          check_sum("Lĩnh vực", "Số hộ hưởng lợi", "households", rows)], f)

    rows = make_rows(R("title-cp1258"), MINH_LONG, 36, stops=["Ngưng hoạt động", "Ngưng duy trì"])
    lay = Layout(title=True, district="minh-long", unit_style="bare", date=(20, 6, 2023, 112))
    cols = [C_STT, C_NAME, C_UNIT("Xã"), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    case("title-cp1258", ["title block", "stop words"], "cp1258", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f)], f)

    # 4-6: headers of two and three rows
    rows = make_rows(R("header2-result"), CHAU_DUC, 52)
    lay = Layout()
    cols = [C_STT, C_NAME, C_UNIT(), C_FIELD, C_YEAR,
            (("Kết quả", "Duy trì"), "x:kept"), (("Kết quả", "Không duy trì"), "x:stopped")]
    f = figures(rows)
    case("header2-result", ["two-row header", "per-status x"], "utf8", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f)], f)

    rows = make_rows(R("header2-money"), TAN_THANH, 40, hh_big=0.2)
    lay = Layout(numbers="dots", district="tan-thanh", colnums=True)
    cols = [C_STT, C_NAME, C_UNIT("Đơn vị"), C_FIELD, C_YEAR, C_STATUS,
            (("Kết quả", "Số hộ"), "households"), (("Kết quả", "Kinh phí (đồng)"), "money")]
    f = figures(rows)
    case("header2-money", ["two-row header", "column numbers", "thousands dots"], "bom-semi",
         rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows),
          check_sum("Lĩnh vực", "Số hộ", "households", rows), check_report(f)], f)

    rows = make_rows(R("header3-utf16"), VUNG_TAU, 58, stops=["Ngưng duy trì", "Tạm dừng"],
                     hh_big=0.15)
    lay = Layout(title=True, district="vung-tau", numbers="dots",
                 form="BÁO CÁO KẾT QUẢ THỰC HIỆN MÔ HÌNH “DÂN VẬN KHÉO” (2018 - 2023)")
    cols = [C_STT, C_NAME, C_UNIT("Phường, xã"), C_FIELD, C_YEAR, C_STATUS,
            (("Kết quả thực hiện", "Hiệu quả", "Số hộ"), "households"),
            (("Kết quả thực hiện", "Hiệu quả", "Kinh phí (đồng)"), "money")]
    f = figures(rows)
    case("header3-utf16", ["title block", "three-row header", "thousands dots"], "utf16", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f),
          check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows), check_report(f)], f)

    # 7-12: sections, unit headings, subtotals, merged units
    rows = make_rows(R("sections"), CHAU_DUC, 70, agencies=12)
    lay = Layout(group="sections", subtotal="sum", grand_total="Tổng cộng toàn huyện",
                 numbers="commas")
    cols = [C_STT, C_NAME, C_OWNER, C_UNIT(), C_FIELD, C_YEAR, C_STATUS, C_HH, C_MONEY]
    f = figures(rows)
    case("sections", ["sections", "subtotals with sums", "grand total"], "utf8", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f),
          check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows)], f)

    rows = make_rows(R("unit-headings"), CHAU_DUC, 60)
    lay = Layout(group="units", subtotal="sum", numbers="dots-d", grand_total="Tổng cộng toàn huyện")
    cols = [C_STT, C_NAME, C_OWNER, C_FIELD, C_YEAR, C_STATUS, C_HH, C_MONEY]
    f = figures(rows)
    case("unit-headings", ["unit headings", "subtotals with sums", "thousands dots"], "bom-semi",
         rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f),
          check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows),
          check_sum("Lĩnh vực", "Số hộ hưởng lợi", "households", rows)], f)

    rows = make_rows(R("subtotal-count"), MINH_LONG, 42)
    lay = Layout(group="units", subtotal="count", district="minh-long", section_style="stt")
    cols = [C_STT, C_NAME, C_UNIT("Xã"), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    case("subtotal-count", ["unit headings", "subtotals “Cộng: 7”"], "cp1258", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f)], f)

    rows = make_rows(R("subtotal-label"), TAN_THANH, 45)
    lay = Layout(group="units", subtotal="label", district="tan-thanh",
                 grand_total="Tổng cộng toàn huyện")
    cols = [C_STT, C_NAME, C_UNIT("Đơn vị"), C_FIELD, C_YEAR, C_STATUS, C_HH]
    f = figures(rows)
    case("subtotal-label", ["unit headings", "subtotals with a label only", "grand total"],
         "utf8-tab", rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f),
          check_sum("Lĩnh vực", "Số hộ hưởng lợi", "households", rows)], f)

    rows = make_rows(R("merged-units"), CHAU_DUC, 55)
    rows = [r for r in rows if r["unit"] not in (CHAU_DUC[4], CHAU_DUC[9])]
    lay = Layout(merged=True, unit_style="abbr")
    cols = [C_STT, C_UNIT(), C_NAME, C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    cov = coverage(rows, CHAU_DUC, "full")
    case("merged-units", ["units merged down", "roster with STT, other prefixes"], "utf8", rows,
         build_register(lay, cols, rows),
         [asked(check_count("Lĩnh vực", f)), asked(check_count_unit("Xã, thị trấn", rows, "abbr")),
          asked(check_coverage("Xã, thị trấn", "roster-chau-duc.csv", cov)),
          told(check_count("Lĩnh vực", f), "--no-fill-down"),
          told(check_count_unit("Xã, thị trấn", rows, "abbr"), "--fill-down", "Xã, thị trấn"),
          told(check_coverage("Xã, thị trấn", "roster-chau-duc.csv", cov),
               "--fill-down", "Xã, thị trấn")], f,
         roster="roster-chau-duc.csv",
         note="the last unit's rows run to the end of the file: merged or no unit?")

    rows = make_rows(R("merged-sections"), TAN_THANH, 66, agencies=8, hh_big=0.1)
    rows = [r for r in rows if r["unit"] != TAN_THANH[6]]
    lay = Layout(merged=True, group="sections", subtotal="sum", numbers="dots",
                 district="tan-thanh", grand_total="Tổng cộng toàn huyện", unit_style="full")
    cols = [C_STT, C_UNIT("Đơn vị"), C_NAME, C_FIELD, C_YEAR, C_STATUS, C_HH]
    f = figures(rows)
    cov = coverage(rows, TAN_THANH, "abbr")
    case("merged-sections", ["units merged down", "sections", "subtotals with sums",
                             "roster with STT, other prefixes"], "cp1258-semi", rows,
         build_register(lay, cols, rows),
         [asked(check_count("Lĩnh vực", f)), asked(check_trend(f)), asked(check_report(f)),
          asked(check_coverage("Đơn vị", "roster-tan-thanh.csv", cov)),
          told(check_count("Lĩnh vực", f), "--fill-down", "Đơn vị"),
          told(check_trend(f), "--fill-down", "Đơn vị"),
          told(check_report(f), "--fill-down", "Đơn vị"),
          told(check_coverage("Đơn vị", "roster-tan-thanh.csv", cov), "--fill-down", "Đơn vị")], f,
         roster="roster-tan-thanh.csv",
         note="the last commune's rows run to the subtotal of the section: merged or no unit?")

    # 13-14: signature block and notes
    rows = make_rows(R("signature"), CHAU_DUC, 38)
    lay = Layout(signature=True, notes=True, district="chau-duc")
    cols = [C_STT, C_NAME, C_UNIT(), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    case("signature", ["signature block", "notes"], "utf8", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f)], f)

    rows = make_rows(R("signature-utf16"), VUNG_TAU, 47)
    lay = Layout(title=True, colnums=True, signature=True, notes=True, district="vung-tau",
                 unit_style="abbr")
    cols = [C_STT, C_NAME, C_UNIT("Phường, xã"), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    cov = coverage(rows, VUNG_TAU, "abbr")
    case("signature-utf16", ["title block", "column numbers", "signature block", "notes"],
         "utf16", rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f),
          check_coverage("Phường, xã", "roster-vung-tau.csv", cov)], f,
         roster="roster-vung-tau.csv")

    # 15-17: numbers with dots
    rows = make_rows(R("money-dots"), VUNG_TAU, 80, hh_big=0.3, money_p=0.9)
    lay = Layout(numbers="dots-d", district="vung-tau")
    cols = [C_STT, C_NAME, C_UNIT("Phường, xã"), C_FIELD, C_YEAR, C_HH, C_MONEY]
    f = figures(rows)
    case("money-dots", ["thousands dots"], "bom-semi", rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows),
          check_sum("Lĩnh vực", "Số hộ hưởng lợi", "households", rows)], f)

    def millions(rng, r):
        # a sum in millions with three decimals: every value reads "1.500"
        return f"{rng.randint(1, 40)}.{rng.choice(['250', '500', '750', '125', '375', '200'])}"

    rows = make_rows(R("ambiguous-dot"), CHAU_DUC, 34, amount=millions, money_p=0)
    lay = Layout()
    cols = [C_STT, C_NAME, C_UNIT(), C_FIELD, C_YEAR,
            (("Kinh phí (triệu đồng)",), "amount")]
    f = figures(rows)
    case("ambiguous-dot", ["ambiguous dot"], "utf8", rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f),
          check_sum("Lĩnh vực", "Kinh phí (triệu đồng)", "amount", rows,
                    refuse=["--decimal-comma", "--decimal-point"])], f,
         note="`Kinh phí (triệu đồng)` holds only values like 12.500: 12500 or 12.5 million, undecidable")

    def hectares(rng, r):
        return f"{rng.randint(1, 9)}.{rng.choice(['200', '500', '250', '750', '400'])}"

    rows = make_rows(R("ambiguous-dot-tab"), MINH_LONG, 28, amount=hectares, money_p=0)
    lay = Layout(district="minh-long", unit_style="full", title=True)
    cols = [C_STT, C_NAME, C_UNIT("Xã"), C_FIELD, C_YEAR, C_STATUS,
            (("Diện tích (ha)",), "amount")]
    f = figures(rows)
    case("ambiguous-dot-tab", ["title block", "ambiguous dot"], "utf8-tab", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f),
          check_sum("Lĩnh vực", "Diện tích (ha)", "amount", rows,
                    refuse=["--decimal-comma", "--decimal-point"])], f,
         note="`Diện tích (ha)` holds only values like 2.500: 2500 ha or 2.5 ha, undecidable")

    # 18-19: status words for a stop, and per-status x columns
    rows = make_rows(R("stop-words"), CHAU_DUC, 72, p_kept=0.45)
    lay = Layout()
    cols = [C_STT, C_NAME, C_UNIT(), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    case("stop-words", ["stop words"], "utf8", rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_report(f)], f)

    rows = make_rows(R("status-x"), TAN_THANH, 50, stops=["Ngưng hoạt động", "Giải thể"])
    for r in rows:  # the three statuses the form has a column for
        if is_maintained(r["status"]):
            r["status"] = "Đang duy trì"
    lay = Layout(district="tan-thanh")
    cols = [C_STT, C_NAME, C_UNIT("Đơn vị"), C_FIELD, C_YEAR,
            (("Tình trạng", "Đang duy trì"), "x:Đang duy trì"),
            (("Tình trạng", "Ngưng hoạt động"), "x:Ngưng hoạt động"),
            (("Tình trạng", "Giải thể"), "x:Giải thể")]
    f = figures(rows)
    case("status-x", ["two-row header", "per-status x"], "bom-semi", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f)], f)

    # 20-21: rosters with STT and other prefixes
    rows = make_rows(R("roster-prefix"), TAN_THANH, 30)
    rows = [r for r in rows if r["unit"] not in (TAN_THANH[3], TAN_THANH[8])]
    lay = Layout(district="tan-thanh", unit_style="full")
    cols = [C_STT, C_NAME, C_UNIT("Đơn vị"), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    cov = coverage(rows, TAN_THANH, "abbr")
    case("roster-prefix", ["roster with STT, other prefixes"], "utf8", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_coverage("Đơn vị", "roster-tan-thanh.csv", cov)], f,
         roster="roster-tan-thanh.csv")

    rows = make_rows(R("roster-wards"), VUNG_TAU, 44)
    rows = [r for r in rows if r["unit"] not in (VUNG_TAU[2], VUNG_TAU[10])]
    lay = Layout(district="vung-tau", unit_style="bare")
    cols = [C_STT, C_NAME, C_UNIT("Phường, xã"), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    cov = coverage(rows, VUNG_TAU, "abbr")
    case("roster-wards", ["roster with STT, other prefixes"], "cp1258", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_report(f),
          check_coverage("Phường, xã", "roster-vung-tau.csv", cov)], f,
         roster="roster-vung-tau.csv")

    # 22-24: time
    rows = make_rows(R("empty-year"), CHAU_DUC, 56, no_year=8)
    lay = Layout()
    cols = [C_STT, C_NAME, C_UNIT(), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    case("empty-year", ["empty year"], "utf8", rows, build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f)], f)

    rows = make_rows(R("new-field"), MINH_LONG, 46, new_field=5, years=range(2019, 2024))
    lay = Layout(district="minh-long", unit_style="full")
    cols = [C_STT, C_NAME, C_UNIT("Xã"), C_FIELD, C_YEAR, C_STATUS]
    f = figures(rows)
    bfy = by_field_year(rows)
    case("new-field", ["field new in the last year"], "bom-semi", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f),
          {"id": "trend-by-field", "kind": "trend-by", "argv": ["trend", "--by", "Lĩnh vực", "-f", "json"],
           "expect": "figures", "series": bfy, "null_growth": [NEW_FIELD]}], f)

    # a sum in billions per year that is 1.5 every year, written in a
    # different order each year, so that binary sums differ in the last bit
    rows = []
    rng = R("constant-decimals")
    parts = [["0.1", "0.2", "0.3", "0.4", "0.5"], ["0.5", "0.4", "0.3", "0.2", "0.1"],
             ["0.3", "0.7", "0.2", "0.3"], ["0.2", "0.6", "0.7"], ["0.4", "0.4", "0.4", "0.3"]]
    for y, ps in zip(range(2019, 2024), parts):
        for p in ps:
            u = rng.choice(CHAU_DUC)
            fld = rng.choice(FIELDS4)
            rows.append({"model": rng.choice(MODELS[fld]), "owner": f"Đảng ủy {u[0].lower()} {u[1]}",
                         "unit": u, "level": "Xã", "field": fld, "year": y,
                         "status": rng.choice(MAINTAINED), "households": None, "money": None,
                         "amount": p})
    lay = Layout(title=True, form="KINH PHÍ VẬN ĐỘNG XÂY DỰNG MÔ HÌNH GIAI ĐOẠN 2019 - 2023")
    cols = [C_STT, C_NAME, C_UNIT(), C_FIELD, C_YEAR, (("Kinh phí (tỷ đồng)",), "amount")]
    f = figures(rows)
    per_year = {}
    for r in rows:
        per_year[str(r["year"])] = per_year.get(str(r["year"]), Decimal(0)) + Decimal(r["amount"])
    case("constant-decimals", ["title block", "constant decimal series"], "utf8", rows,
         build_register(lay, cols, rows),
         [check_trend(f),
          {"id": "trend-value-constant", "kind": "trend-constant",
           "argv": ["trend", "--value", "Kinh phí (tỷ đồng)", "-f", "json"], "expect": "figures",
           "series": {k: float(v) for k, v in per_year.items()}}], f,
         note="`Kinh phí (tỷ đồng)` sums to 1.5 every year: a constant series")

    # 25-27: wide tables
    def wide_check(rows):
        f = figures(rows)
        return {"id": "trend-wide", "kind": "trend", "argv": ["trend", "-f", "json"],
                "expect": "figures", "series": f["by_year"], "no_year": 0}

    rows = make_rows(R("wide-fields"), CHAU_DUC, 90, years=range(2019, 2024))
    lay = Layout(title=True, form="SỐ MÔ HÌNH “DÂN VẬN KHÉO” ĐĂNG KÝ THEO LĨNH VỰC, 2019 - 2023")
    f = figures(rows)
    case("wide-fields", ["title block", "wide table (a column per year)", "total row"], "utf8",
         rows, build_wide(lay, rows, "field"), [wide_check(rows)], f)

    rows = make_rows(R("wide-units"), TAN_THANH, 75, years=range(2018, 2024))
    lay = Layout(unit_style="abbr", district="tan-thanh")
    f = figures(rows)
    case("wide-units", ["wide table (a column per year)", "two-row header", "total row"],
         "bom-semi", rows,
         build_wide(lay, rows, "unit", group_heading="Số mô hình đăng ký", units=TAN_THANH),
         [wide_check(rows)], f)

    rows = make_rows(R("wide-utf16"), VUNG_TAU, 64, years=range(2020, 2024))
    lay = Layout(colnums=True, signature=True, district="vung-tau")
    f = figures(rows)
    case("wide-utf16", ["wide table (a column per year)", "column numbers", "total row",
                        "signature block"], "utf16", rows, build_wide(lay, rows, "field"),
         [wide_check(rows)], f)

    # 28: an aggregated form, one row per unit and field
    rows = make_rows(R("aggregated"), MINH_LONG, 60, hh_big=0.1)
    lay = Layout(merged=True, district="minh-long", unit_style="full", numbers="dots",
                 title=True, colnums=True, form="BIỂU TỔNG HỢP KẾT QUẢ “DÂN VẬN KHÉO” 2018 - 2023")
    f = figures(rows)
    ratio = {k: [v["maintained"], v["registered"]] for k, v in f["maintained_by_field"].items()}
    case("aggregated", ["title block", "column numbers", "two-row header", "units merged down",
                        "subtotals with sums", "grand total", "thousands dots"], "bom-semi", rows,
         build_aggregated(lay, rows, MINH_LONG),
         [check_count("Lĩnh vực", f, extra=("--weight", "Đăng ký")),
          {"id": "ratio-cols", "kind": "ratio",
           "argv": ["ratio", "--by", "Lĩnh vực", "--num-col", "Duy trì", "--den-col", "Đăng ký",
                    "-f", "json"], "expect": "figures", "groups": ratio,
           "overall": [f["maintained"], f["total"]]},
          check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows)], f)

    # 29-30: everything at once
    rows = make_rows(R("full-form"), CHAU_DUC, 96, agencies=10, hh_big=0.1, p_kept=0.5)
    rows = [r for r in rows if r["unit"] != CHAU_DUC[11]]
    lay = Layout(title=True, colnums=True, group="sections-units", subtotal="sum",
                 grand_total="Tổng cộng toàn huyện", numbers="dots-d", signature=True, notes=True,
                 form="DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” GIAI ĐOẠN 2018 - 2023")
    cols = [C_STT, C_NAME, C_OWNER, C_FIELD, C_YEAR, C_STATUS,
            (("Kết quả", "Số hộ"), "households"), (("Kết quả", "Kinh phí (đồng)"), "money")]
    f = figures(rows)
    case("full-form", ["title block", "column numbers", "two-row header", "sections",
                       "unit headings", "subtotals with sums", "grand total", "thousands dots",
                       "stop words", "signature block", "notes"], "bom-semi", rows,
         build_register(lay, cols, rows),
         [check_count("Lĩnh vực", f), check_trend(f), check_report(f),
          check_sum("Lĩnh vực", "Kinh phí (đồng)", "money", rows),
          check_sum("Lĩnh vực", "Số hộ", "households", rows)], f)

    rows = make_rows(R("full-form-cp1258"), MINH_LONG, 58, no_year=5, agencies=6,
                     stops=["Ngưng hoạt động", "Tạm dừng", "Không còn duy trì"])
    lay = Layout(title=True, merged=True, group="sections", subtotal="label",
                 grand_total="Tổng cộng toàn huyện", signature=True, district="minh-long",
                 unit_style="lower", year_style="date", section_style="stt")
    cols = [C_STT, C_UNIT("Xã"), C_NAME, C_FIELD, (("Ngày đăng ký",), "year"), C_STATUS, C_HH]
    f = figures(rows)
    cov = coverage(rows, MINH_LONG, "bare")
    case("full-form-cp1258", ["title block", "units merged down", "sections",
                              "subtotals with a label only", "grand total", "empty year",
                              "dates", "stop words", "signature block",
                              "roster with STT, other prefixes"], "cp1258", rows,
         build_register(lay, cols, rows),
         [asked(check_count("Lĩnh vực", f)), asked(check_trend(f)), asked(check_report(f)),
          asked(check_coverage("Xã", "roster-minh-long.csv", cov)),
          told(check_count("Lĩnh vực", f), "--fill-down", "Xã"),
          told(check_trend(f), "--fill-down", "Xã"),
          told(check_report(f), "--fill-down", "Xã"),
          told(check_coverage("Xã", "roster-minh-long.csv", cov), "--fill-down", "Xã")], f,
         roster="roster-minh-long.csv",
         note="the last commune's rows run to the subtotal of the section: merged or no unit?")

    # 31-34: merged cells that a CSV leaves ambiguous, and those it does not;
    # rows written by hand, the figures counted from them by figures()
    KT, VH, QP, CT = FIELDS4
    HEAD = ["Xã", "Tên mô hình", "Lĩnh vực", "Năm", "Tình trạng"]
    # district agencies after the communes, with the district written again
    # and no commune: filled down, they would count as the commune above
    rows = [model("Xã Bình Ba", "Camera an ninh", QP, 2021, "Duy trì"),
            model("Xã Bình Ba", "Tủ sách cộng đồng", VH, 2022, "Duy trì"),
            model("Xã Bình Giã", "Chi bộ kiểu mẫu", CT, 2020, "Duy trì"),
            model("Xã Bình Giã", "Cánh đồng lớn", KT, 2021, "Tạm dừng"),
            model("Xã Bình Giã", "Tuyến đường hoa", VH, 2022, "Đang duy trì"),
            model(None, "Dân vận chính quyền thân thiện", CT, 2022, "Duy trì",
                  owner="Ban Dân vận Huyện ủy"),
            model(None, "Camera an ninh", QP, 2023, "Đang duy trì", owner="Công an huyện"),
            model("Xã Kim Long", "Tổ hợp tác trồng tiêu", KT, 2019, "Duy trì")]
    f = figures(rows)
    seen = set()

    def district(r):
        # the district on the first row, and on each of its own rows
        u = r["unit"]
        first = not seen
        seen.add(1)
        return ["Huyện Châu Đức" if first or u is None else ""]
    case("district-agency", ["units merged down", "district agencies"], "utf8", rows,
         laid_merged(["Huyện"] + HEAD, rows, first=district),
         [asked(check_count_unit("Xã", rows, "full")), asked(check_count("Lĩnh vực", f)),
          told(check_count("Lĩnh vực", f), "--no-fill-down")], f,
         note="the district's own rows leave 'Xã' empty after Xã Bình Giã: no option "
              "recovers the commune of each row, so the reader asks")

    # the last commune's rows run to the end of the file
    rows = [model("Xã Long Hiệp", "Một cửa thân thiện", CT, 2019, "Duy trì"),
            model("Xã Long Hiệp", "Bếp ăn tình thương", VH, 2020, "Duy trì"),
            model("Xã Long Hiệp", "Camera an ninh", QP, 2021, "Ngưng hoạt động"),
            model("Xã Long Mai", "Cánh đồng lớn", KT, 2021, "Duy trì"),
            model("Xã Long Mai", "Tủ sách cộng đồng", VH, 2022, "Giải thể"),
            model("Xã Long Môn", "Tiếng loa biên phòng", QP, 2020, "Đang duy trì"),
            model("Xã Long Môn", "Chăn nuôi bò sinh sản", KT, 2022, "Duy trì"),
            model("Xã Long Môn", "Chi bộ kiểu mẫu", CT, 2023, "Duy trì, hiệu quả")]
    f = figures(rows)
    case("merged-trailing", ["units merged down", "a run of empty cells to the end"], "utf8",
         rows, laid_merged(["STT"] + HEAD, rows, stt=True),
         [asked(check_count_unit("Xã", rows, "full")),
          told(check_count_unit("Xã", rows, "full"), "--fill-down", "Xã"),
          told(check_count("Lĩnh vực", f), "--no-fill-down")], f,
         note="Xã Long Môn's rows run to the end of the file: merged or no unit?")

    # every empty cell inside a block the next commune's name closes
    rows = [model("Xã Long Hiệp", "Một cửa thân thiện", CT, 2019, "Duy trì"),
            model("Xã Long Hiệp", "Bếp ăn tình thương", VH, 2020, "Duy trì"),
            model("Xã Long Hiệp", "Camera an ninh", QP, 2021, "Ngưng hoạt động"),
            model("Xã Long Mai", "Cánh đồng lớn", KT, 2021, "Duy trì"),
            model("Xã Long Mai", "Tủ sách cộng đồng", VH, 2022, "Giải thể"),
            model("Xã Long Môn", "Tiếng loa biên phòng", QP, 2020, "Đang duy trì"),
            model("Xã Long Môn", "Chăn nuôi bò sinh sản", KT, 2022, "Duy trì"),
            model("Xã Long Sơn", "Chi bộ kiểu mẫu", CT, 2023, "Duy trì, hiệu quả")]
    f = figures(rows)
    case("merged-inside", ["units merged down", "every block closed by the next name"], "utf8",
         rows, laid_merged(["STT"] + HEAD, rows, stt=True),
         [check_count_unit("Xã", rows, "full"), check_count("Lĩnh vực", f)], f)

    # a list of two models whose rows read as section headings by their text
    # ("Xã …", no number): records all the same
    rows = [model("Xã Long Hiệp", "Camera an ninh", QP, 2022, "Duy trì"),
            model("Xã Long Mai", "Tủ sách cộng đồng", VH, 2022, "Duy trì")]
    f = figures(rows)
    case("heading-record", ["rows that read as headings", "a total"], "utf8", rows,
         [["STT", "Xã", "Tên mô hình"]] +
         [[str(k), unit_full(r["unit"]), r["model"]] for k, r in enumerate(rows, 1)] +
         [["", "Cộng", "2"]],
         [asked(check_count_unit("Xã", rows, "full"), ["--keep-sections"]),
          told(check_count_unit("Xã", rows, "full"), "--keep-sections")], f,
         note="a row of a commune and a model reads as a heading: the reader asks")


# ------------------------------------------------------------------ output
def truth_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["stt", "model", "owner", "unit", "level", "field", "year", "status",
                    "maintained", "households", "money", "amount"])
        for k, r in enumerate(rows, 1):
            w.writerow([k, r["model"], r["owner"], unit_full(r["unit"]) if r["unit"] else "",
                        r["level"], r["field"], r["year"] if r["year"] is not None else "",
                        r["status"], int(is_maintained(r["status"])),
                        "" if r["households"] is None else r["households"],
                        "" if r["money"] is None else r["money"],
                        "" if r["amount"] is None else r["amount"]])


def describe(c):
    f = c["figures"]
    fields = ", ".join(f"{k} {v}" for k, v in sorted(f["by_field"].items(), key=lambda kv: -kv[1]))
    years = ", ".join(str(v) for v in f["by_year"].values())
    ys = list(f["by_year"])
    s = f"{f['total']} models ({fields}); {ys[0]}–{ys[-1]}: {years}"
    if f["no_year"]:
        s += f", {f['no_year']} with no year"
    s += f"; maintained {f['maintained']} of {f['total']}"
    if f["sums"]["money"]:
        s += f"; money {f['sums']['money']:,} đ".replace(",", ".")
    if f["sums"]["households"]:
        s += f"; households {f['sums']['households']:,}".replace(",", ".")
    for ch in c["checks"]:
        if ch["kind"] == "coverage" and ch["expect"] == "figures" and "coverage" not in s:
            s += f"; coverage {ch['met']} of {ch['units']}"
    if c["note"]:
        s += f"; {c['note']}"
    return s


def command_line(ch, name):
    def q(a):
        return f"'{a}'" if any(x in a for x in " ,()") else a
    argv = [a.replace("{dir}/", "").replace("{out}", name) for a in ch["argv"]]
    return "`dvkstat " + " ".join(q(a) for a in argv) + f" {name}.csv`"


def write_all():
    os.makedirs(os.path.join(HERE, "truth"), exist_ok=True)
    define()
    for fname, (units, style, header, extra, title) in ROSTERS.items():
        enc, delim, crlf = FMT[ROSTER_FMT[fname]]
        write_file(os.path.join(HERE, fname), build_roster(units, style, header, extra, title),
                   delim, enc, crlf)
    lines = []
    for c in CASES:
        enc, delim, crlf = FMT[c["fmt"]]
        write_file(os.path.join(HERE, c["name"] + ".csv"), c["laid"], delim, enc, crlf)
        truth_csv(os.path.join(HERE, "truth", c["name"] + ".csv"), c["rows"])
        refuse = [o for ch in c["checks"] if ch["expect"] == "refuse" for o in ch["options"]]
        exp = {"case": c["name"], "file": c["name"] + ".csv", "truth_rows": "truth/" + c["name"] + ".csv",
               "shapes": c["shapes"], "format": FMT_TEXT[c["fmt"]],
               "expect": "refuse" if refuse else "figures"}
        if refuse:
            exp["option"] = sorted(set(refuse))
        if c["roster"]:
            exp["roster"] = c["roster"]
        exp["truth"] = c["figures"]
        exp["checks"] = c["checks"]
        with open(os.path.join(HERE, c["name"] + ".expected.json"), "w", encoding="utf-8") as fh:
            json.dump(exp, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        cmds = "; ".join(command_line(ch, c["name"]) + (" (refuse: " + " or ".join(ch["options"]) + ")"
                                                        if ch["expect"] == "refuse" else "")
                         for ch in c["checks"])
        lines.append(f"| `{c['name']}` | {', '.join(c['shapes'])} | {FMT_TEXT[c['fmt']]} | "
                     f"{describe(c)} | {cmds} |")
    # the table of cases in README.md, between its markers
    readme = os.path.join(HERE, "README.md")
    table = ("| case | shapes | encoding, dialect | true figures | commands (no layout option) |\n"
             "| --- | --- | --- | --- | --- |\n" + "\n".join(lines) + "\n")
    text = open(readme, encoding="utf-8").read() if os.path.exists(readme) else \
        "<!-- cases -->\n<!-- /cases -->\n"
    a, b = text.index("<!-- cases -->\n"), text.index("<!-- /cases -->")
    with open(readme, "w", encoding="utf-8") as fh:
        fh.write(text[:a] + "<!-- cases -->\n" + table + text[b:])


def print_figures():
    """The truth figures of every expected.json, one per line, as
    tests/reference/forms.R prints its own."""
    out = []
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".expected.json"):
            continue
        e = json.load(open(os.path.join(HERE, name), encoding="utf-8"))
        c, t = e["case"], e["truth"]
        out.append(f"{c}\ttotal\t\t{t['total']}")
        out.append(f"{c}\tno_year\t\t{t['no_year']}")
        out.append(f"{c}\tmaintained\t\t{t['maintained']}")
        for k, v in t["by_field"].items():
            out.append(f"{c}\tfield\t{k}\t{v}")
        for k, v in t["by_year"].items():
            if v:
                out.append(f"{c}\tyear\t{k}\t{v}")
        for k, v in t["maintained_by_field"].items():
            out.append(f"{c}\tfield_maintained\t{k}\t{v['maintained']}")
        for k, v in t["by_unit"].items():
            out.append(f"{c}\tunit\t{k}\t{v}")
        out.append(f"{c}\tsum\thouseholds\t{t['sums']['households']}")
        out.append(f"{c}\tsum\tmoney\t{t['sums']['money']}")
        if "amount" in t["sums"]:
            out.append(f"{c}\tsum\tamount\t{Decimal(t['sums']['amount']):.3f}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--figures"]:
        print_figures()
    else:
        write_all()
