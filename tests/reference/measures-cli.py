# measures-cli.py: what tests/cli-measures.sh expects of
#     dvkstat count --by Huyện,Xã --rollup --sum S --mean S --median S --min S
#         --max S --distinct 'Mã mô hình' --count-if 'Tình trạng=Duy trì'
#         -f csv --lang en tests/data/measures.csv
# (S = 'Số hộ hưởng lợi'), worked out with Python's standard library only:
# sum(), statistics.mean(), statistics.median(), min(), max(), len(set())
# of the model codes (trimmed, spaces collapsed and case-folded, as
# DVK_TEXT_KEY does for codes), and how many rows are maintained (a row
# with no status is left out).  A household count that is empty or not a
# number ("không rõ", "x") is left out of its measures, never taken as 0.
# Groups come largest first (ties by their labels), a district's subtotal
# after its communes, the total last; numbers as dvkstat writes them in
# CSV (whole numbers bare, others to 15 significant digits).
#     /usr/bin/python3 tests/reference/measures-cli.py count [tests/data/measures.csv]
# prints that CSV, and then the number of values each measure leaves out;
#     ... measures-cli.py crosstab [FILE]
# prints that of
#     dvkstat crosstab --rows Huyện,Xã --cols Năm --rollup --sum S
#         --distinct 'Mã mô hình' -f csv --lang en FILE
# (rows by their labels, a row's measures of all its cells).
import csv
import re
import statistics
import sys

mode = sys.argv[1] if len(sys.argv) > 1 else "count"
path = sys.argv[2] if len(sys.argv) > 2 else "tests/data/measures.csv"
with open(path, encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))

S = "Số hộ hưởng lợi"


def number(text):
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(,\d{3})+|\d+(\.\d+)?", text):
        return float(text.replace(",", ""))
    return None


def key(text):
    return " ".join(text.split()).casefold()


def fmt(x):
    if x is None:
        return ""
    if x == int(x) and abs(x) < 1e15:
        return "%.0f" % x
    return "%.15g" % x


def figures(members, total):
    xs = [number(r[S]) for r in members]
    xs = [x for x in xs if x is not None]
    codes = {key(r["Mã mô hình"]) for r in members if key(r["Mã mô hình"])}
    status = [r["Tình trạng"] for r in members if r["Tình trạng"].strip()]
    return [fmt(len(members)), fmt(len(members) / total),
            fmt(sum(xs) if xs else None),
            fmt(statistics.mean(xs) if xs else None),
            fmt(statistics.median(xs) if xs else None),
            fmt(min(xs) if xs else None), fmt(max(xs) if xs else None),
            fmt(len(codes)), fmt(sum(key(s) == key("Duy trì") for s in status))]


total = len(rows)
districts = {}
for r in rows:
    districts.setdefault(r["Huyện"], {}).setdefault(r["Xã"], []).append(r)
out = csv.writer(sys.stdout, lineterminator="\n")
if mode == "crosstab":
    years = sorted({r["Năm"] for r in rows})

    def line(label, members):
        xs = [number(r[S]) for r in members]
        xs = [x for x in xs if x is not None]
        codes = {key(r["Mã mô hình"]) for r in members if key(r["Mã mô hình"])}
        return label + [fmt(sum(r["Năm"] == y for r in members)) for y in years] + \
            [fmt(len(members)), fmt(sum(xs) if xs else None), fmt(len(codes))]
    out.writerow(["Huyện", "Xã"] + years + ["Total", "sum of " + S, "distinct Mã mô hình"])
    for d in sorted(districts):
        for c in sorted(districts[d]):
            out.writerow(line([d, c], districts[d][c]))
        out.writerow(line(["Total " + d, ""], sum(districts[d].values(), [])))
    out.writerow(line(["Total", ""], rows))
    sys.exit(0)
out.writerow(["Huyện", "Xã", "count", "share", "sum of " + S, "mean of " + S,
              "median of " + S, "least " + S, "greatest " + S, "distinct Mã mô hình",
              "count where Tình trạng=Duy trì"])
order = sorted(districts, key=lambda d: (-sum(map(len, districts[d].values())), d))
for d in order:
    communes = districts[d]
    for c in sorted(communes, key=lambda c: (-len(communes[c]), c)):
        out.writerow([d, c] + figures(communes[c], total))
    out.writerow(["Total " + d, ""] + figures(sum(communes.values(), []), total))
out.writerow(["Total", ""] + figures(rows, total))
left = sum(number(r[S]) is None for r in rows)
print("left out: %d of %s, %d of Tình trạng" %
      (left, S, sum(not r["Tình trạng"].strip() for r in rows)))
