# measures.py: the figures of tests/test-measure.c, from Python's standard
# library on tests/data/measures.csv: per group, the households counted and
# left out (empty or not a number), sum(), statistics.mean(), min(), max(),
# statistics.median(), len(set(...)) of the model codes (trimmed and
# case-folded, as DVK_TEXT_KEY does for codes), and how many rows are
# maintained ("Duy trì"; a row with no status is left out).
# /usr/bin/python3 tests/reference/measures.py [tests/data/measures.csv]
import csv
import re
import statistics
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "tests/data/measures.csv"
with open(path, encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))

def number(text):
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?", text):
        return float(text.replace(",", ""))
    return None

def key(text):
    return " ".join(text.split()).casefold()

for parts in (["Huyện", "Xã"], ["Huyện"], []):
    groups = {}
    for row in rows:
        groups.setdefault(tuple(row[p] for p in parts), []).append(row)
    print("by", "+".join(parts) or "nothing")
    for name, members in groups.items():
        values = [number(r["Số hộ hưởng lợi"]) for r in members]
        xs = [x for x in values if x is not None]
        codes = [key(r["Mã mô hình"]) for r in members if key(r["Mã mô hình"])]
        status = [r["Tình trạng"] for r in members if r["Tình trạng"]]
        print(" ", "/".join(name) or "all",
              "counted", len(xs), "left_out", len(values) - len(xs),
              "sum", repr(sum(xs)) if xs else "nan",
              "mean", repr(statistics.mean(xs)) if xs else "nan",
              "min", repr(min(xs)) if xs else "nan",
              "max", repr(max(xs)) if xs else "nan",
              "median", repr(statistics.median(xs)) if xs else "nan",
              "sumsq", repr(sum(x * x for x in xs)),
              "distinct", len(set(codes)), "of", len(codes),
              "maintained", sum(s == "Duy trì" for s in status), "of", len(status))

# test_budget_large: 200000 rows, row i in group b when i % 4 == 3, else a;
# its code "m-N", its value i % 1000.
rows = range(200000)
for name, member in (("a", lambda i: i % 4 != 3), ("b", lambda i: i % 4 == 3)):
    codes = {"m-%d" % (i if name == "b" else i // 2 % 75000 * 2) for i in rows if member(i)}
    values = [i % 1000 for i in rows if member(i)]
    print("large", name, "distinct", len(codes), "median", statistics.median(values))
