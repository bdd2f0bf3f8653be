/* test-reader.c: the streaming reader (lib/reader.c, lib/encoding.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <iconv.h>
#include <unistd.h>
#include <cmocka.h>
#include <locale.h>

#include <dvkstat.h>

static dvk_reader *open_text(const char *text, size_t len)
{
    dvk_reader *r = dvk_reader_new();
    assert_non_null(r);
    int st = dvk_reader_open_memory(r, text, len, "mem.csv");
    if (st != DVK_OK)
        fail_msg("open: %s", dvk_reader_errmsg(r));
    return r;
}

static dvk_reader *open_str(const char *text)
{
    return open_text(text, strlen(text));
}

static void expect_row(dvk_reader *r, long line, size_t n, ...)
{
    int st = dvk_reader_next(r);
    if (st != DVK_ROW)
        fail_msg("expected a row at line %ld, got %d: %s", line, st, dvk_reader_errmsg(r));
    assert_int_equal(dvk_reader_line(r), line);
    assert_int_equal(dvk_reader_field_count(r), n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *want = va_arg(ap, const char *);
        size_t len;
        const char *got = dvk_reader_field(r, i, &len);
        assert_string_equal(got, want);
        assert_int_equal(len, strlen(want));
    }
    va_end(ap);
}

static void test_simple(void **state)
{
    (void)state;
    dvk_reader *r = open_str("a,b,c\n1,2,3\n4,5,6\n");
    assert_int_equal(dvk_reader_column_count(r), 3);
    assert_string_equal(dvk_reader_column_name(r, 1), "b");
    assert_int_equal(dvk_reader_delimiter(r), ',');
    assert_string_equal(dvk_reader_line_end(r), "LF");
    assert_string_equal(dvk_reader_encoding(r), "UTF-8");
    assert_false(dvk_reader_has_bom(r));
    expect_row(r, 2, 3, "1", "2", "3");
    expect_row(r, 3, 3, "4", "5", "6");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    assert_int_equal(dvk_reader_rows_read(r), 2);
    dvk_reader_free(r);
}

static void test_delimiters(void **state)
{
    (void)state;
    /* Excel in a Vietnamese locale: ';', with commas inside text */
    dvk_reader *r = open_str("Tên;Lĩnh vực;Năm\nA, B;Kinh tế;2021\nC;An ninh, trật tự;2022\n");
    assert_int_equal(dvk_reader_delimiter(r), ';');
    expect_row(r, 2, 3, "A, B", "Kinh tế", "2021");
    expect_row(r, 3, 3, "C", "An ninh, trật tự", "2022");
    dvk_reader_free(r);

    r = open_str("a\tb\n1\t2\n");
    assert_int_equal(dvk_reader_delimiter(r), '\t');
    expect_row(r, 2, 2, "1", "2");
    dvk_reader_free(r);

    r = open_str("a|b|c\n1|2|3\n");
    assert_int_equal(dvk_reader_delimiter(r), '|');
    dvk_reader_free(r);

    /* the delimiter named */
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_delimiter(r, ';'), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "a,b;c\n1,2;3\n", 12, "x"), DVK_OK);
    expect_row(r, 2, 2, "1,2", "3");
    dvk_reader_free(r);
}

static void test_line_ends(void **state)
{
    (void)state;
    dvk_reader *r = open_str("a,b\r\n1,2\r\n3,4");
    assert_string_equal(dvk_reader_line_end(r), "CRLF");
    expect_row(r, 2, 2, "1", "2");
    expect_row(r, 3, 2, "3", "4");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    dvk_reader_free(r);

    r = open_str("a,b\r1,2\r\"x\r\ny\",4\r5,6\r");
    assert_string_equal(dvk_reader_line_end(r), "CR");
    expect_row(r, 2, 2, "1", "2");
    expect_row(r, 3, 2, "x\r\ny", "4");
    /* the CR inside the quotes ends a line too */
    expect_row(r, 5, 2, "5", "6");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    dvk_reader_free(r);
}

static void test_quotes(void **state)
{
    (void)state;
    dvk_reader *r = open_str("a,b,c\n"
                             "\"x, y\",\"he said \"\"hi\"\"\",3\n"
                             "\"two\nlines\",2,3\n"
                             "after,quote,3\n"
                             "5\" pipe,it's,\"\"\n");
    expect_row(r, 2, 3, "x, y", "he said \"hi\"", "3");
    expect_row(r, 3, 3, "two\nlines", "2", "3");
    /* the row after a quoted line break knows its line */
    expect_row(r, 5, 3, "after", "quote", "3");
    /* a bare quote inside an unquoted field is text */
    expect_row(r, 6, 3, "5\" pipe", "it's", "");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    dvk_reader_free(r);
}

static void test_spaces_kept(void **state)
{
    (void)state;
    /* the reader keeps fields as read; normalisation is asked for */
    dvk_reader *r = open_str("a;b\n  x  ; \"y \"\n");
    expect_row(r, 2, 2, "  x  ", " \"y \"");
    size_t len;
    assert_string_equal(dvk_reader_field_text(r, 0, DVK_TEXT_CLEAN, &len), "x");
    assert_int_equal(len, 1);
    dvk_reader_free(r);
}

/* A form: the title, a header of two rows, column numbers, a heading, a
 * subtotal and the signature block; each a note, none a row. */
static void test_form_layout(void **state)
{
    (void)state;
    dvk_reader *r = open_str("UBND XÃ A;;;CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                             "STT;Tên;Lĩnh vực;Kết quả;\n"
                             ";;;Số hộ;Kinh phí\n"
                             "(1);(2);(3);(4);(5)\n"
                             "I. CẤP XÃ;;;;\n"
                             "1;Vườn;Kinh tế;2.178;21.500.000\n"
                             "2;Loa;Kinh tế;300;1.000.000\n"
                             ";Cộng I;;2.478;22.500.000\n"
                             ";;;An Phú, ngày 1 tháng 2 năm 2023;\n"
                             "NGƯỜI LẬP BIỂU;;;;\n");
    assert_int_equal(dvk_reader_column_count(r), 5);
    assert_string_equal(dvk_reader_column_name(r, 3), "Kết quả / Số hộ");
    size_t i;
    assert_int_equal(dvk_reader_find_column(r, "Kinh phí", &i), DVK_OK);
    assert_int_equal(i, 4);
    int certain;
    assert_int_equal(dvk_reader_column_decimal(r, 4, &certain), DVK_DECIMAL_COMMA);
    assert_true(certain);
    /* 2.178 and 300 alone do not say; the ';' file does */
    assert_int_equal(dvk_reader_column_decimal(r, 3, &certain), DVK_DECIMAL_COMMA);
    assert_false(certain);
    expect_row(r, 6, 5, "1", "Vườn", "Kinh tế", "2.178", "21.500.000");
    double x;
    assert_int_equal(dvk_reader_field_number(r, 3, &x), DVK_OK);
    assert_true(x == 2178);
    expect_row(r, 7, 5, "2", "Loa", "Kinh tế", "300", "1.000.000");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    assert_int_equal(dvk_reader_rows_read(r), 2);
    assert_int_equal(dvk_reader_rows_left_out(r), 4);
    int seen[DVK_LAYOUT_TABLE_END + 1] = {0};
    struct dvk_layout_note n = {.size = sizeof n};
    for (size_t k = 0; k < dvk_reader_layout_count(r); k++) {
        assert_int_equal(dvk_reader_layout_note(r, k, &n), DVK_OK);
        seen[n.kind] = (int)n.line;
    }
    assert_int_equal(seen[DVK_LAYOUT_TITLE], 2);
    assert_int_equal(seen[DVK_LAYOUT_HEADER_ROWS], 2);
    assert_int_equal(seen[DVK_LAYOUT_COLUMN_NUMBERS], 4);
    assert_int_equal(seen[DVK_LAYOUT_SECTION], 5);
    assert_int_equal(seen[DVK_LAYOUT_SUBTOTAL], 8);
    assert_int_equal(seen[DVK_LAYOUT_TABLE_END], 9);
    assert_int_equal(dvk_reader_layout_note(r, 99, &n), DVK_USAGE);
    dvk_reader_free(r);

    /* kept when asked */
    r = dvk_reader_new();
    dvk_reader_set_keep(r, DVK_KEEP_SUBTOTALS | DVK_KEEP_SECTIONS | DVK_KEEP_NOTES);
    const char *t = "STT,Tên,Lĩnh vực\nI. CẤP XÃ,,\n1,Vườn,Kinh tế\n2,Loa,Kinh tế\n,Cộng: 2,\n"
                    "NGƯỜI LẬP BIỂU,,\n";
    assert_int_equal(dvk_reader_open_memory(r, t, strlen(t), "m"), DVK_OK);
    int rows = 0;
    while (dvk_reader_next(r) == DVK_ROW)
        rows++;
    assert_int_equal(rows, 5);
    dvk_reader_free(r);

    /* 2.178 alone in a ',' file: neither, so an error */
    r = open_str("a,b\nx,2.178\ny,1.250\n");
    assert_int_equal(dvk_reader_column_decimal(r, 1, &certain), DVK_DECIMAL_AUTO);
    assert_int_equal(dvk_reader_next(r), DVK_ROW);
    assert_int_equal(dvk_reader_field_number(r, 1, &x), DVK_VALUE);
    dvk_reader_free(r);
}

static void test_blank_rows_and_padding(void **state)
{
    (void)state;
    dvk_reader *r = open_str("a,b,c,,\n\n1,2,3\n,,\n4,5,6,,\n\n");
    /* the header's empty trailing cells are dropped */
    assert_int_equal(dvk_reader_column_count(r), 3);
    expect_row(r, 3, 3, "1", "2", "3");
    /* trailing empty cells past the header are accepted */
    expect_row(r, 5, 3, "4", "5", "6");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    assert_int_equal(dvk_reader_rows_blank(r), 3);
    assert_int_equal(dvk_reader_rows_read(r), 2);
    dvk_reader_free(r);
}

static void test_no_header(void **state)
{
    (void)state;
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_header(r, 0), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "x,1\ny,2\n", 8, "m"), DVK_OK);
    assert_string_equal(dvk_reader_column_name(r, 0), "1");
    assert_string_equal(dvk_reader_column_name(r, 1), "2");
    expect_row(r, 1, 2, "x", "1");
    expect_row(r, 2, 2, "y", "2");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    dvk_reader_free(r);
}

static void test_wrong_field_count(void **state)
{
    (void)state;
    dvk_reader *r = open_str("a,b,c\n1,2,3\n4,5\n7,8,9,10\n11,12,13\n");
    expect_row(r, 2, 3, "1", "2", "3");
    assert_int_equal(dvk_reader_next(r), DVK_FIELDS);
    assert_true(dvk_status_is_row_error(DVK_FIELDS));
    assert_int_equal(dvk_reader_error_line(r), 3);
    assert_int_equal(dvk_reader_error_column(r), 4);
    assert_non_null(strstr(dvk_reader_errmsg(r), "expected 3 fields, found 2"));
    size_t len;
    const char *rec = dvk_reader_record(r, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(rec, "4,5\n", 4);
    assert_int_equal(dvk_reader_next(r), DVK_FIELDS);
    assert_int_equal(dvk_reader_error_line(r), 4);
    assert_int_equal(dvk_reader_error_column(r), 7); /* where the 4th field starts */
    expect_row(r, 5, 3, "11", "12", "13");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    assert_int_equal(dvk_reader_rows_read(r), 4);
    assert_int_equal(dvk_reader_rows_rejected(r), 2);
    dvk_reader_free(r);
}

static void test_unterminated_quote(void **state)
{
    (void)state;
    dvk_reader *r = open_str("a,b\n1,2\n3,\"open\n4,5\n");
    expect_row(r, 2, 2, "1", "2");
    assert_int_equal(dvk_reader_next(r), DVK_SYNTAX);
    assert_int_equal(dvk_reader_error_line(r), 3);
    assert_int_equal(dvk_reader_error_column(r), 3);
    size_t len;
    const char *rec = dvk_reader_record(r, &len);
    assert_int_equal(len, 12);
    assert_memory_equal(rec, "3,\"open\n4,5\n", 12);
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    dvk_reader_free(r);
}

static void test_empty_inputs(void **state)
{
    (void)state;
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, "", 0, "e"), DVK_EMPTY);
    dvk_reader_free(r);
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, "\n\n", 2, "e"), DVK_EMPTY);
    dvk_reader_free(r);
    r = open_str("a,b\n");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    dvk_reader_free(r);
    /* misuse is a status, not a crash */
    assert_int_equal(dvk_reader_next(NULL), DVK_USAGE);
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_next(r), DVK_USAGE);
    dvk_reader_free(r);
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_open(r, "/nonexistent/x.csv"), DVK_IO);
    assert_non_null(strstr(dvk_reader_errmsg(r), "cannot open"));
    dvk_reader_free(r);
}

/* Convert UTF-8 to CODE with iconv; the caller frees. */
static char *convert(const char *utf8, const char *code, size_t *outlen)
{
    iconv_t cd = iconv_open(code, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t inleft = strlen(utf8), cap = inleft * 4 + 16, outleft = cap;
    char *out = malloc(cap), *in = (char *)utf8, *o = out;
    assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
    iconv(cd, NULL, NULL, &o, &outleft);
    iconv_close(cd);
    *outlen = cap - outleft;
    return out;
}

static const char viet[] =
    "Mã;Tên mô hình;Lĩnh vực;Năm\r\n"
    "ML-1;Đường hoa nông thôn;Môi trường;2019\r\n"
    "ML-2;Tổ tự quản an ninh trật tự;Quốc phòng - An ninh;2020\r\n"
    "ML-3;Câu lạc bộ cồng chiêng;Văn hóa - Xã hội;2021\r\n"
    "ML-4;Hũ gạo tình thương;An sinh xã hội;2022\r\n";

static void check_viet(dvk_reader *r, const char *encoding)
{
    assert_string_equal(dvk_reader_encoding(r), encoding);
    assert_int_equal(dvk_reader_delimiter(r), ';');
    assert_string_equal(dvk_reader_line_end(r), "CRLF");
    assert_string_equal(dvk_reader_column_name(r, 1), "Tên mô hình");
    expect_row(r, 2, 4, "ML-1", "Đường hoa nông thôn", "Môi trường", "2019");
    expect_row(r, 3, 4, "ML-2", "Tổ tự quản an ninh trật tự", "Quốc phòng - An ninh", "2020");
    size_t len;
    dvk_reader_next(r);
    assert_string_equal(dvk_reader_field_text(r, 2, DVK_TEXT_CLEAN, &len), "Văn hóa - Xã hội");
    expect_row(r, 5, 4, "ML-4", "Hũ gạo tình thương", "An sinh xã hội", "2022");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
}

static void test_encodings(void **state)
{
    (void)state;
    /* UTF-8 with BOM */
    size_t n = strlen(viet) + 3;
    char *bom = malloc(n + 1);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, viet, n - 3);
    dvk_reader *r = open_text(bom, n);
    assert_true(dvk_reader_has_bom(r));
    check_viet(r, "UTF-8");
    dvk_reader_free(r);
    free(bom);

    /* UTF-16 with BOM, both byte orders; Windows-1258; TCVN3 */
    static const char *const codes[][2] = {
        {"UTF-16", "UTF-16LE"},   /* glibc writes LE with a BOM here */
        {"UTF-16BE", "UTF-16BE"},
        {"WINDOWS-1258", "WINDOWS-1258"},
        {"TCVN5712-1", "TCVN3"},
    };
    for (size_t i = 0; i < 4; i++) {
        size_t len;
        char *bytes = convert(viet, codes[i][0], &len);
        if (strcmp(codes[i][0], "UTF-16BE") == 0) {
            char *withbom = malloc(len + 2);
            memcpy(withbom, "\xFE\xFF", 2);
            memcpy(withbom + 2, bytes, len);
            free(bytes);
            bytes = withbom;
            len += 2;
        }
        r = open_text(bytes, len);
        check_viet(r, codes[i][1]);
        dvk_reader_free(r);
        free(bytes);
    }
}

static void test_invalid_bytes(void **state)
{
    (void)state;
    const char text[] = "a,b\n1,x\n2,Kinh t\xe9\n3,y\n";
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_encoding(r, "utf-8"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, text, sizeof text - 1, "bad"), DVK_OK);
    expect_row(r, 2, 2, "1", "x");
    assert_int_equal(dvk_reader_next(r), DVK_ENCODING);
    assert_false(dvk_status_is_row_error(DVK_ENCODING));
    assert_int_equal(dvk_reader_error_line(r), 3);
    assert_int_equal(dvk_reader_error_column(r), 9);
    assert_non_null(strstr(dvk_reader_errmsg(r), "0xE9"));
    assert_non_null(strstr(dvk_reader_errhint(r), "--encoding"));
    dvk_reader_free(r);

    /* an undecodable byte in a named legacy encoding */
    const char u16[] = "\xFF\xFE" "a\0,\0b\0\n\0" "1\0,\0\x00\xD8" "2\0\n\0";
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, u16, sizeof u16 - 1, "u16"), DVK_OK);
    assert_int_equal(dvk_reader_next(r), DVK_ENCODING);
    assert_int_equal(dvk_reader_error_line(r), 2);
    assert_int_equal(dvk_reader_error_column(r), 3);
    dvk_reader_free(r);

    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_encoding(r, "no-such-encoding"), DVK_USAGE);
    dvk_reader_free(r);
}

/* The length of the valid UTF-8 prefix of S by decoding each sequence and
 * checking the code point (no overlong forms, no surrogates, nothing past
 * U+10FFFF) and no NUL: the reference the reader's range checks must
 * agree with. */
static size_t reference_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i], k;
        uint32_t cp;
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC0 && c < 0xE0)
            k = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c < 0xF0)
            k = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c < 0xF8)
            k = 3, cp = c & 0x07;
        else
            return i;
        if (i + k >= n)
            return i;
        for (unsigned j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += k + 1;
    }
    return n;
}

/* Whether the reader takes SEQ, after PAD bytes of ASCII in a row, as
 * UTF-8; when not, *COLUMN is the column it reports. */
static int reader_accepts(const unsigned char *seq, size_t n, size_t pad, long *column)
{
    unsigned char text[640];
    assert_true(2 + pad + n + 21 <= sizeof text);
    memcpy(text, "a\n", 2);
    memset(text + 2, 'x', pad);
    memcpy(text + 2 + pad, seq, n);
    memset(text + 2 + pad + n, 'y', 20);
    text[2 + pad + n + 20] = '\n';
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_encoding(r, "utf-8"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, text, 2 + pad + n + 21, "seq"), DVK_OK);
    int st = dvk_reader_next(r);
    *column = dvk_reader_error_column(r);
    dvk_reader_free(r);
    assert_true(st == DVK_ROW || st == DVK_ENCODING);
    return st == DVK_ROW;
}

/* SEQ at two places in a row: where its first bytes straddle the reader's
 * sixteen-byte blocks, and at an offset that moves with every call.  A bad
 * sequence must be reported at the column of its first bad character. */
static void check_sequence(const unsigned char *seq, size_t n)
{
    static size_t turn;
    size_t good = reference_valid_prefix(seq, n);
    long chars = 0;
    for (size_t i = 0; i < good; i++)
        chars += (seq[i] & 0xC0) != 0x80;
    size_t pads[2] = {14, turn++ % 19};
    for (int k = 0; k < 2; k++) {
        long column = 0;
        int accepted = reader_accepts(seq, n, pads[k], &column);
        long want_column = (long)pads[k] + chars + 1;
        if (accepted != (good == n) || (!accepted && column != want_column)) {
            char hex[64] = "";
            for (size_t i = 0; i < n && i < 16; i++)
                snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02X ", seq[i]);
            fail_msg("bytes %s after %zu: the reader %s them (column %ld, want %ld)", hex,
                     pads[k], accepted ? "accepts" : "refuses", column, want_column);
        }
    }
}

/* Every sequence of one and two bytes, and of three and four bytes every
 * first and second byte with the later bytes at the edges of their
 * ranges; then random text mixing ASCII runs and characters of every
 * length, some with a byte spoiled. */
static void test_utf8_validation(void **state)
{
    (void)state;
    unsigned char seq[512];
    static const unsigned char edge[] = {0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xFF, 0x00};
    const size_t nedge = sizeof edge;
#define SKIP(b) ((b) == '\n' || (b) == '\r' || (b) == ',' || (b) == '"')
    for (unsigned a = 1; a < 256; a++) {
        if (SKIP(a))
            continue;
        seq[0] = (unsigned char)a;
        check_sequence(seq, 1);
        if (a < 0x80)
            continue;
        for (unsigned b = 0; b < 256; b++) {
            if (SKIP(b))
                continue;
            seq[1] = (unsigned char)b;
            check_sequence(seq, 2);
            if (a < 0xE0)
                continue;
            for (size_t c = 0; c < nedge; c++) {
                seq[2] = edge[c];
                check_sequence(seq, 3);
                if (a < 0xF0)
                    continue;
                for (size_t d = 0; d < nedge; d++) {
                    seq[3] = edge[d];
                    check_sequence(seq, 4);
                }
            }
        }
    }
    static const char *const chars[] = {"é", "ả", "ệ", "Đ", "€", "𝄞", "漢", "ư"};
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        size_t n = 0;
        while (n < 400) {
            seed = seed * 1103515245u + 12345u;
            unsigned pick = (seed >> 16) % 10;
            if (pick < 8) {
                const char *c = chars[pick];
                memcpy(seq + n, c, strlen(c));
                n += strlen(c);
            } else {
                size_t run = (seed >> 8) % 40;
                memset(seq + n, 'a' + (int)(run % 26), run);
                n += run;
            }
        }
        if (round % 2) { /* spoil one byte */
            seed = seed * 1103515245u + 12345u;
            unsigned char b = (unsigned char)(seed >> 16);
            seq[(seed >> 4) % n] = SKIP(b) ? 0xFF : b;
        }
        check_sequence(seq, n);
    }
#undef SKIP
}

/* Append every row R gives to OUT: its line (WITH_LINES), then each
 * field after a unit separator, and a record separator (fields may hold
 * line breaks). */
static void collect_rows(dvk_reader *r, char *out, size_t size, int with_lines)
{
    int st;
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        size_t at = strlen(out);
        if (with_lines)
            at += (size_t)snprintf(out + at, size - at, "%ld", dvk_reader_line(r));
        for (size_t i = 0; i < dvk_reader_field_count(r); i++)
            at += (size_t)snprintf(out + at, size - at, "\x1f%s", dvk_reader_field(r, i, NULL));
        snprintf(out + at, size - at, "\x1e");
        assert_true(strlen(out) + 1 < size);
    }
    assert_int_equal(st, DVK_DONE);
}

/* ROWS from collect_rows() without their line numbers, into OUT. */
static void strip_lines(const char *rows, char *out)
{
    for (const char *q = rows; *q; q = strchr(q, '\x1e') + 1) {
        const char *f = strchr(q, '\x1f'), *e = strchr(q, '\x1e');
        strncat(out, f && f < e ? f : e, (size_t)(e - (f && f < e ? f : e) + 1));
    }
}

/* Reading in two parts gives the rows of reading whole, wherever the
 * split falls: on a row, inside a quoted field that spans lines (the
 * split is found wrong and the first reader reads on), in a CRLF pair, in
 * a multi-byte character, on a blank line. */
static void test_parts(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "\xEF\xBB\xBFma,ten,ghi\r\n1,Kinh tế,\"dòng một\r\ndòng hai\"\r\n2,\"Văn hóa, xã hội\",x\r\n"
        "\r\n3,\"a\"\"b\",\"\r\n4,giả,dòng\r\n\"\r\n5,Y tế,cuối\r\n",
        "a;b\n1;\"x\n2;y\n3;z\"\n4;w\n5;v",
    };
    static char whole_rows[4096], part_rows[4096];
    for (size_t t = 0; t < sizeof inputs / sizeof *inputs; t++) {
        const char *text = inputs[t];
        size_t len = strlen(text);
        whole_rows[0] = '\0';
        dvk_reader *r = open_text(text, len);
        unsigned long long first = dvk_reader_offset(r);
        collect_rows(r, whole_rows, sizeof whole_rows, 1);
        dvk_reader_free(r);
        int aligned = 0, misaligned = 0;
        for (unsigned long long off = first + 1; off <= len; off++) {
            dvk_reader *w = open_text(text, len), *p = dvk_reader_new();
            if (dvk_reader_open_part(p, w, off) != DVK_OK)
                fail_msg("open_part at %llu: %s", off, dvk_reader_errmsg(p));
            unsigned long long start = dvk_reader_offset(p);
            assert_true(start >= off && start <= len);
            assert_int_equal(dvk_reader_set_end(w, start), DVK_OK);
            part_rows[0] = '\0';
            collect_rows(w, part_rows, sizeof part_rows, 1);
            if (dvk_reader_offset(w) == start) {
                aligned++;
                /* the part's lines count from its start: compare fields */
                static char tail[4096];
                tail[0] = '\0';
                collect_rows(p, tail, sizeof tail, 0);
                static char whole_fields[4096], head_fields[4096];
                whole_fields[0] = head_fields[0] = '\0';
                strip_lines(whole_rows, whole_fields);
                strip_lines(part_rows, head_fields);
                strcat(head_fields, tail);
                if (strcmp(head_fields, whole_fields) != 0)
                    fail_msg("split at %llu (start %llu):\n%s\nwanted\n%s", off, start,
                             head_fields, whole_fields);
            } else {
                misaligned++;
                assert_int_equal(dvk_reader_set_end(w, 0), DVK_OK);
                collect_rows(w, part_rows, sizeof part_rows, 1);
                if (strcmp(part_rows, whole_rows) != 0)
                    fail_msg("read on after a bad split at %llu:\n%s\nwanted\n%s", off,
                             part_rows, whole_rows);
            }
            dvk_reader_free(p);
            dvk_reader_free(w);
        }
        assert_true(aligned > 0);
        assert_true(misaligned > 0);
    }

    /* NUL bytes on the line that runs through the split: the input layer
     * cuts the text at the first, so the part sees no line start.  It
     * must still start at or after the split (it is empty, at the end),
     * and the first reader meets the NUL and reports it on its line. */
    static const char nul_text[] = "a,b\n1,x\0\0\0\0\n2,y\n";
    size_t nul_len = sizeof nul_text - 1;
    for (unsigned long long off = 8; off <= 11; off++) {
        dvk_reader *w = open_text(nul_text, nul_len), *p = dvk_reader_new();
        if (dvk_reader_open_part(p, w, off) != DVK_OK)
            fail_msg("open_part at %llu: %s", off, dvk_reader_errmsg(p));
        unsigned long long start = dvk_reader_offset(p);
        if (start < off || start > nul_len)
            fail_msg("split at %llu: the part starts at %llu", off, start);
        assert_int_equal(dvk_reader_next(p), DVK_DONE);
        assert_int_equal(dvk_reader_set_end(w, start), DVK_OK);
        assert_int_equal(dvk_reader_next(w), DVK_ENCODING);
        assert_int_equal(dvk_reader_error_line(w), 2);
        dvk_reader_free(p);
        dvk_reader_free(w);
    }

    /* What cannot be read in parts says so. */
    dvk_reader *w = open_str("a,b\n1,2\n3,4\n"), *p = dvk_reader_new();
    assert_int_equal(dvk_reader_open_part(p, w, 2), DVK_USAGE); /* inside the header */
    dvk_reader_free(p);
    dvk_reader_free(w);
    w = dvk_reader_new();
    assert_int_equal(dvk_reader_set_encoding(w, "windows-1258"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(w, "a,b\n1,2\n3,4\n", 12, "cp"), DVK_OK);
    p = dvk_reader_new();
    assert_int_equal(dvk_reader_open_part(p, w, 8), DVK_USAGE);
    dvk_reader_free(p);
    dvk_reader_free(w);
}

/* The end of a table (a signature block) seen by a reader given an end:
 * a part from further on cannot know the table ended, so the reader reads
 * on to the end itself and no longer stops where the part starts (a case
 * the parts fuzzer found: the part counted the notes under the table). */
static void test_parts_table_end(void **state)
{
    (void)state;
    static const char text[] = "Mã,Tên,Năm\n1,An,2021\n2,Bình,2022\n3,Cúc,2022\n"
                               "Người lập biểu,,\nNguyễn Văn Ba,,\nTrưởng ban,,\n";
    dvk_reader *w = dvk_reader_new(), *p = dvk_reader_new();
    assert_non_null(w);
    assert_non_null(p);
    assert_int_equal(dvk_reader_open_memory(w, text, sizeof text - 1, "signed"), DVK_OK);
    /* the part starts at "Nguyễn Văn Ba" */
    unsigned long long at = (unsigned long long)(strstr(text, "Nguy") - text);
    assert_int_equal(dvk_reader_open_part(p, w, at), DVK_OK);
    assert_int_equal(dvk_reader_offset(p), at);
    assert_int_equal(dvk_reader_set_end(w, at), DVK_OK);
    unsigned long rows = 0;
    while (dvk_reader_next(w) == DVK_ROW)
        rows++;
    assert_int_equal(rows, 3);
    assert_true(dvk_reader_offset(w) != dvk_reader_offset(p)); /* the part is not used */
    dvk_reader_free(p);
    dvk_reader_free(w);
}

/* A form's subtotal without a label is found by the sums of the rows
 * above it: a part that starts inside its block cannot know them, so
 * such a form is read by one reader (a case the parts fuzzer found: the
 * row "2017,7" sums the rows above it, a part starting on it counted it). */
static void test_parts_form_sums(void **state)
{
    (void)state;
    static const char text[] =
        "N\x13\xc4\x83m,S\xe1\xbb\x91 ghichu65&5,5\x0a"
        "2016,7\x0a"
        "2016IIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIIII,\x0a"
        "2017,7\x0a*020,12\x0a\x0e"
        "4212,80\x0a";
    dvk_reader *w = dvk_reader_new(), *p = dvk_reader_new();
    assert_non_null(w);
    assert_non_null(p);
    assert_int_equal(dvk_reader_open_memory(w, text, sizeof text - 1, "form"), DVK_OK);
    assert_int_equal(dvk_reader_open_part(p, w, 72), DVK_USAGE);
    int st;
    unsigned long rows = 0;
    while ((st = dvk_reader_next(w)) == DVK_ROW || dvk_status_is_row_error(st))
        rows++;
    assert_int_equal(st, DVK_DONE);
    assert_int_equal(rows, 3); /* lines 2, 5 and 6; 3 a heading, 4 a subtotal */
    dvk_reader_free(p);
    dvk_reader_free(w);
}

/* A title above the table is skipped, a total row below it left out;
 * both can be asked for. */
static void test_title_and_totals(void **state)
{
    (void)state;
    const char text[] = "DANH SÁCH MÔ HÌNH,,\n,,\nNăm 2023,,\nma,ten,nam\n"
                        "1,An,2021\n2,Bình,2022\nTổng cộng:,,2\n";
    dvk_reader *r = open_text(text, sizeof text - 1);
    assert_int_equal(dvk_reader_header_line(r), 4);
    assert_string_equal(dvk_reader_column_name(r, 1), "ten");
    expect_row(r, 5, 3, "1", "An", "2021");
    expect_row(r, 6, 3, "2", "Bình", "2022");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    long line = 0;
    assert_int_equal(dvk_reader_total_rows_left_out(r, &line), 1);
    assert_int_equal(line, 7);
    assert_int_equal(dvk_reader_rows_read(r), 2);
    /* The former names answer as the new ones: a program built against
     * them keeps working. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    line = 0;
    assert_int_equal(dvk_reader_rows_total(r, &line), 1);
    assert_int_equal(line, 7);
    assert_int_equal(dvk_reader_set_reference(r, 1), DVK_OK);
    assert_int_equal(dvk_reader_set_reference(NULL, 1), DVK_USAGE);
#pragma GCC diagnostic pop
    dvk_reader_free(r);

    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_skip_lines(r, 0), DVK_OK);
    assert_int_equal(dvk_reader_set_keep_totals(r, 1), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, text, sizeof text - 1, "m"), DVK_OK);
    assert_int_equal(dvk_reader_header_line(r), 1);
    assert_string_equal(dvk_reader_column_name(r, 0), "DANH SÁCH MÔ HÌNH");
    dvk_reader_free(r);

    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_skip_lines(r, 3), DVK_OK);
    assert_int_equal(dvk_reader_set_keep_totals(r, 1), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, text, sizeof text - 1, "m"), DVK_OK);
    assert_int_equal(dvk_reader_header_line(r), 4);
    expect_row(r, 5, 3, "1", "An", "2021");
    expect_row(r, 6, 3, "2", "Bình", "2022");
    expect_row(r, 7, 3, "Tổng cộng:", "", "2");
    dvk_reader_free(r);

    /* filled down: fields take the value above, the record stays as read */
    r = open_str("nhom,ten\nA,x\n,y\n  ,z\nB,w\n");
    assert_int_equal(dvk_reader_set_fill_down(r, "nhom"), DVK_OK);
    assert_int_equal(dvk_reader_set_fill_down(r, "nope"), DVK_COLUMN);
    expect_row(r, 2, 2, "A", "x");
    expect_row(r, 3, 2, "A", "y");
    size_t len;
    const char *rec = dvk_reader_record(r, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(rec, ",y\n", 3);
    expect_row(r, 4, 2, "A", "z");
    expect_row(r, 5, 2, "B", "w");
    dvk_reader_free(r);

    /* one column, no title: nothing fills two cells */
    r = open_str("ten\nAn\nBình\n");
    assert_int_equal(dvk_reader_header_line(r), 1);
    expect_row(r, 2, 1, "An");
    dvk_reader_free(r);
}

/* The fast path (no quotes) and the general path (libcsv) must agree:
 * the same random table written plain and with every field quoted. */
static void test_fast_path_matches_general(void **state)
{
    (void)state;
    srand(42);
    static const char alphabet[] = "abcdefghij KLMNO0123456789.-'ệĐư";
    size_t rows = 3000, cols = 7;
    char ***cells = calloc(rows, sizeof *cells);
    size_t plain_cap = 1 << 20;
    char *plain = malloc(plain_cap), *quoted = malloc(plain_cap * 2);
    size_t pn = 0, qn = 0;
    for (size_t i = 0; i < rows; i++) {
        cells[i] = calloc(cols, sizeof **cells);
        for (size_t j = 0; j < cols; j++) {
            size_t len = (size_t)(rand() % 12);
            cells[i][j] = calloc(len + 2, 1); /* room for a header's 'h' */
            size_t k = 0;
            for (size_t c = 0; c < len; c++) {
                size_t pick = (size_t)rand() % (sizeof alphabet - 1);
                unsigned char ch = (unsigned char)alphabet[pick];
                if (ch >= 0x80) /* keep multi-byte letters whole */
                    continue;
                cells[i][j][k++] = (char)ch;
            }
            if (i == 0 && k == 0)
                cells[i][j][k++] = 'h'; /* header names are not empty */
            pn += (size_t)sprintf(plain + pn, "%s%s", j ? "," : "", cells[i][j]);
            qn += (size_t)sprintf(quoted + qn, "%s\"%s\"", j ? "," : "", cells[i][j]);
        }
        pn += (size_t)sprintf(plain + pn, "%s", i % 2 ? "\r\n" : "\n");
        qn += (size_t)sprintf(quoted + qn, "%s", i % 2 ? "\r\n" : "\n");
    }
    dvk_reader *a = dvk_reader_new(), *b = dvk_reader_new();
    dvk_reader_set_delimiter(a, ',');
    dvk_reader_set_delimiter(b, ',');
    assert_int_equal(dvk_reader_open_memory(a, plain, pn, "plain"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(b, quoted, qn, "quoted"), DVK_OK);
    size_t seen = 0;
    for (;;) {
        int sa = dvk_reader_next(a), sb = dvk_reader_next(b);
        assert_int_equal(sa, sb);
        if (sa != DVK_ROW)
            break;
        assert_int_equal(dvk_reader_line(a), dvk_reader_line(b));
        assert_int_equal(dvk_reader_field_count(a), dvk_reader_field_count(b));
        for (size_t j = 0; j < dvk_reader_field_count(a); j++)
            assert_string_equal(dvk_reader_field(a, j, NULL), dvk_reader_field(b, j, NULL));
        seen++;
    }
    assert_int_equal(dvk_reader_rows_blank(a), dvk_reader_rows_blank(b));
    assert_int_equal(seen + dvk_reader_rows_blank(a), rows - 1);
    dvk_reader_free(a);
    dvk_reader_free(b);
    for (size_t i = 0; i < rows; i++) {
        for (size_t j = 0; j < cols; j++)
            free(cells[i][j]);
        free(cells[i]);
    }
    free(cells);
    free(plain);
    free(quoted);
}

/* Records crossing the reader's block boundary, and a quoted field of
 * several MiB, read from a file descriptor. */
/* Lines with quotes anywhere, read split directly where that is safe and
 * all through libcsv (dvk_reader_set_libcsv_only()), must give the same rows,
 * fields, lines, columns and errors: quoted and doubled quotes, quotes
 * inside unquoted fields, text after a closing quote, spaces around
 * quotes, delimiters and line breaks inside quotes, CRLF. */
static void test_quoted_lines_match_libcsv(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "bc", "ệ", " ", "\"", "\"\"", ",", ",", "\"x,y\"",
                                         "\"\"", "\"q\"", "z\"", "\"\"\"", "\n", "\r\n", "  \"k\""};
    const size_t npieces = sizeof pieces / sizeof *pieces;
    unsigned seed = 7;
    size_t cap = 1 << 16;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int round = 0; round < 400; round++) {
        size_t n = (size_t)snprintf(text, cap, "h1,h2,h3\n");
        for (int k = 0; k < 60; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % npieces];
            /* mostly well-formed rows, so that many lines are quoted-plain */
            if ((seed >> 8) % 4 == 0)
                p = (seed >> 4) % 2 ? "\"u\",v,\"w\"\"x\"\n" : "1,\"a, b\",\"\"\n";
            n += (size_t)snprintf(text + n, cap - n, "%s", p);
        }
        dvk_reader *a = dvk_reader_new(), *b = dvk_reader_new();
        assert_int_equal(dvk_reader_set_libcsv_only(b, 1), DVK_OK);
        dvk_reader_set_delimiter(a, ',');
        dvk_reader_set_delimiter(b, ',');
        int oa = dvk_reader_open_memory(a, text, n, "t"), ob = dvk_reader_open_memory(b, text, n, "t");
        assert_int_equal(oa, ob);
        for (int rows = 0; oa == DVK_OK; rows++) {
            int sa = dvk_reader_next(a), sb = dvk_reader_next(b);
            if (sa != sb)
                fail_msg("round %d row %d: status %d directly, %d by libcsv\n%s", round, rows, sa, sb, text);
            if (sa != DVK_ROW && !dvk_status_is_row_error(sa))
                break;
            if (sa != DVK_ROW) {
                assert_int_equal(dvk_reader_error_line(a), dvk_reader_error_line(b));
                assert_int_equal(dvk_reader_error_column(a), dvk_reader_error_column(b));
                continue;
            }
            assert_int_equal(dvk_reader_line(a), dvk_reader_line(b));
            assert_int_equal(dvk_reader_field_count(a), dvk_reader_field_count(b));
            for (size_t j = 0; j < dvk_reader_field_count(a); j++) {
                size_t la, lb;
                const char *fa = dvk_reader_field(a, j, &la), *fb = dvk_reader_field(b, j, &lb);
                if (la != lb || memcmp(fa, fb, la) != 0)
                    fail_msg("round %d line %ld field %zu: [%s] directly, [%s] by libcsv", round,
                             dvk_reader_line(a), j, fa, fb);
                assert_int_equal(dvk_reader_field_column(a, j), dvk_reader_field_column(b, j));
            }
        }
        assert_int_equal(dvk_reader_rows_read(a), dvk_reader_rows_read(b));
        assert_int_equal(dvk_reader_rows_rejected(a), dvk_reader_rows_rejected(b));
        dvk_reader_free(a);
        dvk_reader_free(b);
    }
    free(text);
}

/* Read TEXT (N bytes) with the scan SIMD ("plain", "sse2", "avx2") and
 * DVKSTAT_BLOCK BLOCK, and all through libcsv in the usual blocks: the
 * same header, rows, fields, lines, columns, errors and counts, or fail
 * with ROUND. */
static void read_both_ways(const char *text, size_t n, const char *simd, unsigned block,
                           int round)
{
    char blocktext[32];
    snprintf(blocktext, sizeof blocktext, "%u", block);
    setenv("DVKSTAT_SIMD", "libcsv", 1);
    unsetenv("DVKSTAT_BLOCK");
    dvk_reader *b = dvk_reader_new();
    setenv("DVKSTAT_SIMD", simd, 1);
    setenv("DVKSTAT_BLOCK", blocktext, 1);
    dvk_reader *a = dvk_reader_new();
    unsetenv("DVKSTAT_SIMD");
    unsetenv("DVKSTAT_BLOCK");
    assert_non_null(a);
    assert_non_null(b);
    dvk_reader_set_encoding(a, "utf-8");
    dvk_reader_set_encoding(b, "utf-8");
    dvk_reader_set_delimiter(a, ',');
    dvk_reader_set_delimiter(b, ',');
    int oa = dvk_reader_open_memory(a, text, n, "t"), ob = dvk_reader_open_memory(b, text, n, "t");
    if (oa != ob)
        fail_msg("round %d %s/%u: open %d, by libcsv %d", round, simd, block, oa, ob);
    if (oa == DVK_OK) {
        assert_int_equal(dvk_reader_column_count(a), dvk_reader_column_count(b));
        for (size_t j = 0; j < dvk_reader_column_count(a); j++)
            assert_string_equal(dvk_reader_column_name(a, j), dvk_reader_column_name(b, j));
    }
    for (int rows = 0; oa == DVK_OK; rows++) {
        int sa = dvk_reader_next(a), sb = dvk_reader_next(b);
        if (sa != sb)
            fail_msg("round %d %s/%u row %d: status %d, by libcsv %d", round, simd, block, rows,
                     sa, sb);
        if (sa != DVK_ROW && !dvk_status_is_row_error(sa))
            break;
        if (sa != DVK_ROW) {
            assert_int_equal(dvk_reader_error_line(a), dvk_reader_error_line(b));
            assert_int_equal(dvk_reader_error_column(a), dvk_reader_error_column(b));
            continue;
        }
        assert_int_equal(dvk_reader_line(a), dvk_reader_line(b));
        assert_int_equal(dvk_reader_field_count(a), dvk_reader_field_count(b));
        for (size_t j = 0; j < dvk_reader_field_count(a); j++) {
            size_t la, lb;
            const char *fa = dvk_reader_field(a, j, &la), *fb = dvk_reader_field(b, j, &lb);
            if (la != lb || memcmp(fa, fb, la) != 0)
                fail_msg("round %d %s/%u line %ld field %zu: [%s], by libcsv [%s]", round, simd,
                         block, dvk_reader_line(a), j, fa, fb);
            assert_int_equal(dvk_reader_field_column(a, j), dvk_reader_field_column(b, j));
        }
    }
    if (oa == DVK_OK) {
        assert_string_equal(dvk_reader_errmsg(a), dvk_reader_errmsg(b));
        assert_int_equal(dvk_reader_error_line(a), dvk_reader_error_line(b));
        assert_int_equal(dvk_reader_error_column(a), dvk_reader_error_column(b));
    }
    assert_int_equal(dvk_reader_rows_read(a), dvk_reader_rows_read(b));
    assert_int_equal(dvk_reader_rows_rejected(a), dvk_reader_rows_rejected(b));
    assert_int_equal(dvk_reader_rows_blank(a), dvk_reader_rows_blank(b));
    assert_int_equal(dvk_reader_total_rows_left_out(a, NULL), dvk_reader_total_rows_left_out(b, NULL));
    dvk_reader_free(a);
    dvk_reader_free(b);
}

/* Random registers read by each scan (plain C, SSE2, AVX2 where the CPU
 * has them; a missing one falls back and is read all the same) and with
 * blocks of every size from 1 byte, so that every byte of the short
 * inputs falls on a block's edge, must give what libcsv gives: quotes,
 * CRLF, line breaks inside quotes, a BOM, total rows, long fields across
 * many 64-byte scans, invalid UTF-8 and cut sequences, and a NUL. */
static void test_scans_match_libcsv(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "bc", "ệ", "Đường", " ", ",", ",", ",", "\n", "\n", "\r\n", "\r\n", "\"", "\"\"",
        "\"x,y\"", "\"q\nr\"", "Tổng cộng", " tổng: ", "Cộng", "total", "Total", "Thôn",
        "\xff", "\xe1\xbb", "\xc3", "\x80", "\r",
        "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789"};
    const size_t npieces = sizeof pieces / sizeof *pieces;
    static const char *const simds[] = {"plain", "sse2", "avx2"};
    static const unsigned blocks[] = {1, 2, 3, 5, 63, 64, 65, 100, 1u << 20};
    unsigned seed = 11;
    size_t cap = 1 << 14;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int round = 0; round < 120; round++) {
        size_t n = (size_t)snprintf(text, cap, "%sh1,h2,h3\n", round % 5 == 0 ? "\xef\xbb\xbf" : "");
        for (int k = 0; k < 50; k++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly good rows, so that most lines go the fast ways; the
             * rare bad byte or NUL ends much of a round early */
            const char *p = pieces[(seed >> 16) % npieces];
            if ((p[0] == '\xff' || p[0] == '\xc3' || p[0] == '\x80') && (seed >> 4) % 4)
                p = "x";
            else if ((seed >> 8) % 3 == 0)
                p = (seed >> 4) % 2 ? "u,v ệ,w\n" : "1,\"a, b\",\"\"\r\n";
            n += (size_t)snprintf(text + n, cap - n, "%s", p);
        }
        if (round % 9 == 4) /* a NUL, which ends the text */
            text[n / 2] = '\0';
        for (size_t s = 0; s < sizeof simds / sizeof *simds; s++)
            for (size_t b = 0; b < sizeof blocks / sizeof *blocks; b++)
                read_both_ways(text, n, simds[s], blocks[b], round);
    }
    free(text);
}

/* BYTES (N of them) converted by iconv from ENCODING, flushed; -1 when
 * iconv refuses them. */
static long iconv_text(const char *encoding, const char *bytes, size_t n, char *out, size_t cap)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    assert_true(cd != (iconv_t)-1);
    char *src = (char *)bytes, *dst = out;
    size_t left = n, room = cap;
    long len = -1;
    if (iconv(cd, &src, &left, &dst, &room) != (size_t)-1 &&
        iconv(cd, NULL, NULL, &dst, &room) != (size_t)-1)
        len = (long)(dst - out);
    iconv_close(cd);
    return len;
}

/* Windows-1258 and TCVN3 are decoded by tables of the library's own:
 * every byte value, and every pair of them (a letter and a tone mark
 * make one letter), read in blocks of 1 MiB and of a few bytes (a letter
 * and its mark in two blocks) must give what iconv gives; and a byte the
 * encoding lacks is an error at the column iconv stops at. */
static void test_legacy_tables_match_iconv(void **state)
{
    (void)state;
    static const char *const names[][2] = {{"windows-1258", "CP1258"}, {"tcvn3", "TCVN5712-1"}};
    static const char *const blocks[] = {NULL, "1", "2", "7"};
    size_t cap = 4 + 256 * 256 * 4;
    char *text = malloc(cap);
    assert_non_null(text);
    for (size_t e = 0; e < 2; e++) {
        /* every pair of bytes that iconv takes, one a line, none of them
         * a delimiter, quote or line end */
        size_t n = (size_t)snprintf(text, cap, "h\n");
        unsigned short *pairs = malloc(256 * 256 * sizeof *pairs);
        size_t npairs = 0;
        for (unsigned a = 1; a < 256; a++)
            for (unsigned b = 1; b < 256; b++) {
                char two[2] = {(char)a, (char)b}, out[16];
                if (a == ',' || a == '"' || a == '\n' || a == '\r' || b == ',' || b == '"' ||
                    b == '\n' || b == '\r')
                    continue;
                if (iconv_text(names[e][1], two, 2, out, sizeof out) < 0)
                    continue;
                text[n++] = 'x'; /* no line is blank */
                text[n++] = (char)a;
                text[n++] = (char)b;
                text[n++] = '\n';
                pairs[npairs++] = (unsigned short)(a << 8 | b);
            }
        assert_true(npairs > 200 * 200);
        for (size_t k = 0; k < sizeof blocks / sizeof *blocks; k++) {
            if (blocks[k])
                setenv("DVKSTAT_BLOCK", blocks[k], 1);
            dvk_reader *r = dvk_reader_new();
            unsetenv("DVKSTAT_BLOCK");
            dvk_reader_set_encoding(r, names[e][0]);
            dvk_reader_set_delimiter(r, ',');
            dvk_reader_set_keep_totals(r, 1);
            assert_int_equal(dvk_reader_open_memory(r, text, n, "t"), DVK_OK);
            size_t i = 0;
            int st;
            while ((st = dvk_reader_next(r)) == DVK_ROW || dvk_status_is_row_error(st)) {
                if (st != DVK_ROW)
                    continue;
                char two[2] = {(char)(pairs[i] >> 8), (char)(pairs[i] & 0xFF)}, want[16];
                long len = iconv_text(names[e][1], two, 2, want, sizeof want);
                size_t got_len;
                const char *got = dvk_reader_field(r, 0, &got_len);
                got++, got_len--; /* the x */
                if ((long)got_len != len || memcmp(got, want, got_len) != 0)
                    fail_msg("%s bytes %02X %02X: [%.*s], iconv [%.*s] (block %s)", names[e][0],
                             pairs[i] >> 8, pairs[i] & 0xFF, (int)got_len, got, (int)len, want,
                             blocks[k] ? blocks[k] : "1 MiB");
                i++;
            }
            assert_int_equal(st, DVK_DONE);
            assert_int_equal(i, npairs);
            dvk_reader_free(r);
        }
        free(pairs);
    }
    /* Bytes Windows-1258 lacks: the error comes where iconv stops, after
     * what it wrote (a letter it held back for a mark is not written). */
    for (unsigned bad = 0x80; bad < 0xA0; bad++) {
        char one = (char)bad, out[16];
        if (iconv_text("CP1258", &one, 1, out, sizeof out) >= 0)
            continue;
        for (const char *before = "a1\xe2\xd0"; *before; before++) {
            char line[16];
            int len = snprintf(line, sizeof line, "h\nx%c%c\n", *before, bad);
            iconv_t cd = iconv_open("UTF-8", "CP1258");
            char *src = line + 2, *dst = out;
            size_t left = (size_t)len - 2, room = sizeof out;
            assert_true(iconv(cd, &src, &left, &dst, &room) == (size_t)-1);
            iconv_close(cd);
            long column = 1;
            for (char *p = out; p < dst; p++)
                column += ((unsigned char)*p & 0xC0) != 0x80;
            dvk_reader *r = dvk_reader_new();
            dvk_reader_set_encoding(r, "windows-1258");
            assert_int_equal(dvk_reader_open_memory(r, line, (size_t)len, "t"), DVK_OK);
            assert_int_equal(dvk_reader_next(r), DVK_ENCODING);
            assert_int_equal(dvk_reader_error_line(r), 2);
            assert_int_equal(dvk_reader_error_column(r), column);
            dvk_reader_free(r);
        }
    }
    free(text);
}

static void test_large_input_from_fd(void **state)
{
    (void)state;
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    fputs("id,text\n", tmp);
    size_t rows = 60000;
    for (size_t i = 0; i < rows; i++)
        fprintf(tmp, "%zu,\"row %zu, line\nbreak\"\n", i, i);
    fputs("big,\"", tmp);
    for (size_t i = 0; i < (5u << 20); i++)
        fputc(i % 1000 == 999 ? '\n' : 'x', tmp);
    fputs("\"\nlast,one\n", tmp);
    fflush(tmp);
    rewind(tmp);
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_fd(r, fileno(tmp), "tmp"), DVK_OK);
    size_t n = 0;
    long line = 0;
    while (dvk_reader_next(r) == DVK_ROW) {
        if (n < rows) {
            char want[64];
            snprintf(want, sizeof want, "row %zu, line\nbreak", n);
            assert_string_equal(dvk_reader_field(r, 1, NULL), want);
            assert_int_equal(dvk_reader_line(r), 2 + 2 * (long)n);
        }
        if (n == rows) {
            size_t len;
            dvk_reader_field(r, 1, &len);
            assert_int_equal(len, 5u << 20);
        }
        line = dvk_reader_line(r);
        n++;
    }
    assert_int_equal(n, rows + 2);
    /* the last row starts after the 5 MiB field's 5242 inner line breaks */
    assert_int_equal(line, 2 + 2 * (long)rows + (5 << 20) / 1000 + 1);
    dvk_reader_free(r);
    fclose(tmp);
}

static void test_filters(void **state)
{
    (void)state;
    const char text[] = "Lĩnh vực,Năm,Số hộ\n"
                        "Kinh tế,2019,10\n"
                        "kinh  tế,2021,\n"
                        "Văn hoá,2021,5\n"
                        "Văn hóa,2022,x\n"
                        "Y tế,2022,7\n";
    dvk_reader *r = open_str(text);
    assert_int_equal(dvk_reader_add_filter(r, "linh_vuc=KINH TẾ|văn hóa"), DVK_OK);
    assert_int_equal(dvk_reader_add_filter(r, "Năm>=2021"), DVK_OK);
    expect_row(r, 3, 3, "kinh  tế", "2021", "");
    expect_row(r, 4, 3, "Văn hoá", "2021", "5");
    expect_row(r, 5, 3, "Văn hóa", "2022", "x");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    assert_int_equal(dvk_reader_rows_filtered(r), 2);
    dvk_reader_free(r);

    /* a number filter on a cell that is not a number is a row error */
    r = open_str(text);
    assert_int_equal(dvk_reader_add_filter(r, "Số hộ>6"), DVK_OK);
    expect_row(r, 2, 3, "Kinh tế", "2019", "10");
    assert_int_equal(dvk_reader_next(r), DVK_VALUE);
    assert_int_equal(dvk_reader_error_line(r), 5);
    assert_int_equal(dvk_reader_error_column(r), 14);
    expect_row(r, 6, 3, "Y tế", "2022", "7");
    assert_int_equal(dvk_reader_rows_read(r), 5);
    assert_int_equal(dvk_reader_rows_filtered(r), 2);
    assert_int_equal(dvk_reader_rows_rejected(r), 1);
    dvk_reader_free(r);

    r = open_str(text);
    assert_int_equal(dvk_reader_add_filter(r, "Năm!=2021"), DVK_OK);
    expect_row(r, 2, 3, "Kinh tế", "2019", "10");
    assert_int_equal(dvk_reader_add_filter(r, "nonsense"), DVK_USAGE);
    assert_int_equal(dvk_reader_add_filter(r, "Năm>abc"), DVK_USAGE);
    assert_int_equal(dvk_reader_add_filter(r, "Nope=1"), DVK_COLUMN);
    dvk_reader_free(r);
}

static void test_reject_positions(void **state)
{
    (void)state;
    dvk_reader *r = open_str("a,b,c\n\"x\ny\",Đường,q\n");
    assert_int_equal(dvk_reader_next(r), DVK_ROW);
    assert_int_equal(dvk_reader_field_column(r, 1), 4);
    assert_int_equal(dvk_reader_reject(r, DVK_VALUE, 2, "bad"), DVK_VALUE);
    assert_int_equal(dvk_reader_error_line(r), 3);
    assert_int_equal(dvk_reader_error_column(r), 10);
    assert_string_equal(dvk_reader_errmsg(r), "bad");
    assert_int_equal(dvk_reader_rows_rejected(r), 1);
    dvk_reader_free(r);
}

/* ------------------------------------------------------------- limits */

static dvk_reader *open_limited(const char *text, size_t len, size_t record,
                                size_t field, size_t columns, int reference)
{
    dvk_reader *r = dvk_reader_new();
    assert_non_null(r);
    assert_int_equal(dvk_reader_set_limits(r, record, field, columns), DVK_OK);
    assert_int_equal(dvk_reader_set_libcsv_only(r, reference), DVK_OK);
    int st = dvk_reader_open_memory(r, text, len, "mem.csv");
    if (st != DVK_OK)
        fail_msg("open: %s", dvk_reader_errmsg(r));
    return r;
}

/* The next call fails with DVK_LIMIT at LINE:COLUMN, saying WHAT, and the
 * input has ended. */
static void expect_limit(dvk_reader *r, long line, long column, const char *what)
{
    int st = dvk_reader_next(r);
    if (st != DVK_LIMIT)
        fail_msg("expected DVK_LIMIT (%s) at line %ld, got %d: %s", what, line, st,
                 dvk_reader_errmsg(r));
    assert_int_equal(dvk_reader_error_line(r), line);
    assert_int_equal(dvk_reader_error_column(r), column);
    if (!strstr(dvk_reader_errmsg(r), what))
        fail_msg("'%s' does not say '%s'", dvk_reader_errmsg(r), what);
    assert_int_equal(dvk_reader_next(r), DVK_LIMIT);
}

static char *repeat(const char *head, int c, size_t n, const char *tail, size_t *len)
{
    size_t h = strlen(head), t = strlen(tail);
    char *s = malloc(h + n + t + 1);
    assert_non_null(s);
    memcpy(s, head, h);
    memset(s + h, c, n);
    memcpy(s + h + n, tail, t + 1);
    *len = h + n + t;
    return s;
}

static void test_limits(void **state)
{
    (void)state;
    size_t len;
    for (int ref = 0; ref <= 1; ref++) {
        /* a line with no line end stops at the record limit */
        char *s = repeat("a,b\nx,", 'y', 5000, "", &len);
        dvk_reader *r = open_limited(s, len, 1000, 0, 0, ref);
        expect_limit(r, 2, 1001, "1000 bytes");
        dvk_reader_free(r);
        free(s);
        /* a long field, plain and quoted */
        s = repeat("a,b\n1,2\n3,", 'x', 200, "\n", &len);
        r = open_limited(s, len, 0, 100, 0, ref);
        expect_row(r, 2, 2, "1", "2");
        expect_limit(r, 3, 3, "limit on a field");
        dvk_reader_free(r);
        free(s);
        s = repeat("a,b\n3,\"", 'x', 200, "\"\n", &len);
        r = open_limited(s, len, 0, 100, 0, ref);
        expect_limit(r, 2, 3, "100 bytes");
        dvk_reader_free(r);
        free(s);
        /* too many fields, plain, quoted and across lines */
        r = open_limited("a,b,c\n1,2,3\n1,2,3,4\n", 20, 0, 0, 3, ref);
        expect_row(r, 2, 3, "1", "2", "3");
        expect_limit(r, 3, 7, "more than 3 fields");
        dvk_reader_free(r);
        r = open_limited("a,b,c\n1,\"2\",3,4\n", 16, 0, 0, 3, ref);
        expect_limit(r, 2, 9, "more than 3 fields");
        dvk_reader_free(r);
        r = open_limited("a,b,c\n1,\"x\ny\",3,4\n", 18, 0, 0, 3, ref);
        expect_limit(r, 3, 6, "more than 3 fields");
        dvk_reader_free(r);
    }
    /* a header wider than the limit */
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_limits(r, 0, 0, 2), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "a,b,c\n", 6, "m"), DVK_LIMIT);
    dvk_reader_free(r);
    /* limits are set before opening */
    r = open_str("a\n1\n");
    assert_int_equal(dvk_reader_set_limits(r, 10, 10, 10), DVK_USAGE);
    dvk_reader_free(r);

    /* Bounded while reading: a field of 6 MiB with no line end stops at a
     * limit of 1 MiB having read little more than that. */
    char *s = repeat("a,b\n1,", 'x', (size_t)6 << 20, "", &len);
    r = open_limited(s, len, 0, (size_t)1 << 20, 0, 0);
    expect_limit(r, 2, 3, "1 MiB");
    assert_true(dvk_reader_bytes_read(r) <= ((size_t)3 << 20));
    dvk_reader_free(r);
    r = open_limited(s, len, (size_t)2 << 20, 0, 0, 0);
    expect_limit(r, 2, 2 * 1048576 + 1, "2 MiB");
    assert_true(dvk_reader_bytes_read(r) <= ((size_t)4 << 20));
    dvk_reader_free(r);
    /* the default limits let a 5 MiB field through (test_large_input_from_fd)
     * and stop a 70 MiB line */
    free(s);
    s = repeat("a,b\n1,", 'x', (size_t)70 << 20, "\n", &len);
    r = open_limited(s, len, 0, 0, 0, 0);
    expect_limit(r, 2, (long)DVK_READER_MAX_RECORD + 1, "64 MiB");
    assert_true(dvk_reader_bytes_read(r) <= DVK_READER_MAX_RECORD + ((size_t)2 << 20));
    dvk_reader_free(r);
    free(s);
}

/* A NUL ends the text as soon as it is read, not when its record is
 * complete: megabytes of zeros cost one block. */
static void test_nul_found_early(void **state)
{
    (void)state;
    size_t len = (size_t)20 << 20;
    char *s = calloc(1, len);
    assert_non_null(s);
    memcpy(s, "a,b\n1,2\n3,", 10);
    dvk_reader *r = open_text(s, len);
    expect_row(r, 2, 2, "1", "2");
    assert_int_equal(dvk_reader_next(r), DVK_ENCODING);
    assert_int_equal(dvk_reader_error_line(r), 3);
    assert_int_equal(dvk_reader_error_column(r), 3);
    assert_non_null(strstr(dvk_reader_errmsg(r), "NUL byte"));
    assert_true(dvk_reader_bytes_read(r) <= ((size_t)2 << 20));
    dvk_reader_free(r);
    free(s);
}

/* A file that grows or shrinks while it is read is an error at its end. */
static void test_file_changed(void **state)
{
    (void)state;
    char path[] = "/tmp/dvk-test-changed-XXXXXX";
    for (int grow = 0; grow <= 1; grow++) {
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "w");
        fputs("a,b\n", f);
        for (int i = 0; i < 300000; i++)
            fprintf(f, "%d,row %d\n", i, i);
        fclose(f);
        dvk_reader *r = dvk_reader_new();
        assert_int_equal(dvk_reader_open(r, path), DVK_OK);
        assert_int_equal(dvk_reader_next(r), DVK_ROW);
        if (grow) {
            f = fopen(path, "a");
            fputs("300000,more\n", f);
            fclose(f);
        } else {
            assert_int_equal(truncate(path, 2 << 20), 0);
        }
        int st;
        while ((st = dvk_reader_next(r)) == DVK_ROW)
            ;
        assert_int_equal(st, DVK_IO);
        assert_non_null(strstr(dvk_reader_errmsg(r), "changed while it was read"));
        dvk_reader_free(r);
        /* unchanged, the same file reads to its end */
        r = dvk_reader_new();
        assert_int_equal(dvk_reader_open(r, path), DVK_OK);
        while ((st = dvk_reader_next(r)) == DVK_ROW)
            ;
        assert_true(st == DVK_DONE || (!grow && st == DVK_FIELDS));
        dvk_reader_free(r);
        unlink(path);
        strcpy(path, "/tmp/dvk-test-changed-XXXXXX");
    }
}

/* A field's normal forms are dvk_text_normalize()'s, whether the reader
 * hands back the field itself (plain ASCII in its own form) or normalises
 * it. */
static void test_field_forms(void **state)
{
    (void)state;
    static const char text[] = "a,b,c,d,e,f,g,h\n"
                               "ML-2017-001,kinh te,Kinh Te, x  y ,x\ty,\"a  b\",Việt, trim\n";
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, text, sizeof text - 1, "mem"), DVK_OK);
    assert_int_equal(dvk_reader_next(r), DVK_ROW);
    for (size_t i = 0; i < dvk_reader_field_count(r); i++)
        for (int form = DVK_TEXT_CLEAN; form <= DVK_TEXT_TRIM; form++) {
            size_t n, m;
            const char *raw = dvk_reader_field(r, i, &n);
            char *want;
            assert_int_equal(dvk_text_normalize(raw, n, form, &want, &m), DVK_OK);
            const char *got = dvk_reader_field_text(r, i, form, &n);
            assert_non_null(got);
            assert_int_equal(n, m);
            assert_string_equal(got, want);
            dvk_free(want);
        }
    dvk_reader_free(r);
}

/* The host's locale as the other tests expect it, even after a failure. */
static int back_to_c_locale(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C");
    return 0;
}

/* A reader told its language speaks it whatever the host's locale: the
 * usage errors of its setters and an input that cannot be opened, in
 * English under a vi_VN host, in Vietnamese when told so (the test
 * catalogue, DVKSTAT_LOCALEDIR, and the vi_VN locale where they exist). */
static void test_handle_language(void **state)
{
    (void)state;
    if (!setlocale(LC_ALL, "vi_VN.UTF-8"))
        skip();
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_language(r, "en"), DVK_OK);
    assert_int_equal(dvk_reader_set_delimiter(r, '"'), DVK_USAGE);
    assert_string_equal(dvk_reader_errmsg(r), "the delimiter cannot be a quote or a line end");
    assert_int_equal(dvk_reader_set_encoding(r, "no-such-encoding"), DVK_USAGE);
    assert_string_equal(dvk_reader_errmsg(r), "unknown encoding 'no-such-encoding'");
    assert_int_not_equal(dvk_reader_open(r, "/nonexistent/register.csv"), DVK_OK);
    assert_string_equal(dvk_reader_errmsg(r), "cannot open: No such file or directory");
    dvk_reader_free(r);
    /* and a row refused by a filter, and by the caller */
    static const char text[] = "n,x\nabc,1.234\n";
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_language(r, "en"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, text, sizeof text - 1, "mem"), DVK_OK);
    dvk_expr *e;
    assert_int_equal(dvk_expr_new(r, "n>=2", &e), DVK_OK);
    assert_int_equal(dvk_reader_next(r), DVK_ROW);
    int holds;
    assert_int_equal(dvk_expr_eval(e, r, &holds), DVK_VALUE);
    assert_string_equal(dvk_reader_errmsg(r), "'abc' in column 'n' is not a number");
    assert_non_null(strstr(dvk_reader_errhint(r), "numbers are written 1234 or 12.5"));
    assert_int_equal(dvk_reader_reject(r, DVK_VALUE, 1, NULL), DVK_VALUE);
    assert_non_null(strstr(dvk_reader_errhint(r), "'1.234' may group thousands or have three "
                           "decimals"));
    dvk_expr_free(e);
    dvk_reader_free(r);
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_language(r, "vi"), DVK_OK);
    assert_int_equal(dvk_reader_set_delimiter(r, '"'), DVK_USAGE);
    const char *vi = dvk_reader_errmsg(r);
    setlocale(LC_ALL, "C");
    /* Vietnamese where the catalogue is found; never the host's C English
     * mixed with another language */
    if (getenv("DVKSTAT_LOCALEDIR"))
        assert_string_not_equal(vi, "the delimiter cannot be a quote or a line end");
    dvk_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple),
        cmocka_unit_test(test_field_forms),
        cmocka_unit_test_teardown(test_handle_language, back_to_c_locale),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_spaces_kept),
        cmocka_unit_test(test_blank_rows_and_padding),
        cmocka_unit_test(test_form_layout),
        cmocka_unit_test(test_no_header),
        cmocka_unit_test(test_wrong_field_count),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_invalid_bytes),
        cmocka_unit_test(test_fast_path_matches_general),
        cmocka_unit_test(test_quoted_lines_match_libcsv),
        cmocka_unit_test(test_scans_match_libcsv),
        cmocka_unit_test(test_legacy_tables_match_iconv),
        cmocka_unit_test(test_large_input_from_fd),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_reject_positions),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_parts),
        cmocka_unit_test(test_title_and_totals),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_nul_found_early),
        cmocka_unit_test(test_file_changed),
        cmocka_unit_test(test_parts_form_sums),
        cmocka_unit_test(test_parts_table_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
