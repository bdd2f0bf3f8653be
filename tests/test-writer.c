/* test-writer.c: output formats and atomic files (lib/writer.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <dvkstat.h>

static char dir[] = "/tmp/dvkstat-test-writer-XXXXXX";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static char *write_table(int format, unsigned flags)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/out", dir);
    dvk_writer *w = dvk_writer_new(format, flags);
    assert_non_null(w);
    assert_int_equal(dvk_writer_open(w, path), DVK_OK);
    const char *names[] = {"Lĩnh vực", "Số"};
    assert_int_equal(dvk_writer_begin(w, 2, names), DVK_OK);
    dvk_writer_text(w, "Kinh tế", -1);
    dvk_writer_number(w, 7, 0);
    dvk_writer_end_row(w);
    dvk_writer_text(w, "=SUM(A1)", -1);
    dvk_writer_number(w, -1.5, -1);
    dvk_writer_end_row(w);
    dvk_writer_text(w, "-12", -1);      /* a number as text: left alone */
    dvk_writer_null(w);
    dvk_writer_end_row(w);
    dvk_writer_text(w, "a,\"b\"\nc", -1);
    dvk_writer_number(w, 0.126, 2);
    dvk_writer_end_row(w);
    assert_int_equal(dvk_writer_end(w), DVK_OK);
    assert_int_equal(dvk_writer_commit(w), DVK_OK);
    dvk_writer_free(w);
    return slurp(path);
}

static void test_csv(void **state)
{
    (void)state;
    assert_string_equal(write_table(DVK_FORMAT_CSV, 0),
                        "Lĩnh vực,Số\n"
                        "Kinh tế,7\n"
                        "'=SUM(A1),-1.5\n"
                        "-12,\n"
                        "\"a,\"\"b\"\"\nc\",0.13\n");
    assert_string_equal(write_table(DVK_FORMAT_CSV, DVK_WRITE_NO_SANITIZE | DVK_WRITE_BOM |
                                                        DVK_WRITE_DECIMAL_COMMA),
                        "\xEF\xBB\xBFLĩnh vực;Số\n"
                        "Kinh tế;7\n"
                        "=SUM(A1);-1,5\n"
                        "-12;\n"
                        "\"a,\"\"b\"\"\nc\";0,13\n");
    assert_string_equal(write_table(DVK_FORMAT_TSV, 0),
                        "Lĩnh vực\tSố\n"
                        "Kinh tế\t7\n"
                        "'=SUM(A1)\t-1.5\n"
                        "-12\t\n"
                        "\"a,\"\"b\"\"\nc\"\t0.13\n");
}

/* Rows WHOLE_ROWS of the whole, then PART_ROWS written by a part and
 * appended: the file as one writer would have written it. */
static char *write_in_parts(int format, int whole_rows, int part_rows)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/parts", dir);
    dvk_writer *w = dvk_writer_new(format, DVK_WRITE_BOM);
    assert_non_null(w);
    assert_null(dvk_writer_new_part(w)); /* not begun */
    assert_int_equal(dvk_writer_open(w, path), DVK_OK);
    const char *names[] = {"Xã", "Số"};
    assert_int_equal(dvk_writer_begin(w, 2, names), DVK_OK);
    dvk_writer *p = dvk_writer_new_part(w);
    assert_non_null(p);
    for (int i = 0; i < whole_rows; i++) {
        dvk_writer_text(w, "Long Mai", -1);
        dvk_writer_number(w, i, 0);
        dvk_writer_end_row(w);
    }
    for (int i = 0; i < part_rows; i++) {
        dvk_writer_text(p, "a,\"b\"", -1);
        dvk_writer_number(p, 10 + i, 0);
        dvk_writer_end_row(p);
    }
    assert_int_equal(dvk_writer_append(w, p), DVK_OK);
    assert_int_equal(dvk_writer_append(w, p), DVK_OK); /* emptied: nothing again */
    dvk_writer_free(p);
    assert_int_equal(dvk_writer_end(w), DVK_OK);
    assert_int_equal(dvk_writer_commit(w), DVK_OK);
    dvk_writer_free(w);
    return slurp(path);
}

static void test_parts(void **state)
{
    (void)state;
    assert_string_equal(write_in_parts(DVK_FORMAT_CSV, 2, 2),
                        "\xEF\xBB\xBFXã,Số\nLong Mai,0\nLong Mai,1\n"
                        "\"a,\"\"b\"\"\",10\n\"a,\"\"b\"\"\",11\n");
    assert_string_equal(write_in_parts(DVK_FORMAT_JSON, 1, 1),
                        "[\n{\"Xã\":\"Long Mai\",\"Số\":0},\n{\"Xã\":\"a,\\\"b\\\"\",\"Số\":10}\n]\n");
    /* the part's rows first: no comma before them */
    assert_string_equal(write_in_parts(DVK_FORMAT_JSON, 0, 2),
                        "[\n{\"Xã\":\"a,\\\"b\\\"\",\"Số\":10},\n{\"Xã\":\"a,\\\"b\\\"\",\"Số\":11}\n]\n");
    assert_string_equal(write_in_parts(DVK_FORMAT_JSON, 0, 0), "[]\n");
    /* the formats laid out at the end have no parts */
    dvk_writer *w = dvk_writer_new(DVK_FORMAT_MD, 0);
    char path[256];
    snprintf(path, sizeof path, "%s/md", dir);
    assert_int_equal(dvk_writer_open(w, path), DVK_OK);
    const char *names[] = {"Xã"};
    assert_int_equal(dvk_writer_begin(w, 1, names), DVK_OK);
    assert_null(dvk_writer_new_part(w));
    dvk_writer_free(w);
    unlink(path);
    snprintf(path, sizeof path, "%s/parts", dir);
    unlink(path);
}

static void test_json_md_table(void **state)
{
    (void)state;
    assert_string_equal(write_table(DVK_FORMAT_JSON, 0),
                        "[\n"
                        "{\"Lĩnh vực\":\"Kinh tế\",\"Số\":7},\n"
                        "{\"Lĩnh vực\":\"=SUM(A1)\",\"Số\":-1.5},\n"
                        "{\"Lĩnh vực\":\"-12\",\"Số\":null},\n"
                        "{\"Lĩnh vực\":\"a,\\\"b\\\"\\nc\",\"Số\":0.13}\n"
                        "]\n");
    assert_string_equal(write_table(DVK_FORMAT_JSON, DVK_WRITE_JSON_STRINGS),
                        "[\n"
                        "{\"Lĩnh vực\":\"Kinh tế\",\"Số\":\"7\"},\n"
                        "{\"Lĩnh vực\":\"=SUM(A1)\",\"Số\":\"-1.5\"},\n"
                        "{\"Lĩnh vực\":\"-12\",\"Số\":\"\"},\n"
                        "{\"Lĩnh vực\":\"a,\\\"b\\\"\\nc\",\"Số\":\"0.13\"}\n"
                        "]\n");
    /* aligned by display width: "Lĩnh vực" is 8 columns, not 11 bytes */
    assert_string_equal(write_table(DVK_FORMAT_TABLE, 0),
                        "Lĩnh vực    Số\n"
                        "--------  ----\n"
                        "Kinh tế      7\n"
                        "=SUM(A1)  -1.5\n"
                        "-12\n"
                        "a,\"b\" c   0.13\n");
    assert_string_equal(write_table(DVK_FORMAT_MD, 0),
                        "| Lĩnh vực |   Số |\n"
                        "| -------- | ---: |\n"
                        "| Kinh tế  |    7 |\n"
                        "| =SUM(A1) | -1.5 |\n"
                        "| -12      |      |\n"
                        "| a,\"b\" c  | 0.13 |\n");
}

/* A bold row (a form's subtotal): **cell** in Markdown, <strong> in
 * HTML, nothing in CSV; the next row is plain again. */
static char *write_bold(int format)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/out", dir);
    dvk_writer *w = dvk_writer_new(format, 0);
    assert_non_null(w);
    assert_int_equal(dvk_writer_open(w, path), DVK_OK);
    const char *names[] = {"Xã", "Số", "Tỉ lệ"};
    assert_int_equal(dvk_writer_begin(w, 3, names), DVK_OK);
    assert_int_equal(dvk_writer_set_bold(w, 1), DVK_OK);
    dvk_writer_text(w, "Cộng", -1);
    dvk_writer_number(w, 12, -1);
    dvk_writer_percent(w, 0.5, 1);
    dvk_writer_end_row(w);
    dvk_writer_text(w, "An Phú", -1);
    dvk_writer_null(w);
    dvk_writer_percent(w, 0.25, 1);
    dvk_writer_end_row(w);
    assert_int_equal(dvk_writer_end(w), DVK_OK);
    assert_int_equal(dvk_writer_commit(w), DVK_OK);
    dvk_writer_free(w);
    return slurp(path);
}

static void test_bold(void **state)
{
    (void)state;
    assert_int_equal(dvk_writer_set_bold(NULL, 1), DVK_USAGE);
    assert_string_equal(write_bold(DVK_FORMAT_MD),
                        "| Xã       |     Số |     Tỉ lệ |\n"
                        "| -------- | -----: | --------: |\n"
                        "| **Cộng** | **12** | **50.0%** |\n"
                        "| An Phú   |        |     25.0% |\n");
    assert_string_equal(write_bold(DVK_FORMAT_CSV), "Xã,Số,Tỉ lệ\nCộng,12,0.5\nAn Phú,,0.25\n");
    const char *html = write_bold(DVK_FORMAT_HTML);
    /* each cell's text a paragraph with no space under it, for a word
     * processor's import; an empty cell a no-break space */
#define P "<p style=\"margin-bottom: 0cm\">"
    assert_non_null(strstr(html, "<tr><td>" P "<strong>Cộng</strong></p></td><td class=\"num\" align=\"right\">" P
                                 "<strong>12</strong></p></td><td class=\"num\" align=\"right\">" P
                                 "<strong>50.0%</strong></p></td></tr>\n"
                                 "<tr><td>" P "An Phú</p></td><td>" P "&#160;</p></td><td class=\"num\" align=\"right\">" P
                                 "25.0%</p></td></tr>"));
#undef P
}

static void test_atomic(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/keep.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("old report\n", f);
    fclose(f);
    /* a run that fails before commit leaves the old file alone */
    dvk_writer *w = dvk_writer_new(DVK_FORMAT_CSV, 0);
    assert_int_equal(dvk_writer_open(w, path), DVK_OK);
    const char *names[] = {"x"};
    dvk_writer_begin(w, 1, names);
    dvk_writer_text(w, "half", -1);
    dvk_writer_end_row(w);
    dvk_writer_free(w);
    assert_string_equal(slurp(path), "old report\n");
    /* and no temporary file is left behind */
    char cmd[300];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 2", dir);
    assert_int_equal(system(cmd), 0);
    /* a directory that does not exist is an error, not a crash */
    w = dvk_writer_new(DVK_FORMAT_CSV, 0);
    assert_int_equal(dvk_writer_open(w, "/nonexistent/dir/out.csv"), DVK_IO);
    assert_non_null(strstr(dvk_writer_errmsg(w), "/nonexistent/dir/out.csv"));
    dvk_writer_free(w);
    assert_int_equal(dvk_format_parse("json"), DVK_FORMAT_JSON);
    assert_int_equal(dvk_format_parse("xml"), -1);
    assert_null(dvk_writer_new(42, 0));
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* Figures as readers write them, in both conventions, whatever the
 * host's locale (a vi_VN one writes "%f" with a comma). */
static void test_figures(void **state)
{
    (void)state;
    char b[64];
    setlocale(LC_ALL, "vi_VN.UTF-8"); /* where it exists; C otherwise */
    assert_int_equal(dvk_figure_format(b, sizeof b, 0.2027, 1, DVK_FIGURE_PERCENT | DVK_FIGURE_VI), DVK_OK);
    assert_string_equal(b, "20,3%");
    dvk_figure_format(b, sizeof b, 0.2027, 1, DVK_FIGURE_PERCENT);
    assert_string_equal(b, "20.3%");
    dvk_figure_format(b, sizeof b, 1234, -1, DVK_FIGURE_VI);
    assert_string_equal(b, "1.234");
    dvk_figure_format(b, sizeof b, 1234567.25, 2, 0);
    assert_string_equal(b, "1,234,567.25");
    /* whole numbers are written without printf: the same digits as
     * "%.15g" and "%.*f" give, up to 10^15 and past it */
    static const double wholes[] = {0, -0.0, 1, 9, 10, 99, 100, 1000, 65536, 4294967296.0,
                                    123456789012345.0, 999999999999999.0, 1e15, 1e16, -42};
    setlocale(LC_NUMERIC, "C"); /* for the reference; the library's own is C anyway */
    for (size_t i = 0; i < sizeof wholes / sizeof *wholes; i++)
        for (int d = -1; d <= 17; d++) {
            char want[128];
            if (d < 0)
                snprintf(want, sizeof want, "%.15g", fabs(wholes[i]));
            else
                snprintf(want, sizeof want, "%.*f", d, fabs(wholes[i]));
            if (wholes[i] < 0)
                memmove(want + 1, want, strlen(want) + 1), want[0] = '-';
            assert_int_equal(dvk_figure_format(b, sizeof b, wholes[i], d, DVK_FIGURE_NO_GROUP),
                             DVK_OK);
            assert_string_equal(b, want);
        }
    /* and fractions to four places without printf: its digits, ties
     * (0.125, 2.5) to even as it rounds them, on values of every size */
    static const double ties[] = {0.5, 1.5, 2.5, 0.125, 0.375, 0.05, 0.15, 0.25, 1.005,
                                  0.0001, 0.00005, 99999.99995, 1e13 + 0.5, 0.2027};
    unsigned long long seed = 42;
    for (int i = 0; i < 200000; i++) {
        double x;
        if (i < (int)(sizeof ties / sizeof *ties)) {
            x = ties[i];
        } else {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            x = (double)(seed >> 11) / 9007199254740992.0 * pow(10, (int)(seed % 17) - 4);
        }
        for (int d = 0; d <= 5; d++) {
            char want[128];
            snprintf(want, sizeof want, "%.*f", d, x);
            assert_int_equal(dvk_figure_format(b, sizeof b, x, d, DVK_FIGURE_NO_GROUP), DVK_OK);
            assert_string_equal(b, want);
        }
    }
    setlocale(LC_ALL, "vi_VN.UTF-8");
    dvk_figure_format(b, sizeof b, 1234.5, 1, DVK_FIGURE_VI | DVK_FIGURE_NO_GROUP);
    assert_string_equal(b, "1234,5");
    dvk_figure_format(b, sizeof b, 999, -1, DVK_FIGURE_VI);
    assert_string_equal(b, "999");
    dvk_figure_format(b, sizeof b, 20.4652, 2, DVK_FIGURE_VI);
    assert_string_equal(b, "20,47");
    dvk_figure_format(b, sizeof b, -0.014, 1, DVK_FIGURE_VI | DVK_FIGURE_PERCENT | DVK_FIGURE_SIGN);
    assert_string_equal(b, "\xe2\x88\x92" "1,4%");
    dvk_figure_format(b, sizeof b, -0.014, 1, DVK_FIGURE_PERCENT | DVK_FIGURE_SIGN);
    assert_string_equal(b, "-1.4%");
    dvk_figure_format(b, sizeof b, 0.175, 1, DVK_FIGURE_PERCENT | DVK_FIGURE_SIGN);
    assert_string_equal(b, "+17.5%");
    /* what rounds to zero has no sign */
    dvk_figure_format(b, sizeof b, -0.0004, 1, DVK_FIGURE_PERCENT | DVK_FIGURE_SIGN);
    assert_string_equal(b, "0.0%");
    dvk_figure_format(b, sizeof b, 0.00258, 2, DVK_FIGURE_VI | DVK_FIGURE_SIGNIFICANT);
    assert_string_equal(b, "0,0026");
    dvk_figure_format(b, sizeof b, 1.5e-7, 2, DVK_FIGURE_VI | DVK_FIGURE_SIGNIFICANT);
    assert_string_equal(b, "1,5e\xe2\x88\x92" "07");
    dvk_figure_format(b, sizeof b, NAN, 1, 0);
    assert_string_equal(b, "");
    assert_int_equal(dvk_figure_format(b, 4, 123456, -1, 0), DVK_LIMIT);
    assert_string_equal(b, "");
    setlocale(LC_ALL, "C");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_parts),
        cmocka_unit_test(test_json_md_table),
        cmocka_unit_test(test_bold),
        cmocka_unit_test(test_atomic),
        cmocka_unit_test(test_figures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
