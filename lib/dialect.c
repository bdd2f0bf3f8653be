/* dialect.c: a CSV sample's line end and delimiter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pure function of the sample, so that it can be tested and fuzzed on
 * its own and a reader of a part can take the whole's answer.
 */
#include "reader.h"

void dvk_dialect_sniff(const char *s, size_t n, int whole, int requested,
                       struct dvk_dialect *d)
{
    d->line_end = LE_NONE;
    int inq = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            inq = !inq;
        else if (!inq && c == '\n') {
            d->line_end = LE_LF;
            break;
        } else if (!inq && c == '\r') {
            d->line_end = (i + 1 < n && s[i + 1] == '\n') ? LE_CRLF : LE_CR;
            break;
        }
    }
    d->term = d->line_end == LE_CR ? '\r' : '\n';
    d->other_term = d->line_end == LE_CR ? '\n' : '\r';

    if (requested) {
        d->delimiter = requested;
        return;
    }
    static const char candidates[] = {',', ';', '\t', '|'};
    enum { NC = 4, MAX_RECORDS = 200 };
    size_t counts[NC][MAX_RECORDS];
    size_t nrec = 0, cur[NC] = {0};
    int nonempty = 0;
    inq = 0;
    size_t i;
    for (i = 0; i < n && nrec < MAX_RECORDS; i++) {
        char c = s[i];
        if (c == '"') {
            inq = !inq;
            nonempty = 1;
        } else if (!inq && (c == '\n' || c == '\r')) {
            if (nonempty) {
                for (int k = 0; k < NC; k++) {
                    counts[k][nrec] = cur[k];
                    cur[k] = 0;
                }
                nrec++;
            }
            nonempty = 0;
        } else if (!inq) {
            nonempty = 1;
            for (int k = 0; k < NC; k++)
                if (c == candidates[k])
                    cur[k]++;
        }
    }
    /* The last line counts only when the sample holds the whole input. */
    if (nonempty && nrec < MAX_RECORDS && whole) {
        for (int k = 0; k < NC; k++)
            counts[k][nrec] = cur[k];
        nrec++;
    }
    /* Each candidate's most common count of delimiters a line (not
     * counting lines without one: a title above the table has none), and
     * on how many lines; the candidate that splits the most lines alike
     * wins, then the one that makes more fields; none: ','. */
    int best = -1;
    size_t best_lines = 0, best_count = 0;
    for (int k = 0; k < NC; k++) {
        size_t mode = 0, lines = 0;
        for (size_t j = 0; j < nrec; j++) {
            size_t c = counts[k][j], same = 0;
            if (c == 0 || c == mode)
                continue;
            for (size_t m = 0; m < nrec; m++)
                same += counts[k][m] == c;
            if (same > lines || (same == lines && c > mode)) {
                mode = c;
                lines = same;
            }
        }
        /* One line alike is no evidence when there are more lines: a
         * value with a ';' in a one-column list. */
        if (lines < (nrec >= 2 ? 2u : 1u))
            continue;
        if (best < 0 || lines > best_lines || (lines == best_lines && mode > best_count)) {
            best = k;
            best_lines = lines;
            best_count = mode;
        }
    }
    d->delimiter = best < 0 ? ',' : candidates[best];
}

