/* reader.c: the reader's life cycle, settings, opening and queries.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The streaming reader of CSV inputs; reader.h says how its layers are
 * shared out among files.
 */
#include "reader.h"
#include "expr.h"
#include "book.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ------------------------------------------------------------ life cycle */

DVK_API dvk_reader *dvk_reader_new(void)
{
    dvk_reader *r = dvk_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->fd = -1;
    r->has_header = 1;
    r->skip_lines = -1;
    r->decimal_comma = DVK_DECIMAL_AUTO;
    r->decoder.utf8 = 1;
    r->decoder.cd = (iconv_t)-1;
    r->max_record = DVK_READER_MAX_RECORD;
    r->max_field = DVK_READER_MAX_FIELD;
    r->max_columns = DVK_READER_MAX_COLUMNS;
    r->block = dvk_input_block();
    r->simd = dvk_split_simd();
    /* DVKSTAT_SIMD=libcsv: every line through libcsv, the reference the
     * tests compare the direct splits with, for a whole command. */
    const char *e = getenv("DVKSTAT_SIMD");
    if (e && strcmp(e, "libcsv") == 0)
        r->libcsv_only = 1;
    return r;
}

void dvk_names_free(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

DVK_API void dvk_reader_free(dvk_reader *r)
{
    if (!r)
        return;
    dvk_sheet_free(r);
    if (r->msg_lang)
        freelocale(r->msg_lang);
    free(r->sheet_request);
    if (r->own_fd && r->fd >= 0)
        close(r->fd);
    if (r->csv_ready)
        csv_free(&r->csv);
    dvk_decoder_close(&r->decoder);
    free(r->encoding_request);
    free(r->name);
    free(r->path);
    dvk_buf_free(&r->raw);
    dvk_buf_free(&r->text);
    dvk_buf_free(&r->held);
    dvk_names_free(r->colnames, r->ncols);
    dvk_names_free(r->colkeys, r->ncols);
    dvk_names_free(r->colloose, r->ncols);
    dvk_buf_free(&r->rowbuf);
    free(r->field_off);
    free(r->field_len);
    if (r->fill_value)
        for (size_t i = 0; i < r->ncols; i++)
            dvk_buf_free(&r->fill_value[i]);
    free(r->fill_value);
    free(r->fill);
    dvk_layout_guess_free(r);
    dvk_filters_free(r);
    free(r->key_cols);
    free(r->sum_cols);
    free(r->sums);
    free(r->sums_all);
    free(r->numconv);
    free(r->numsure);
    free(r->notes);
    dvk_map_free(&r->cache);
    dvk_buf_free(&r->cache_values);
    dvk_buf_free(&r->keybuf);
    dvk_text_scratch_free(&r->scratch);
    free(r);
}

int dvk_reader_usage(dvk_reader *r, const char *what)
{
    return dvk_error_set(&r->err, DVK_USAGE, 0, 0, "%s", dvk_gettext_lang(r->msg_lang, what));
}

static int reader_set_encoding_body(dvk_reader *r, const char *name)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return dvk_reader_usage(r, N_("the encoding must be set before the input is opened"));
    free(r->encoding_request);
    r->encoding_request = NULL;
    if (!name || strcmp(name, "auto") == 0)
        return DVK_OK;
    const char *iconv_name, *display;
    if (dvk_encoding_lookup(name, &iconv_name, &display)) {
        dvk_error_set(&r->err, DVK_USAGE, 0, 0, _("unknown encoding '%s'"), name);
        dvk_error_hint(&r->err, _("known names include utf-8, utf-16le, "
                       "utf-16be, windows-1258, tcvn3 (see 'iconv -l')"));
        return DVK_USAGE;
    }
    r->encoding_request = dvk_strndup(name, strlen(name));
    return r->encoding_request ? DVK_OK : DVK_NOMEM;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_reader_set_encoding(dvk_reader *r, const char *name)
{
    DVK_READER_LANG_RETURN(r, reader_set_encoding_body(r, name));
}

DVK_API int dvk_reader_set_language(dvk_reader *r, const char *lang)
{
    if (!r)
        return DVK_USAGE;
    locale_t l;
    int st = dvk_lang_new(lang, &l);
    if (st == DVK_USAGE)
        return dvk_error_set(&r->err, DVK_USAGE, 0, 0,
                             _("no locale for the language '%s' on this system"), lang);
    if (st)
        return dvk_error_set(&r->err, st, 0, 0, _("out of memory"));
    if (r->msg_lang)
        freelocale(r->msg_lang);
    r->msg_lang = l;
    return DVK_OK;
}

DVK_API int dvk_reader_set_delimiter(dvk_reader *r, int delimiter)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return dvk_reader_usage(r, N_("the delimiter must be set before the input is opened"));
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' ||
        delimiter < 0 || delimiter > 255)
        return dvk_reader_usage(r, N_("the delimiter cannot be a quote or a line end"));
    r->delimiter_request = delimiter;
    return DVK_OK;
}

DVK_API int dvk_reader_set_header(dvk_reader *r, int has_header)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return dvk_reader_usage(r, N_("the header setting must come before the input is opened"));
    r->has_header = has_header != 0;
    return DVK_OK;
}

DVK_API int dvk_reader_set_keep_totals(dvk_reader *r, int keep)
{
    if (!r)
        return DVK_USAGE;
    r->keep_totals = keep != 0;
    return DVK_OK;
}

DVK_API int dvk_reader_set_libcsv_only(dvk_reader *r, int on)
{
    if (!r)
        return DVK_USAGE;
    r->libcsv_only = on != 0;
    return DVK_OK;
}

DVK_API int dvk_reader_set_reference(dvk_reader *r, int on)
{
    return dvk_reader_set_libcsv_only(r, on);
}

DVK_API int dvk_reader_set_skip_lines(dvk_reader *r, long lines)
{
    if (!r || lines < -1)
        return DVK_USAGE;
    if (r->opened)
        return dvk_reader_usage(r, N_("set the reader up before opening it"));
    r->skip_lines = lines;
    return DVK_OK;
}

DVK_API int dvk_reader_set_limits(dvk_reader *r, size_t record, size_t field,
                                  size_t columns)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return dvk_reader_usage(r, N_("set the reader up before opening it"));
    r->max_record = record ? record : DVK_READER_MAX_RECORD;
    r->max_field = field ? field : DVK_READER_MAX_FIELD;
    r->max_columns = columns ? columns : DVK_READER_MAX_COLUMNS;
    return DVK_OK;
}

DVK_API int dvk_reader_set_decimal_comma(dvk_reader *r, int on)
{
    if (!r)
        return DVK_USAGE;
    r->decimal_comma = on < 0 ? DVK_DECIMAL_AUTO : on != 0;
    return DVK_OK;
}

DVK_API int dvk_reader_set_header_rows(dvk_reader *r, long rows)
{
    if (!r || rows < 0)
        return DVK_USAGE;
    if (r->opened)
        return dvk_reader_usage(r, N_("set the reader up before opening it"));
    r->header_rows_request = rows;
    return DVK_OK;
}

DVK_API int dvk_reader_set_keep(dvk_reader *r, unsigned what)
{
    if (!r)
        return DVK_USAGE;
    r->keep = what;
    return DVK_OK;
}

DVK_API int dvk_reader_column_decimal(const dvk_reader *r, size_t i, int *certain)
{
    int sure = 1, conv = DVK_DECIMAL_AUTO;
    if (r && r->decimal_comma != DVK_DECIMAL_AUTO) {
        conv = r->decimal_comma;
    } else if (r && r->numconv && i < r->ncols) {
        conv = r->numconv[i];
        sure = r->numsure[i];
    } else {
        sure = 0;
    }
    if (certain)
        *certain = sure;
    return conv;
}

static int open_common(dvk_reader *r, const char *name)
{
    if (r->opened)
        return dvk_reader_usage(r, N_("a reader opens one input; make a new reader"));
    r->opened = 1;
    dvk_error_clear(&r->err);
    r->name = dvk_strndup(name, strlen(name));
    if (!r->name)
        return dvk_error_nomem(&r->err);
    int st = dvk_input_start(r);
    if (!st)
        st = dvk_read_header(r);
    return st;
}

static int reader_open_body(dvk_reader *r, const char *path)
{
    if (!r || !path)
        return DVK_USAGE;
    if (strcmp(path, "-") == 0)
        return dvk_reader_open_fd(r, 0, "<stdin>");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        r->opened = 1;
        r->name = dvk_strndup(path, strlen(path));
        int e = errno;
        return dvk_error_set(&r->err, DVK_IO, 0, 0,
                             dvk_gettext_lang(r->msg_lang, N_("cannot open: %s")),
                             dvk_strerror_lang(r->msg_lang, e));
    }
    r->fd = fd;
    r->own_fd = 1;
    r->path = dvk_strndup(path, strlen(path));
    if (!r->path) {
        r->opened = 1;
        return dvk_error_nomem(&r->err);
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        r->input_size = (unsigned long long)sb.st_size;
        /* A size of 0 says nothing of a file of /proc or /sys. */
        r->check_size = sb.st_size > 0;
        r->size_at_open = r->size_expected = r->input_size;
    }
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    return open_common(r, path);
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_reader_open(dvk_reader *r, const char *path)
{
    DVK_READER_LANG_RETURN(r, reader_open_body(r, path));
}

static int reader_open_fd_body(dvk_reader *r, int fd, const char *name)
{
    if (!r || fd < 0)
        return DVK_USAGE;
    r->fd = fd;
    r->own_fd = 0;
    /* A regular file is read from where it stands to its end. */
    struct stat sb;
    off_t at = lseek(fd, 0, SEEK_CUR);
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && at >= 0 && at <= sb.st_size &&
        sb.st_size > 0) {
        r->check_size = 1;
        r->size_at_open = (unsigned long long)sb.st_size;
        r->size_expected = (unsigned long long)(sb.st_size - at);
    }
    return open_common(r, name ? name : "<fd>");
}

DVK_API int dvk_reader_open_fd(dvk_reader *r, int fd, const char *name)
{
    DVK_READER_LANG_RETURN(r, reader_open_fd_body(r, fd, name));
}

static int reader_open_memory_body(dvk_reader *r, const void *data, size_t len,
                                   const char *name)
{
    if (!r || (!data && len))
        return DVK_USAGE;
    r->mem = data ? data : "";
    r->mem_len = len;
    r->input_size = len;
    return open_common(r, name ? name : "<memory>");
}

DVK_API int dvk_reader_open_memory(dvk_reader *r, const void *data, size_t len,
                                   const char *name)
{
    DVK_READER_LANG_RETURN(r, reader_open_memory_body(r, data, len, name));
}

DVK_API long dvk_reader_header_line(const dvk_reader *r)
{
    return r ? r->header_line : 0;
}

DVK_API int dvk_reader_title_skipped(const dvk_reader *r)
{
    return r ? r->title_skipped : 0;
}

/* --------------------------------------------------------------- getters */

DVK_API const char *dvk_reader_encoding(const dvk_reader *r)
{
    return r && r->encoding_display ? r->encoding_display : "";
}

DVK_API int dvk_reader_delimiter(const dvk_reader *r)
{
    return r ? r->delimiter : 0;
}

DVK_API const char *dvk_reader_line_end(const dvk_reader *r)
{
    static const char *const names[] = {"none", "LF", "CRLF", "CR"};
    return r ? names[r->line_end] : "";
}

DVK_API int dvk_reader_has_bom(const dvk_reader *r)
{
    return r && r->detected.bom_len > 0;
}

DVK_API const char *dvk_reader_name(const dvk_reader *r)
{
    return r && r->name ? r->name : "";
}

DVK_API size_t dvk_reader_column_count(const dvk_reader *r)
{
    return r ? r->ncols : 0;
}

DVK_API const char *dvk_reader_column_name(const dvk_reader *r, size_t i)
{
    return r && i < r->ncols ? r->colnames[i] : NULL;
}

DVK_API unsigned long long dvk_reader_bytes_read(const dvk_reader *r)
{
    return r ? r->raw_bytes : 0;
}

DVK_API unsigned long long dvk_reader_input_size(const dvk_reader *r)
{
    return r ? r->input_size : 0;
}

DVK_API const char *dvk_reader_errmsg(const dvk_reader *r)
{
    if (!r)
        return "no reader (out of memory)";
    return r->err.message[0] ? r->err.message : dvk_status_name(r->err.status);
}

DVK_API const char *dvk_reader_errhint(const dvk_reader *r)
{
    return r ? r->err.hint : "";
}

DVK_API long dvk_reader_error_line(const dvk_reader *r)
{
    return r ? r->err.line : 0;
}

DVK_API long dvk_reader_error_column(const dvk_reader *r)
{
    return r ? r->err.column : 0;
}


/* ------------------------------------------- for conditions (expr.h) */

dvk_error *dvk_reader_error_of(dvk_reader *r)
{
    return &r->err;
}

int dvk_reader_is_open(const dvk_reader *r)
{
    return r->colnames != NULL;
}

int dvk_reader_uses_decimal_comma(const dvk_reader *r)
{
    return r->decimal_comma;
}

/* ----------------------------------------------------------- workbooks */

DVK_API int dvk_reader_set_sheet(dvk_reader *r, const char *sheet)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return dvk_reader_usage(r, N_("the sheet must be set before the input is opened"));
    free(r->sheet_request);
    r->sheet_request = NULL;
    if (!sheet)
        return DVK_OK;
    r->sheet_request = dvk_strndup(sheet, strlen(sheet));
    return r->sheet_request ? DVK_OK : DVK_NOMEM;
}

DVK_API size_t dvk_reader_sheet_count(const dvk_reader *r)
{
    return r && r->book ? dvk_book_sheet_count(r->book) : 0;
}

DVK_API const char *dvk_reader_sheet_name(const dvk_reader *r, size_t i)
{
    return r && r->book ? dvk_book_sheet_name(r->book, i) : NULL;
}

DVK_API int dvk_reader_sheet_hidden(const dvk_reader *r, size_t i)
{
    return r && r->book ? dvk_book_sheet_hidden(r->book, i) : 0;
}

DVK_API int dvk_reader_sheet_size(dvk_reader *r, size_t i, unsigned long *rows,
                                  unsigned long *columns)
{
    unsigned long dummy_rows, dummy_cols;
    if (!rows)
        rows = &dummy_rows;
    if (!columns)
        columns = &dummy_cols;
    *rows = *columns = 0;
    if (!r || !r->book || i >= dvk_book_sheet_count(r->book))
        return DVK_USAGE;
    return dvk_book_sheet_size(r->book, i, rows, columns);
}

DVK_API size_t dvk_reader_sheet(const dvk_reader *r)
{
    return r && r->book ? r->sheet : (size_t)-1;
}

DVK_API unsigned long long dvk_reader_rows_hidden(const dvk_reader *r)
{
    return r ? r->rows_hidden : 0;
}

DVK_API int dvk_reader_field_number(const dvk_reader *r, size_t i, double *x)
{
    if (!r || !x)
        return DVK_USAGE;
    *x = 0;
    if (r->book && i < r->nfields && r->field_type &&
        (r->field_type[i] == DVK_CELL_NUMBER || r->field_type[i] == DVK_CELL_BOOL)) {
        *x = r->field_num[i];
        return DVK_OK;
    }
    size_t len;
    const char *s = dvk_reader_field(r, i, &len);
    int conv = r->decimal_comma;
    if (conv == DVK_DECIMAL_AUTO && r->numconv && i < r->ncols)
        conv = r->numconv[i];
    if (conv != DVK_DECIMAL_AUTO)
        return dvk_number_parse(s, len, conv, x);
    /* Nothing has settled the column: a value reads only as it must. */
    switch (dvk_number_shape(s, len)) {
    case DVK_SHAPE_COMMA: return dvk_number_parse(s, len, 1, x);
    case DVK_SHAPE_DOT3:
    case DVK_SHAPE_COMMA3: return DVK_VALUE;
    default: return dvk_number_parse(s, len, 0, x);
    }
}

/* A sheet's name as a spreadsheet writes it in a reference: quoted when it
 * holds anything but letters, digits, '_' and '.'. */
static void sheet_ref(dvk_buf *b, const char *name)
{
    int plain = *name != '\0';
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (!(*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
              *p == '_' || *p == '.'))
            plain = 0;
    if (plain) {
        dvk_buf_append(b, name, strlen(name));
        return;
    }
    dvk_buf_putc(b, '\'');
    for (const char *p = name; *p; p++) {
        if (*p == '\'')
            dvk_buf_putc(b, '\'');
        dvk_buf_putc(b, *p);
    }
    dvk_buf_putc(b, '\'');
}

DVK_API size_t dvk_reader_error_place(const dvk_reader *r, char *buf, size_t size)
{
    long line = r ? r->err.line : 0, column = r ? r->err.column : 0;
    dvk_buf b = {0};
    if (r && r->book && line > 0) {
        char cell[48];
        sheet_ref(&b, dvk_book_sheet_name(r->book, r->sheet));
        if (column > 0)
            dvk_book_cell_name((unsigned long)column, (unsigned long)line, cell, sizeof cell);
        else
            snprintf(cell, sizeof cell, "%ld:%ld", line, line);
        dvk_buf_printf(&b, "!%s", cell);
    } else if (line > 0 && column > 0) {
        dvk_buf_printf(&b, "%ld:%ld", line, column);
    } else if (line > 0) {
        dvk_buf_printf(&b, "%ld", line);
    }
    size_t n = b.data ? b.len : 0;
    if (size)
        snprintf(buf, size, "%s", b.data ? b.data : "");
    dvk_buf_free(&b);
    return n;
}
