/* writer-impl.h: what the output formats (fmt-*.c) share with writer.c,
 * which opens the output, buffers cells and commits the file.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each format is a table of functions chosen once by dvk_writer_new(); the
 * core never asks which format it writes.  A format either streams (its
 * cell and end_row make w->line, written a row at a time) or is buffered
 * (the core keeps the cells, its end_table lays them out when the table
 * ends, since a column's width or a sheet's chart needs every row).  A
 * format leaves out what it has no use for: a NULL heading or paragraph
 * writes nothing. */
#ifndef DVK_WRITER_IMPL_H
#define DVK_WRITER_IMPL_H

#include "internal.h"

#include <stdio.h>
#include <xlsxwriter.h>

enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_PERCENT, CELL_NULL };

struct cell {
    char *text;
    int numeric;      /* right-aligned in a table */
    int kind;         /* for xlsx and html */
    int bold;         /* a subtotal's cell (dvk_writer_set_bold()) */
    double value;
    int digits;       /* significant digits asked (dvk_writer_number_sig), or
                       * -1 - the places asked (dvk_writer_number); 0: all */
};

/* How a format shows a fraction given to dvk_writer_percent(). */
enum percent_style {
    PERCENT_NUMBER,   /* the fraction as a plain number (csv, tsv, json) */
    PERCENT_TEXT,     /* "12.5%" as text (table, md) */
    PERCENT_VALUE     /* the value, formatted by the format itself (xlsx, html) */
};

struct dvk_format_ops {
    int buffered;         /* cells are kept until the table ends */
    int point_always;     /* numbers keep the point under DVK_WRITE_DECIMAL_COMMA */
    int significant;      /* dvk_writer_number_sig() rounds to significant digits */
    int by_name;          /* the format's library writes a file by name (never
                           * standard output; a device gets a copy) */
    const char *suffix;   /* a by_name format's file name ends so */
    enum percent_style percent;
    /* once the output is open (the byte order mark, the workbook) */
    int (*open)(dvk_writer *w);
    /* a table's column names are in w->names */
    int (*begin)(dvk_writer *w);
    /* a streaming format's cell, added to w->line */
    int (*cell)(dvk_writer *w, const char *s, size_t len, int numeric, int is_null);
    int (*end_row)(dvk_writer *w);
    int (*end_table)(dvk_writer *w);
    int (*heading)(dvk_writer *w, int level, const char *text);
    int (*paragraph)(dvk_writer *w, const char *text);
    /* text written with dvk_writer_raw() by a format with no stream */
    int (*note)(dvk_writer *w, const char *s, size_t len);
    /* before the output is committed (the page's end, the closed book) */
    int (*finish)(dvk_writer *w);
    /* what the format holds when the writer is freed uncommitted */
    void (*release)(dvk_writer *w);
};

extern const struct dvk_format_ops dvk_format_table, dvk_format_csv, dvk_format_tsv,
    dvk_format_json, dvk_format_md, dvk_format_xlsx, dvk_format_html;

struct dvk_writer {
    const struct dvk_format_ops *ops;
    int format;
    unsigned flags;
    FILE *out;
    char *path;       /* the name given, NULL for stdout */
    char *target;     /* what the temporary file replaces (links followed) */
    char *tmp_path;   /* the file being written, NULL when written directly */
    int copy_out;     /* a by_name format to a device or FIFO: built in
                       * TMP_PATH (in $TMPDIR) and copied to PATH */
    size_t stale_removed;
    int failed;       /* the first failure, returned by every later call */
    dvk_error err;    /* its message (and that of a call refused) */

    size_t ncols;
    char **names;
    size_t col;       /* cells written in the current row */
    size_t rows;
    dvk_buf line;     /* the rows made and not yet written, then the row
                       * being made (streaming formats) */
    size_t line_done; /* the bytes of w->line that are whole rows */
    struct cell *cells; /* buffered cells */
    size_t ncells, cells_cap;
    int pending_kind;   /* the kind and value of the next cell */
    double pending_value;
    int pending_digits;
    int bold_row;       /* the row's cells are bold from here on */

    /* the next table's sheet and chart (xlsx, html) */
    char sheet_name[256];  /* as asked; the xlsx format makes it valid */
    int chart_type;
    size_t chart_category, chart_value, chart_rows;
    size_t chart_low, chart_high;   /* SIZE_MAX: no interval */
    char *chart_title, *chart_xtitle, *chart_ytitle; /* NULL: the default */

    /* xlsx */
    lxw_workbook *book;
    lxw_format *bold, *percent, *whole, *sci, *fixed[11];
    lxw_format *strong, *strong_percent; /* a bold row's cells */
    lxw_worksheet *last_sheet;
    lxw_chart *pending_chart;   /* placed below the last sheet's text */
    double chart_scale;
    lxw_row_t next_note_row;
    size_t sheets;
    dvk_error_bars *bars; /* intervals to draw once the book is closed */
    size_t nbars;

    /* messages and labels in this language (0: the process's) */
    locale_t msg_lang;

    /* html */
    char *title, *lang;
    int page_started;
    int after_table;  /* md, table: the next heading or paragraph needs a blank line */
};

/* A message or label in the handle's language. */
#define W_(s) dvk_gettext_lang(w->msg_lang, s)
#define W_STRERROR(e) dvk_strerror_lang(w->msg_lang, e)

/* Record "cannot ACTION PATH: reason" from errno (writer.c). */
int dvk_writer_fail(dvk_writer *w, const char *action, const char *path);
/* End the row in w->line with LAST; the rows go out in blocks of
 * WRITER_BLOCK bytes, and before anything else is written (writer.c). */
int dvk_writer_put_line(dvk_writer *w, char last);
/* S as a JSON string, quotes included (fmt-json.c). */
int dvk_json_quote(dvk_buf *b, const char *s, size_t len);
/* Markdown's escapes of T into OUT; 1 when it needed any (fmt-md.c). */
int dvk_md_escape(dvk_buf *out, const char *t, int cell);
/* The buffered table as aligned columns, Markdown's when MD (fmt-table.c). */
int dvk_table_write_aligned(dvk_writer *w, int md);
/* A paragraph as plain text, T already escaped (fmt-table.c). */
int dvk_table_paragraph(dvk_writer *w, const char *t);
/* HTML's escapes of S (fmt-html.c). */
void dvk_html_escape(dvk_buf *b, const char *s);
/* The next chart's title and the titles of its category and value axes,
 * defaults filled in; the caller frees all three (writer.c). */
int dvk_writer_chart_titles(dvk_writer *w, char **title, char **xtitle, char **ytitle);
/* A value axis from LO to HI in round steps of 1, 2 or 5 times a power of
 * ten, about five of them, as a reader would draw it; whole steps for
 * counts (WHOLE); DECIMALS is what a tick's label needs, in percent when
 * PCT (writer.c). */
struct dvk_chart_axis {
    double lo, hi, step;
    int decimals;
};
void dvk_chart_nice_axis(double lo, double hi, int pct, int whole, struct dvk_chart_axis *a);
/* 1 when the buffered table's first of NROWS rows is a form's row of
 * column numbers ("(1)", "(2)" …), which charts leave out; else 0
 * (fmt-table.c). */
size_t dvk_table_lead_rows(const dvk_writer *w, size_t nrows);
/* Write the whole rows held in w->line, keeping a row being made
 * (writer.c; writer-file.c's commit drains the last). */
int dvk_writer_drain_rows(dvk_writer *w);
/* Forget the next chart once its table is written (writer.c). */
void dvk_writer_chart_done(dvk_writer *w);

/* The dvk_figure_format() flags of W's numbers: the vi-VN convention when
 * DVK_WRITE_VI_FIGURES or DVK_WRITE_DECIMAL_COMMA asks for it. */
unsigned dvk_writer_figure_flags(const dvk_writer *w);

#endif
