// fuzz-options: -max_len=512
/* fuzz-aggregate.c: libFuzzer harness from CSV to every output format.
 * The input is read as a register and aggregated as the commands do:
 * counted by its first column, crossed by the first two, a ratio (rows
 * whose last cell is a positive number, of all rows) with its interval,
 * and a series over the time column when one is found.  The tables are
 * written as JSON, and in one more format the input picks (so every
 * format is reached), to standard output made a memory file (xlsx, one
 * input in 64, to a file in /dev/shm or /tmp).  Every writer call must
 * succeed, and the JSON must parse (a small validator below: a JSON
 * output holds one array per table).  The first byte picks the writer's
 * flags, the period kind, the decimal mark and the second format.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memfd_create */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dvkstat.h>

/* ------------------------------------------------------------ JSON check */

struct json {
    const char *s, *end;
    int depth;
};

static void json_space(struct json *j)
{
    while (j->s < j->end && (*j->s == ' ' || *j->s == '\n' || *j->s == '\r' || *j->s == '\t'))
        j->s++;
}

static int json_value(struct json *j);

static int json_literal(struct json *j, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->s) < n || memcmp(j->s, word, n) != 0)
        return 0;
    j->s += n;
    return 1;
}

static int json_string(struct json *j)
{
    if (j->s >= j->end || *j->s != '"')
        return 0;
    for (j->s++; j->s < j->end; j->s++) {
        unsigned char c = (unsigned char)*j->s;
        if (c == '"') {
            j->s++;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            if (++j->s >= j->end)
                return 0;
            if (*j->s == 'u') {
                for (int i = 0; i < 4; i++)
                    if (++j->s >= j->end || !strchr("0123456789abcdefABCDEF", *j->s) || !*j->s)
                        return 0;
            } else if (!strchr("\"\\/bfnrt", *j->s) || !*j->s) {
                return 0;
            }
        }
    }
    return 0;
}

static int json_digits(struct json *j)
{
    const char *start = j->s;
    while (j->s < j->end && *j->s >= '0' && *j->s <= '9')
        j->s++;
    return j->s > start;
}

static int json_number(struct json *j)
{
    if (j->s < j->end && *j->s == '-')
        j->s++;
    if (j->s < j->end && *j->s == '0')
        j->s++;
    else if (!json_digits(j))
        return 0;
    if (j->s < j->end && *j->s == '.') {
        j->s++;
        if (!json_digits(j))
            return 0;
    }
    if (j->s < j->end && (*j->s == 'e' || *j->s == 'E')) {
        j->s++;
        if (j->s < j->end && (*j->s == '+' || *j->s == '-'))
            j->s++;
        if (!json_digits(j))
            return 0;
    }
    return 1;
}

static int json_members(struct json *j, char close, int keyed)
{
    j->s++;
    json_space(j);
    if (j->s < j->end && *j->s == close) {
        j->s++;
        return 1;
    }
    for (;;) {
        if (keyed) {
            if (!json_string(j))
                return 0;
            json_space(j);
            if (j->s >= j->end || *j->s++ != ':')
                return 0;
        }
        if (!json_value(j))
            return 0;
        json_space(j);
        if (j->s >= j->end)
            return 0;
        char c = *j->s++;
        if (c == close)
            return 1;
        if (c != ',')
            return 0;
        json_space(j);
    }
}

static int json_value(struct json *j)
{
    json_space(j);
    if (j->s >= j->end || ++j->depth > 64)
        return 0;
    int ok;
    switch (*j->s) {
    case '{': ok = json_members(j, '}', 1); break;
    case '[': ok = json_members(j, ']', 0); break;
    case '"': ok = json_string(j); break;
    case 't': ok = json_literal(j, "true"); break;
    case 'f': ok = json_literal(j, "false"); break;
    case 'n': ok = json_literal(j, "null"); break;
    default: ok = json_number(j); break;
    }
    j->depth--;
    return ok;
}

/* One or more JSON values, one after another. */
static int json_valid(const char *s, size_t len)
{
    struct json j = {s, s + len, 0};
    int values = 0;
    for (;;) {
        json_space(&j);
        if (j.s == j.end)
            return values > 0;
        if (!json_value(&j))
            return 0;
        values++;
    }
}

/* --------------------------------------------------------------- tables */

/* Text formats go to standard output, which is a memory file: no file is
 * created, synced and renamed per input, and JSON is read back from it
 * directly.  xlsx (a file only) goes to a file in /dev/shm or /tmp. */
static int out_fd = -1;
static char path[64];
static char *contents;
static size_t contents_cap;

static void setup(void)
{
    snprintf(path, sizeof path, "%s/dvkstat-fuzz-%ld.xlsx",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (long)getpid());
    out_fd = memfd_create("dvkstat-fuzz-out", 0);
    if (out_fd < 0 || fflush(stdout) != 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
        fcntl(STDOUT_FILENO, F_SETFL, O_APPEND) < 0)
        abort();
}

#define CHECK(call)          \
    do {                     \
        if ((call) != DVK_OK) \
            abort();         \
    } while (0)

static void write_agg(dvk_writer *w, const dvk_agg *a, const char *sheet, int ratio)
{
    size_t parts = dvk_agg_parts(a), n = dvk_agg_size(a);
    const char *names[8] = {"Nhóm", "Nhóm 2"};
    size_t ncols = parts;
    names[ncols++] = ratio ? "Có" : "Số lượng";
    names[ncols++] = ratio ? "Tỉ lệ" : "Tỉ trọng";
    if (ratio) {
        names[ncols++] = "Thấp";
        names[ncols++] = "Cao";
    }
    double total = 0;
    for (size_t g = 0; g < n; g++)
        total += dvk_agg_value(a, g, 0);
    CHECK(dvk_writer_heading(w, 2, sheet));
    CHECK(dvk_writer_set_sheet(w, sheet));
    CHECK(dvk_writer_set_chart(w, DVK_CHART_BAR, 0, parts, n));
    if (ratio)
        CHECK(dvk_writer_set_chart_interval(w, parts + 2, parts + 3));
    CHECK(dvk_writer_begin(w, ncols, names));
    for (size_t g = 0; g < n; g++) {
        for (size_t p = 0; p < parts; p++)
            CHECK(dvk_writer_text(w, dvk_agg_label(a, g, p), -1));
        double v = dvk_agg_value(a, g, 0);
        CHECK(dvk_writer_number(w, v, -1));
        if (ratio) {
            double rows = dvk_agg_value(a, g, 1), low, high;
            CHECK(dvk_writer_percent(w, rows > 0 ? v / rows : 0.0 / 0.0, 1));
            if (dvk_prop_wilson(v, rows, 0.95, &low, &high) == DVK_OK) {
                CHECK(dvk_writer_percent(w, low, 1));
                CHECK(dvk_writer_percent(w, high, 1));
            } else {
                CHECK(dvk_writer_null(w));
                CHECK(dvk_writer_null(w));
            }
        } else {
            CHECK(dvk_writer_percent(w, total > 0 ? v / total : 0.0 / 0.0, 1));
        }
        CHECK(dvk_writer_end_row(w));
    }
    CHECK(dvk_writer_end(w));
}

static void write_series(dvk_writer *w, const dvk_series *s)
{
    static const char *const names[] = {"Kỳ", "Số lượng"};
    size_t n = dvk_series_length(s);
    double t[64], y[64];
    CHECK(dvk_writer_heading(w, 2, "trend"));
    CHECK(dvk_writer_set_sheet(w, "trend"));
    CHECK(dvk_writer_set_chart(w, DVK_CHART_LINE, 0, 1, 0));
    CHECK(dvk_writer_begin(w, 2, names));
    for (size_t k = 0; k < n && k < 64; k++) {
        char label[64];
        t[k] = (double)dvk_series_time(s, k);
        y[k] = dvk_series_value(s, k);
        dvk_time_format(dvk_series_time(s, k), dvk_series_period(s), label, sizeof label);
        CHECK(dvk_writer_text(w, label, -1));
        CHECK(dvk_writer_number(w, y[k], -1));
        CHECK(dvk_writer_end_row(w));
    }
    CHECK(dvk_writer_end(w));
    struct dvk_trend_stats st;
    if (dvk_trend_analyze(t, y, n < 64 ? n : 64, DVK_TREND_COUNT, 0.05, &st) == DVK_OK) {
        char text[128];
        snprintf(text, sizeof text, "Sen %g, Mann-Kendall p %g", st.sen_slope, st.mk_p);
        CHECK(dvk_writer_paragraph(w, text));
    }
}

static void write_all(int format, unsigned flags, dvk_agg *const *tables, const dvk_series *s)
{
    static const char *const titles[] = {"count", "crosstab", "ratio"};
    dvk_writer *w = dvk_writer_new(format, flags);
    if (!w || ftruncate(out_fd, 0) != 0)
        abort();
    CHECK(dvk_writer_open(w, format == DVK_FORMAT_XLSX ? path : "-"));
    CHECK(dvk_writer_set_document(w, "Báo cáo <thử>", "vi"));
    CHECK(dvk_writer_heading(w, 1, "Báo cáo"));
    CHECK(dvk_writer_paragraph(w, "Đoạn & \"văn\""));
    for (int i = 0; i < 3; i++)
        if (tables[i])
            write_agg(w, tables[i], titles[i], i == 2);
    if (s)
        write_series(w, s);
    CHECK(dvk_writer_commit(w));
    dvk_writer_free(w);
    if (format != DVK_FORMAT_JSON)
        return;
    struct stat sb;
    if (fstat(out_fd, &sb) != 0)
        abort();
    size_t len = (size_t)sb.st_size;
    if (len > contents_cap) {
        contents_cap = len;
        contents = realloc(contents, contents_cap);
        if (!contents)
            abort();
    }
    if (pread(out_fd, contents, len, 0) != (ssize_t)len)
        abort();
    if (!json_valid(contents, len)) {
        fprintf(stderr, "invalid JSON:\n%.*s\n", (int)len, contents);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (out_fd < 0)
        setup();
    unsigned pick = data[0];
    data++, size--;
    dvk_reader *r = dvk_reader_new();
    dvk_grouper *by1 = NULL, *by2 = NULL;
    dvk_agg *tables[3] = {NULL, NULL, NULL};
    dvk_series *s = NULL;
    if (!r)
        return 0;
    dvk_reader_set_encoding(r, "utf-8");
    if (dvk_reader_open_memory(r, data, size, "fuzz") != DVK_OK || dvk_reader_column_count(r) == 0)
        goto done;
    size_t ncols = dvk_reader_column_count(r);
    static const char *const first[] = {"1"}, *const two[] = {"1", "2"};
    if (dvk_grouper_new(r, first, 1, &by1) != DVK_OK)
        goto done;
    if (ncols >= 2 && dvk_grouper_new(r, two, 2, &by2) != DVK_OK)
        goto done;
    tables[0] = dvk_agg_new(1, 1);
    tables[1] = by2 ? dvk_agg_new(2, 1) : NULL;
    tables[2] = dvk_agg_new(1, 2);
    s = dvk_series_new(r, NULL, (pick & 4) ? DVK_PERIOD_INTEGER : DVK_PERIOD_AUTO);
    if (!tables[0] || !tables[2] || (by2 && !tables[1]))
        goto done;
    int st;
    while ((st = dvk_reader_next(r)) == DVK_ROW || dvk_status_is_row_error(st)) {
        if (st != DVK_ROW)
            continue;
        static const double one = 1;
        if (dvk_grouper_add(by1, r, tables[0], &one) != DVK_OK)
            continue;
        if (by2)
            dvk_grouper_add(by2, r, tables[1], &one);
        size_t len;
        const char *last = dvk_reader_field(r, ncols - 1, &len);
        double x, kn[2] = {0, 1};
        kn[0] = dvk_number_parse(last, len, pick & 8, &x) == DVK_OK && x > 0;
        dvk_grouper_add(by1, r, tables[2], kn);
        if (s)
            dvk_series_add_row(s, r);
    }
    if (s && dvk_series_finish(s, r) != DVK_OK) {
        dvk_series_free(s);
        s = NULL;
    }
    static const unsigned flag_sets[] = {0, DVK_WRITE_BOM | DVK_WRITE_DECIMAL_COMMA,
                                         DVK_WRITE_JSON_STRINGS | DVK_WRITE_NO_SANITIZE, DVK_WRITE_DECIMAL_COMMA};
    /* JSON every time (it is checked), and one other format picked by
     * the first byte's high bits: writing six per input cost 6 times as
     * much, and an xlsx workbook (a zip of a dozen XML files) 30 times the
     * others, so one input in 64 writes one. */
    static const int others[] = {DVK_FORMAT_TABLE, DVK_FORMAT_CSV, DVK_FORMAT_TSV,
                                 DVK_FORMAT_MD, DVK_FORMAT_HTML, DVK_FORMAT_XLSX};
    write_all(DVK_FORMAT_JSON, flag_sets[pick & 3], tables, s);
    if ((pick >> 4) < 5 || ((pick >> 4) == 5 && size % 4 == 0))
        write_all(others[pick >> 4], flag_sets[pick & 3], tables, s);
done:
    dvk_series_free(s);
    for (int i = 0; i < 3; i++)
        dvk_agg_free(tables[i]);
    dvk_grouper_free(by1);
    dvk_grouper_free(by2);
    dvk_reader_free(r);
    return 0;
}
