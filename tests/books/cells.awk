# cells.awk: the cells of a CSV file (as "dvkstat clean" writes it), one a
# line: ROW<TAB>COLUMN<TAB>TEXT, a line end in TEXT written as \n and a
# tab as \t.  With drop="K L", rows K and L are left out and the rows
# under them numbered as if they were not there.  Used by cli-books.sh.
# SPDX-License-Identifier: GPL-3.0-or-later
BEGIN { RS = "\001"; n = split(drop, d, " "); for (i = 1; i <= n; i++) gone[d[i]] = 1 }
{
    s = $0; len = length(s); row = 1; col = 1; out = 0; field = ""; quoted = 0
    for (i = 1; i <= len; i++) {
        c = substr(s, i, 1)
        if (quoted) {
            if (c == "\"") {
                if (substr(s, i + 1, 1) == "\"") { field = field "\""; i++ }
                else quoted = 0
            } else field = field c
        } else if (c == "\"") quoted = 1
        else if (c == "," || c == "\n") {
            if (!(row in gone)) cell(row - out, col, field)
            field = ""
            if (c == ",") col++
            else { if (row in gone) out++; row++; col = 1 }
        } else if (c != "\r") field = field c
    }
    if (field != "" || col > 1) if (!(row in gone)) cell(row - out, col, field)
}
function cell(r, c, t) {
    gsub(/\n/, "\\n", t); gsub(/\t/, "\\t", t)
    print r "\t" c "\t" t
}
