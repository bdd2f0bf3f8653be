/* writer.c: tables out as an aligned table, CSV, TSV, JSON or Markdown.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV and TSV are made for spreadsheets: text that a spreadsheet would run
 * as a formula (starting with = + - @ TAB CR) gets a leading ', numbers are
 * left alone.
 *
 * A regular file (or one that does not exist yet) is written atomically:
 * the output goes to ".NAME.dvkstat-PID.XXXXXX" beside it, made with the
 * replaced file's owner and mode (or 0666 less the umask, applied by
 * open() itself: umask() would race with the host's other threads), and
 * renamed over it by dvk_writer_commit().  A symbolic link is followed and
 * its target replaced.  Anything else (a device, a FIFO, a socket) is
 * written directly and never replaced.  The PID in the name lets a later
 * run remove what a killed one left behind.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum cell_kind { CELL_TEXT, CELL_NUMBER, CELL_PERCENT, CELL_NULL };

struct cell {
    char *text;
    int numeric;      /* right-aligned in a table */
    int kind;         /* for xlsx */
    double value;
};

struct dvk_writer {
    int format;
    unsigned flags;
    FILE *out;
    char *path;       /* the name given, NULL for stdout */
    char *target;     /* what the temporary file replaces (links followed) */
    char *tmp_path;   /* the file being written, NULL when written directly */
    int copy_out;     /* xlsx to a device or FIFO: the book is built in
                       * TMP_PATH (in $TMPDIR) and copied to PATH */
    size_t stale_removed;
    int failed;
    char errmsg[512];

    size_t ncols;
    char **names;
    size_t col;       /* cells written in the current row */
    size_t rows;
    dvk_buf line;     /* the row being made (streaming formats) */
    struct cell *cells; /* buffered cells (table, md, xlsx) */
    size_t ncells, cells_cap;
    int pending_kind;   /* the kind and value of the next cell (xlsx) */
    double pending_value;

    /* xlsx */
    lxw_workbook *book;
    lxw_format *bold, *percent;
    lxw_worksheet *last_sheet;
    lxw_row_t next_note_row;
    char sheet_name[32];
    int chart_type;
    size_t chart_category, chart_value, chart_rows;
    size_t chart_low, chart_high;   /* SIZE_MAX: no interval */
    size_t sheets;
    dvk_error_bars *bars; /* intervals to draw once the book is closed */
    size_t nbars;

    /* messages and labels in this language (0: the process's) */
    locale_t msg_lang;

    /* html */
    char *title, *lang;
    int page_started;
    int after_table;  /* md: the next heading or paragraph needs a blank line */
};

static int xlsx_failed(dvk_writer *w, lxw_error err);

/* A message or label in the handle's language. */
#define W_(s) dvk_gettext_lang(w->msg_lang, s)
#define W_STRERROR(e) (w->msg_lang ? strerror_l(e, w->msg_lang) : strerror(e))

/* Cells are buffered, then laid out when the table ends. */
static int buffered(const dvk_writer *w)
{
    return w->format == DVK_FORMAT_TABLE || w->format == DVK_FORMAT_MD ||
           w->format == DVK_FORMAT_XLSX || w->format == DVK_FORMAT_HTML;
}

DVK_API int dvk_format_parse(const char *name)
{
    static const char *const names[] = {"table", "csv", "tsv", "json", "md", "xlsx", "html"};
    for (int i = 0; i < 7; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    if (name && strcmp(name, "markdown") == 0)
        return DVK_FORMAT_MD;
    return -1;
}

DVK_API dvk_writer *dvk_writer_new(int format, unsigned flags)
{
    if (format < DVK_FORMAT_TABLE || format > DVK_FORMAT_HTML)
        return NULL;
    dvk_writer *w = dvk_calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->format = format;
    w->flags = flags;
    w->chart_low = w->chart_high = SIZE_MAX;
    return w;
}

static void free_cells(dvk_writer *w)
{
    for (size_t i = 0; i < w->ncells; i++)
        free(w->cells[i].text);
    free(w->cells);
    w->cells = NULL;
    w->ncells = w->cells_cap = 0;
}

static void free_bars(dvk_writer *w)
{
    for (size_t i = 0; i < w->nbars; i++) {
        free(w->bars[i].plus);
        free(w->bars[i].minus);
        free(w->bars[i].plus_ref);
        free(w->bars[i].minus_ref);
    }
    free(w->bars);
    w->bars = NULL;
    w->nbars = 0;
}

static void free_names(dvk_writer *w)
{
    for (size_t i = 0; i < w->ncols && w->names; i++)
        free(w->names[i]);
    free(w->names);
    w->names = NULL;
}

DVK_API void dvk_writer_free(dvk_writer *w)
{
    if (!w)
        return;
    if (w->out && w->out != stdout)
        fclose(w->out);
    if (w->book) {
        locale_t old = dvk_c_enter();
        workbook_close(w->book); /* writes the temporary file, removed below */
        dvk_c_leave(old);
    }
    if (w->msg_lang)
        freelocale(w->msg_lang);
    if (w->tmp_path)
        unlink(w->tmp_path);
    free(w->tmp_path);
    free(w->target);
    free(w->path);
    free(w->title);
    free(w->lang);
    free_names(w);
    free_cells(w);
    free_bars(w);
    dvk_buf_free(&w->line);
    free(w);
}

/* Record "cannot ACTION PATH: reason" from errno; standard output's
 * failure reads "write error: reason", as in other GNU programs. */
static int fail(dvk_writer *w, const char *action, const char *path)
{
    int e = errno;
    w->failed = DVK_IO;
    if (!path)
        snprintf(w->errmsg, sizeof w->errmsg, W_("write error: %s"), W_STRERROR(e));
    else
        snprintf(w->errmsg, sizeof w->errmsg, W_("cannot %s %s: %s"), action, path,
                 W_STRERROR(e));
    return DVK_IO;
}

DVK_API const char *dvk_writer_errmsg(const dvk_writer *w)
{
    return w ? w->errmsg : "out of memory";
}

DVK_API const char *dvk_writer_temp_path(const dvk_writer *w)
{
    return w ? w->tmp_path : NULL;
}

DVK_API size_t dvk_writer_stale_removed(const dvk_writer *w)
{
    return w ? w->stale_removed : 0;
}

/* Six characters for a temporary name: not secret (O_EXCL makes the file
 * ours), only unlikely to be taken. */
static void temp_suffix(char *out)
{
    static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static unsigned long counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long long x = (unsigned long long)ts.tv_nsec ^
                           ((unsigned long long)ts.tv_sec << 30) ^
                           ((unsigned long long)getpid() << 16) ^
                           (__atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED) * 0x9E3779B97F4A7C15ULL) ^
                           (unsigned long long)(uintptr_t)out;
    for (int i = 0; i < 6; i++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ULL;
        x ^= x >> 32;
        out[i] = set[x % (sizeof set - 1)];
    }
    out[6] = '\0';
}

/* Create PATH_PREFIX + six characters with O_EXCL: mode 0666 less the
 * umask (the kernel applies it, no umask() call), or 0600 when OLD gives
 * the owner and mode to copy.  The name is stored in w->tmp_path.  A file
 * descriptor, or -1 with errno set. */
static int create_temp(dvk_writer *w, const char *prefix, const char *suffix,
                       const struct stat *old)
{
    size_t n = strlen(prefix) + 7 + strlen(suffix);
    char *name = dvk_alloc(n);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    int fd = -1;
    for (int tries = 0; tries < 1000 && fd < 0; tries++) {
        char six[7];
        temp_suffix(six);
        snprintf(name, n, "%s%s%s", prefix, six, suffix);
        fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                  old ? 0600 : 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int e = errno;
        free(name);
        errno = e;
        return -1;
    }
    if (old) {
        /* The replaced file's owner where allowed (EPERM unless root),
         * then its mode: chown() may clear set-id bits, so it goes first. */
        if (fchown(fd, old->st_uid, old->st_gid) != 0) {
            /* not root: the file stays the user's */
        }
        if (fchmod(fd, old->st_mode & 07777) != 0) {
            /* cannot happen on a file just created by us */
        }
    }
    w->tmp_path = name;
    return fd;
}

/* Whether process PID is gone (another's PID, which kill() may not signal,
 * counts as alive). */
static int pid_dead(long pid)
{
    if (pid <= 0 || pid == (long)getpid() || pid > INT_MAX)
        return 0;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove ".BASE.dvkstat-PID.XXXXXX" files in directory DIR (LEN bytes,
 * "" for the current one) whose PID is no longer running: what a run
 * killed with SIGKILL (or a crash) left behind. */
static void remove_stale(dvk_writer *w, const char *dir, size_t len, const char *base)
{
    char *d = dvk_strndup(len ? dir : ".", len ? len : 1);
    dvk_buf prefix = {0};
    if (!d || dvk_buf_printf(&prefix, ".%s.dvkstat-", base)) {
        free(d);
        dvk_buf_free(&prefix);
        return;
    }
    DIR *dp = opendir(d);
    struct dirent *e;
    while (dp && (e = readdir(dp)) != NULL) {
        if (strncmp(e->d_name, prefix.data, prefix.len) != 0)
            continue;
        const char *p = e->d_name + prefix.len;
        char *end;
        errno = 0;
        long pid = strtol(p, &end, 10);
        if (errno || end == p || *end != '.' || strlen(end + 1) != 6 || !pid_dead(pid))
            continue;
        if (unlinkat(dirfd(dp), e->d_name, 0) == 0)
            w->stale_removed++;
    }
    if (dp)
        closedir(dp);
    free(d);
    dvk_buf_free(&prefix);
}

/* Open the temporary file beside TARGET (its stat in OLD, or NULL when it
 * does not exist yet). */
static int open_beside(dvk_writer *w, const char *target, const struct stat *old)
{
    const char *slash = strrchr(target, '/');
    size_t dir = slash ? (size_t)(slash - target) + 1 : 0;
    const char *base = target + dir;
    remove_stale(w, target, dir, base);
    dvk_buf prefix = {0};
    if (dvk_buf_printf(&prefix, "%.*s.%s.dvkstat-%ld.", (int)dir, target, base, (long)getpid()))
        return DVK_NOMEM;
    int fd = create_temp(w, prefix.data, "", old);
    dvk_buf_free(&prefix);
    if (fd < 0)
        return fail(w, W_("create a file beside"), w->path);
    if (w->format == DVK_FORMAT_XLSX) {
        close(fd); /* libxlsxwriter opens it by name when the book closes */
        return DVK_OK;
    }
    w->out = fdopen(fd, "w");
    if (!w->out) {
        close(fd);
        return fail(w, W_("write"), w->path);
    }
    return DVK_OK;
}

DVK_API int dvk_writer_open(dvk_writer *w, const char *path)
{
    if (!w)
        return DVK_USAGE;
    if (w->out || w->book || w->path)
        return DVK_USAGE;
    if (w->format == DVK_FORMAT_XLSX && (!path || strcmp(path, "-") == 0)) {
        snprintf(w->errmsg, sizeof w->errmsg,
                 W_("an xlsx workbook is written to a file: name it with -o FILE.xlsx"));
        w->failed = DVK_USAGE;
        return DVK_USAGE;
    }
    if (!path || strcmp(path, "-") == 0) {
        w->out = stdout;
    } else {
        w->path = dvk_strndup(path, strlen(path));
        if (!w->path)
            return DVK_NOMEM;
        struct stat st;
        int st_ok = stat(path, &st) == 0; /* through links */
        if (!st_ok && errno != ENOENT)
            return fail(w, W_("write"), path);
        if (!st_ok) {
            struct stat lst;
            if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
                /* Creating the file the link names could land anywhere
                 * the link was made to point; the user says where. */
                w->failed = DVK_IO;
                snprintf(w->errmsg, sizeof w->errmsg,
                         W_("cannot write %s: it is a symbolic link to a file that does not exist"),
                         path);
                return DVK_IO;
            }
        }
        int rc;
        if (st_ok && !S_ISREG(st.st_mode)) {
            /* A device, FIFO or socket is written to, never replaced. */
            int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
            if (fd < 0)
                return fail(w, W_("write"), path);
            if (w->format == DVK_FORMAT_XLSX) {
                /* The book needs a file to be built in; it is copied to
                 * the device when done. */
                close(fd);
                const char *dir = getenv("TMPDIR");
                dvk_buf prefix = {0};
                if (dvk_buf_printf(&prefix, "%s/dvkstat-%ld.", dir && *dir ? dir : "/tmp",
                                   (long)getpid()))
                    return DVK_NOMEM;
                fd = create_temp(w, prefix.data, ".xlsx", NULL);
                dvk_buf_free(&prefix);
                if (fd < 0)
                    return fail(w, W_("create a temporary file for"), path);
                close(fd);
                w->copy_out = 1;
            } else {
                w->out = fdopen(fd, "w");
                if (!w->out) {
                    close(fd);
                    return fail(w, W_("write"), path);
                }
            }
        } else if (st_ok) {
            w->target = realpath(path, NULL);
            if (!w->target)
                return fail(w, W_("write"), path);
            if ((rc = open_beside(w, w->target, &st)))
                return rc;
        } else {
            w->target = dvk_strndup(path, strlen(path));
            if (!w->target)
                return DVK_NOMEM;
            if ((rc = open_beside(w, w->target, NULL)))
                return rc;
        }
        if (w->format == DVK_FORMAT_XLSX) {
            w->book = workbook_new(w->tmp_path);
            if (!w->book)
                return fail(w, W_("write"), path);
            w->bold = workbook_add_format(w->book);
            format_set_bold(w->bold);
            format_set_bottom(w->bold, LXW_BORDER_THIN);
            w->percent = workbook_add_format(w->book);
            format_set_num_format(w->percent, "0.0%");
            return DVK_OK;
        }
    }
    if ((w->flags & DVK_WRITE_BOM) &&
        (w->format == DVK_FORMAT_CSV || w->format == DVK_FORMAT_TSV))
        return dvk_writer_raw(w, "\xEF\xBB\xBF", 3);
    return DVK_OK;
}

/* In a workbook, free text (a test's result, a verdict) goes in rows of
 * its own below the last table. */
static int xlsx_note(dvk_writer *w, const char *s, size_t len)
{
    while (len) {
        const char *nl = memchr(s, '\n', len);
        size_t n = nl ? (size_t)(nl - s) : len;
        if (n && w->last_sheet) {
            char *line = dvk_strndup(s, n);
            if (!line)
                return DVK_NOMEM;
            lxw_error err = worksheet_write_string(w->last_sheet, w->next_note_row++, 0,
                                                   line, NULL);
            free(line);
            if (err)
                return xlsx_failed(w, err);
        }
        s += n + (nl ? 1 : 0);
        len -= n + (nl ? 1 : 0);
    }
    return DVK_OK;
}

DVK_API int dvk_writer_raw(dvk_writer *w, const char *s, size_t len)
{
    if (w && w->failed)
        return w->failed;
    if (w && w->book)
        return xlsx_note(w, s, len);
    if (!w || !w->out)
        return DVK_USAGE;
    if (len && fwrite(s, 1, len, w->out) != len)
        return fail(w, W_("write"), w->path);
    return DVK_OK;
}

static int json_escape(dvk_buf *b, const char *s, size_t len)
{
    if (dvk_buf_putc(b, '"'))
        return DVK_NOMEM;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int st;
        switch (c) {
        case '"': st = dvk_buf_append(b, "\\\"", 2); break;
        case '\\': st = dvk_buf_append(b, "\\\\", 2); break;
        case '\n': st = dvk_buf_append(b, "\\n", 2); break;
        case '\r': st = dvk_buf_append(b, "\\r", 2); break;
        case '\t': st = dvk_buf_append(b, "\\t", 2); break;
        default:
            st = c < 0x20 ? dvk_buf_printf(b, "\\u%04x", c) : dvk_buf_putc(b, (char)c);
        }
        if (st)
            return DVK_NOMEM;
    }
    return dvk_buf_putc(b, '"');
}

DVK_API int dvk_writer_json_string(dvk_writer *w, const char *s, size_t len)
{
    if (!w)
        return DVK_USAGE;
    dvk_buf b = {0};
    int st = json_escape(&b, s, len);
    if (!st)
        st = dvk_writer_raw(w, b.data, b.len);
    dvk_buf_free(&b);
    return st;
}

DVK_API int dvk_writer_begin(dvk_writer *w, size_t ncols, const char *const *names)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    free_names(w);
    w->names = dvk_calloc(ncols, sizeof *w->names);
    if (!w->names)
        return DVK_NOMEM;
    w->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        w->names[i] = dvk_strndup(names[i], strlen(names[i]));
        if (!w->names[i])
            return DVK_NOMEM;
    }
    w->col = 0;
    w->rows = 0;
    if (w->format == DVK_FORMAT_JSON)
        return dvk_writer_raw(w, "[", 1);
    if (w->format == DVK_FORMAT_CSV || w->format == DVK_FORMAT_TSV) {
        for (size_t i = 0; i < ncols; i++)
            if (dvk_writer_text(w, names[i], -1))
                return w->failed ? w->failed : DVK_NOMEM;
        return dvk_writer_end_row(w);
    }
    return DVK_OK;
}

static char csv_delimiter(const dvk_writer *w)
{
    if (w->format == DVK_FORMAT_TSV)
        return '\t';
    return (w->flags & DVK_WRITE_DECIMAL_COMMA) ? ';' : ',';
}

static int looks_numeric(const char *s, size_t len)
{
    double x;
    return dvk_number_parse(s, len, 0, &x) == DVK_OK ||
           dvk_number_parse(s, len, 1, &x) == DVK_OK;
}

static int add_cell(dvk_writer *w, const char *s, size_t len, int numeric,
                    int is_null)
{
    if (!w || (!w->out && !w->book) || !w->names)
        return DVK_USAGE;
    if (buffered(w)) {
        if (w->ncells == w->cells_cap) {
            size_t cap = w->cells_cap ? w->cells_cap * 2 : 64;
            struct cell *c = dvk_realloc_array(w->cells, cap, sizeof *c);
            if (!c)
                return DVK_NOMEM;
            w->cells = c;
            w->cells_cap = cap;
        }
        char *text = dvk_strndup(s, len);
        if (!text)
            return DVK_NOMEM;
        /* A line break or tab inside a cell would break the alignment. */
        for (char *p = text; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        w->cells[w->ncells].text = text;
        w->cells[w->ncells].numeric = numeric;
        w->cells[w->ncells].kind = is_null ? CELL_NULL : numeric ? w->pending_kind : CELL_TEXT;
        w->cells[w->ncells].value = w->pending_value;
        w->pending_kind = CELL_NUMBER;
        w->ncells++;
        w->col++;
        return DVK_OK;
    }
    dvk_buf *b = &w->line;
    int st = DVK_OK;
    if (w->format == DVK_FORMAT_JSON) {
        if (w->col == 0)
            st = dvk_buf_append(b, w->rows ? ",\n{" : "\n{", w->rows ? 3 : 2);
        else
            st = dvk_buf_putc(b, ',');
        const char *name = w->col < w->ncols ? w->names[w->col] : "";
        if (!st)
            st = json_escape(b, name, strlen(name));
        if (!st)
            st = dvk_buf_putc(b, ':');
        if (st)
            return DVK_NOMEM;
        if (is_null && !(w->flags & DVK_WRITE_JSON_STRINGS))
            st = dvk_buf_append(b, "null", 4);
        else if (numeric && !(w->flags & DVK_WRITE_JSON_STRINGS))
            st = dvk_buf_append(b, s, len);
        else
            st = json_escape(b, s, len);
        w->col++;
        return st;
    }
    /* CSV and TSV */
    char delim = csv_delimiter(w);
    if (w->col > 0 && dvk_buf_putc(b, delim))
        return DVK_NOMEM;
    w->col++;
    int prefix = !numeric && !(w->flags & DVK_WRITE_NO_SANITIZE) && len > 0 &&
                 strchr("=+-@\t\r", s[0]) != NULL && !looks_numeric(s, len);
    int quote = 0;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (quote)
        st = dvk_buf_putc(b, '"');
    if (!st && prefix)
        st = dvk_buf_putc(b, '\'');
    for (size_t i = 0; i < len && !st; i++) {
        if (s[i] == '"')
            st = dvk_buf_putc(b, '"');
        if (!st)
            st = dvk_buf_putc(b, s[i]);
    }
    if (!st && quote)
        st = dvk_buf_putc(b, '"');
    return st;
}

DVK_API int dvk_writer_text(dvk_writer *w, const char *s, long len)
{
    if (!s)
        return dvk_writer_null(w);
    return add_cell(w, s, len < 0 ? strlen(s) : (size_t)len, 0, 0);
}

DVK_API int dvk_writer_number(dvk_writer *w, double x, int decimals)
{
    char buf[64];
    if (!isfinite(x))
        return dvk_writer_null(w);
    if (decimals >= 0) {
        dvk_snprintf(buf, sizeof buf, "%.*f", decimals > 17 ? 17 : decimals, x);
    } else if (x == floor(x) && fabs(x) < 1e15) {
        dvk_snprintf(buf, sizeof buf, "%.0f", x);
    } else {
        dvk_snprintf(buf, sizeof buf, "%.15g", x);
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    /* The C locale's point, whatever the process locale says. */
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    if ((w->flags & DVK_WRITE_DECIMAL_COMMA) && w->format != DVK_FORMAT_JSON)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    w->pending_kind = CELL_NUMBER;
    w->pending_value = x;
    return add_cell(w, buf, strlen(buf), 1, 0);
}

DVK_API int dvk_writer_number_sig(dvk_writer *w, double x, int digits)
{
    if (!w)
        return DVK_USAGE;
    if (!isfinite(x) || (w->format != DVK_FORMAT_TABLE && w->format != DVK_FORMAT_MD &&
                         w->format != DVK_FORMAT_HTML))
        return dvk_writer_number(w, x, -1);
    w->pending_kind = CELL_NUMBER;
    w->pending_value = x;
    char buf[64];
    dvk_snprintf(buf, sizeof buf, "%.*g", digits < 1 ? 1 : digits > 17 ? 17 : digits, x);
    if (w->flags & DVK_WRITE_DECIMAL_COMMA)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    return add_cell(w, buf, strlen(buf), 1, 0);
}

DVK_API int dvk_writer_percent(dvk_writer *w, double fraction, int decimals)
{
    if (!w)
        return DVK_USAGE;
    if (!isfinite(fraction))
        return dvk_writer_null(w);
    if (w->format == DVK_FORMAT_XLSX || w->format == DVK_FORMAT_HTML) {
        w->pending_kind = CELL_PERCENT;
        w->pending_value = fraction;
        return add_cell(w, "", 0, 1, 0);
    }
    if (w->format != DVK_FORMAT_TABLE && w->format != DVK_FORMAT_MD)
        return dvk_writer_number(w, fraction, -1);
    w->pending_kind = CELL_NUMBER;
    w->pending_value = fraction;
    char buf[64];
    dvk_snprintf(buf, sizeof buf, "%.*f%%", decimals < 0 ? 1 : decimals > 10 ? 10 : decimals,
             fraction * 100);
    for (char *p = buf; *p; p++)
        if (*p == ',' || *p == '.')
            *p = (w->flags & DVK_WRITE_DECIMAL_COMMA) ? ',' : '.';
    return add_cell(w, buf, strlen(buf), 1, 0);
}

DVK_API int dvk_writer_null(dvk_writer *w)
{
    return add_cell(w, "", 0, 0, 1);
}

DVK_API int dvk_writer_end_row(dvk_writer *w)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    while (w->col < w->ncols) {
        int st = dvk_writer_null(w);
        if (st)
            return st;
    }
    w->col = 0;
    w->rows++;
    if (buffered(w))
        return DVK_OK;
    int st = dvk_buf_putc(&w->line, w->format == DVK_FORMAT_JSON ? '}' : '\n');
    if (st)
        return DVK_NOMEM;
    st = dvk_writer_raw(w, w->line.data, w->line.len);
    dvk_buf_clear(&w->line);
    return st;
}

static void put_padded(dvk_buf *b, const char *s, size_t width, size_t target,
                       int right)
{
    size_t pad = target > width ? target - width : 0;
    if (right)
        for (size_t i = 0; i < pad; i++)
            dvk_buf_putc(b, ' ');
    dvk_buf_append(b, s, strlen(s));
    if (!right)
        for (size_t i = 0; i < pad; i++)
            dvk_buf_putc(b, ' ');
}

/* End a line of an aligned table: no trailing blanks on a plain line. */
static void end_line(dvk_buf *b, int md)
{
    if (md) {
        dvk_buf_append(b, " |\n", 3);
        return;
    }
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->len--;
    dvk_buf_putc(b, '\n');
}

/* Markdown is read as HTML too: a label such as "<script>" must stay
 * text.  < > & become entities, and | (a cell boundary) is escaped in
 * cells.  Returns 1 when T needed escaping (the result in OUT). */
static int md_escape(dvk_buf *out, const char *t, int cell)
{
    if (!strpbrk(t, cell ? "<>&|" : "<>&"))
        return 0;
    for (const char *p = t; *p; p++) {
        switch (*p) {
        case '<': dvk_buf_append(out, "&lt;", 4); break;
        case '>': dvk_buf_append(out, "&gt;", 4); break;
        case '&': dvk_buf_append(out, "&amp;", 5); break;
        case '|':
            if (cell) {
                dvk_buf_append(out, "\\|", 2);
                break;
            }
            /* fall through */
        default: dvk_buf_putc(out, *p);
        }
    }
    return 1;
}

/* Put cell T padded to TARGET columns: escaped for Markdown when MD. */
static void put_cell(dvk_buf *b, const char *t, size_t target, int right, int md)
{
    size_t tw = dvk_text_width(t, strlen(t));
    dvk_buf esc = {0};
    if (md && md_escape(&esc, t, 1) && esc.data) {
        /* the escapes are ASCII: one column a byte more */
        put_padded(b, esc.data, tw + (esc.len - strlen(t)), target, right);
    } else {
        put_padded(b, t, tw, target, right);
    }
    dvk_buf_free(&esc);
}

/* The width of T as written (escaped in Markdown). */
static size_t cell_width(const char *t, int md)
{
    size_t tw = dvk_text_width(t, strlen(t));
    if (!md)
        return tw;
    dvk_buf esc = {0};
    if (md_escape(&esc, t, 1))
        tw += esc.len - strlen(t);
    dvk_buf_free(&esc);
    return tw;
}

static int write_aligned(dvk_writer *w)
{
    size_t nc = w->ncols;
    size_t *width = dvk_calloc(nc, sizeof *width);
    int *numeric = dvk_calloc(nc, sizeof *numeric);
    if (!width || !numeric) {
        free(width);
        free(numeric);
        return DVK_NOMEM;
    }
    int md = w->format == DVK_FORMAT_MD;
    for (size_t j = 0; j < nc; j++) {
        width[j] = cell_width(w->names[j], md);
        numeric[j] = 1;
    }
    for (size_t i = 0; i < w->ncells; i++) {
        size_t j = i % nc;
        size_t cw = cell_width(w->cells[i].text, md);
        if (cw > width[j])
            width[j] = cw;
        if (!w->cells[i].numeric && w->cells[i].text[0])
            numeric[j] = 0;
    }
    dvk_buf b = {0};
    /* header */
    for (size_t j = 0; j < nc; j++) {
        dvk_buf_append(&b, md ? (j ? " | " : "| ") : (j ? "  " : ""), md ? (j ? 3 : 2) : (j ? 2 : 0));
        put_cell(&b, w->names[j], width[j], numeric[j] && w->ncells > 0, md);
    }
    end_line(&b, md);
    for (size_t j = 0; j < nc; j++) {
        if (md) {
            dvk_buf_append(&b, j ? " | " : "| ", j ? 3 : 2);
            for (size_t k = 0; k + 1 < (width[j] < 3 ? 3 : width[j]); k++)
                dvk_buf_putc(&b, '-');
            dvk_buf_putc(&b, numeric[j] && w->ncells > 0 ? ':' : '-');
        } else {
            if (j)
                dvk_buf_append(&b, "  ", 2);
            for (size_t k = 0; k < width[j]; k++)
                dvk_buf_putc(&b, '-');
        }
    }
    end_line(&b, md);
    for (size_t i = 0; i < w->ncells; i++) {
        size_t j = i % nc;
        const char *t = w->cells[i].text;
        if (md)
            dvk_buf_append(&b, j ? " | " : "| ", j ? 3 : 2);
        else if (j)
            dvk_buf_append(&b, "  ", 2);
        put_cell(&b, t, width[j], numeric[j], md);
        if (j == nc - 1)
            end_line(&b, md);
    }
    free(width);
    free(numeric);
    if (!b.data)
        return DVK_NOMEM;
    int st = dvk_writer_raw(w, b.data, b.len);
    dvk_buf_free(&b);
    return st;
}

/* Whether the book has a sheet of that name; Excel compares names
 * without regard to case. */
static int sheet_taken(dvk_writer *w, const char *name)
{
    lxw_worksheet *ws;
    LXW_FOREACH_WORKSHEET(ws, w->book)
        if (ws->name && strcasecmp(ws->name, name) == 0)
            return 1;
    return 0;
}

/* The length of S cut to at most MAX bytes at a UTF-8 character boundary. */
static size_t utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* A sheet name Excel accepts: at most 31 characters (cut at a UTF-8
 * boundary), none of []:*?/\, no apostrophe first or last, unique in the
 * book. */
static void sheet_name(dvk_writer *w, char *out, size_t size)
{
    char base[32];
    const char *want = w->sheet_name[0] ? w->sheet_name : "Sheet";
    size_t n = utf8_cut(want, 28);
    for (size_t i = 0; i < n; i++)
        base[i] = strchr("[]:*?/\\", want[i]) ? '_' : want[i];
    if (n > 0 && base[0] == '\'')
        base[0] = '_';
    if (n > 0 && base[n - 1] == '\'')
        base[n - 1] = '_';
    base[n] = '\0';
    snprintf(out, size, "%s", base);
    for (int k = 2; sheet_taken(w, out); k++)
        snprintf(out, size, "%.*s %d", (int)utf8_cut(base, 24), base, k);
    if (!w->sheet_name[0] || strcmp(out, "Sheet") == 0) {
        snprintf(out, size, "Sheet%zu", w->sheets + 1);
        for (int k = 2; sheet_taken(w, out); k++)
            snprintf(out, size, "Sheet%zu-%d", w->sheets + 1, k);
    }
}

/* A chart formula for column COL, rows 2..ROWS+1, of sheet NAME: quoted,
 * its apostrophes doubled, escaped for XML. */
static char *range_ref(const char *name, lxw_col_t col, size_t rows)
{
    dvk_buf b = {0};
    char letters[8];
    lxw_col_to_name(letters, col, 1);
    int st = dvk_buf_putc(&b, '\'');
    for (const char *p = name; *p && !st; p++) {
        if (*p == '\'')
            st = dvk_buf_append(&b, "''", 2);
        else if (*p == '&')
            st = dvk_buf_append(&b, "&amp;", 5);
        else if (*p == '<')
            st = dvk_buf_append(&b, "&lt;", 4);
        else if (*p == '>')
            st = dvk_buf_append(&b, "&gt;", 4);
        else
            st = dvk_buf_putc(&b, *p);
    }
    if (!st)
        st = dvk_buf_printf(&b, "'!%s$2:%s$%zu", letters, letters, rows + 1);
    if (st) {
        dvk_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* The interval of each bar as error bars.  libxlsxwriter draws error bars
 * of one fixed size only, so the distances from each value down to its
 * lower bound and up to its upper bound go into two hidden columns after
 * the table (formulas, so they follow an edited bound), the bars are
 * marked, and dvk_xlsx_error_bars() points them at those columns once the
 * book is closed. */
static int add_error_bars(dvk_writer *w, lxw_worksheet *ws, const char *name,
                          lxw_chart *chart, lxw_chart_series *series, size_t rows)
{
    dvk_error_bars *more = dvk_realloc_array(w->bars, w->nbars + 1, sizeof *more);
    if (!more)
        return DVK_NOMEM;
    w->bars = more;
    dvk_error_bars *e = &w->bars[w->nbars];
    memset(e, 0, sizeof *e);
    w->nbars++; /* freed with the writer, whatever happens next */
    size_t nc = w->ncols;
    e->id = (unsigned long)w->nbars;
    e->n = rows;
    e->plus = dvk_calloc(rows, sizeof *e->plus);
    e->minus = dvk_calloc(rows, sizeof *e->minus);
    e->minus_ref = range_ref(name, (lxw_col_t)nc, rows);
    e->plus_ref = range_ref(name, (lxw_col_t)(nc + 1), rows);
    if (!e->plus || !e->minus || !e->plus_ref || !e->minus_ref)
        return DVK_NOMEM;
    double top = 0, top_value = 0;
    lxw_row_col_options hidden = {.hidden = 1};
    worksheet_set_column_opt(ws, (lxw_col_t)nc, (lxw_col_t)(nc + 1), 12, NULL, &hidden);
    lxw_error err = worksheet_write_string(ws, 0, (lxw_col_t)nc, W_("down to the lower bound"), w->bold);
    if (!err)
        err = worksheet_write_string(ws, 0, (lxw_col_t)(nc + 1), W_("up to the upper bound"), w->bold);
    if (err)
        return xlsx_failed(w, err);
    for (size_t i = 0; i < rows; i++) {
        const struct cell *v = &w->cells[i * nc + w->chart_value];
        const struct cell *lo = &w->cells[i * nc + w->chart_low];
        const struct cell *hi = &w->cells[i * nc + w->chart_high];
        int known = v->kind != CELL_NULL && v->kind != CELL_TEXT &&
                    lo->kind != CELL_NULL && lo->kind != CELL_TEXT &&
                    hi->kind != CELL_NULL && hi->kind != CELL_TEXT;
        e->plus[i] = e->minus[i] = NAN;
        if (!known)
            continue;
        lxw_row_t row = (lxw_row_t)(i + 1);
        char a[16], b[16], formula[40];
        e->minus[i] = v->value - lo->value;
        e->plus[i] = hi->value - v->value;
        if (hi->value > top)
            top = hi->value;
        if (v->value > top_value)
            top_value = v->value;
        lxw_rowcol_to_cell(a, row, (lxw_col_t)w->chart_value);
        lxw_rowcol_to_cell(b, row, (lxw_col_t)w->chart_low);
        snprintf(formula, sizeof formula, "=%s-%s", a, b);
        if ((err = worksheet_write_formula_num(ws, row, (lxw_col_t)nc, formula, NULL, e->minus[i])))
            return xlsx_failed(w, err);
        lxw_rowcol_to_cell(a, row, (lxw_col_t)w->chart_high);
        lxw_rowcol_to_cell(b, row, (lxw_col_t)w->chart_value);
        snprintf(formula, sizeof formula, "=%s-%s", a, b);
        if ((err = worksheet_write_formula_num(ws, row, (lxw_col_t)(nc + 1), formula, NULL, e->plus[i])))
            return xlsx_failed(w, err);
    }
    /* Hidden cells are left out of a chart unless it is told otherwise. */
    chart_show_hidden_data(chart);
    /* The axis is scaled to the bars; make room for the longest whisker,
     * up to a round figure (a share stops at 100%). */
    if (top > top_value && isfinite(top)) {
        double step = pow(10, floor(log10(top)));
        double max = ceil(top / step - 1e-9) * step;
        if (w->cells[w->chart_value].kind == CELL_PERCENT && max > 1 && top <= 1)
            max = 1;
        chart_axis_set_max(chart->y_axis, max);
    }
    lxw_series_error_bars *bars = chart_series_get_error_bars(series, LXW_CHART_ERROR_BAR_AXIS_Y);
    if (!bars)
        return DVK_NOMEM;
    chart_series_set_error_bars(bars, LXW_CHART_ERROR_BAR_TYPE_FIXED, (double)e->id);
    return DVK_OK;
}

/* A libxlsxwriter status as the writer's error. */
static int xlsx_failed(dvk_writer *w, lxw_error err)
{
    if (err == LXW_NO_ERROR)
        return DVK_OK;
    if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return DVK_NOMEM;
    if (!w->failed) {
        snprintf(w->errmsg, sizeof w->errmsg, W_("cannot write %s: %s"), w->path,
                 lxw_strerror(err));
        w->failed = DVK_IO;
    }
    return w->failed;
}

/* Characters (code points) of the UTF-8 string S, as Excel counts a
 * cell's length for text of the Basic Multilingual Plane. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Write the header and data rows FIRST .. FIRST+NROWS-1 of the buffered
 * table as one sheet named NAME. */
static int write_sheet_part(dvk_writer *w, const char *name, size_t first, size_t nrows,
                            int with_chart)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->book, name);
    if (!ws)
        return DVK_NOMEM;
    w->sheets++;
    size_t nc = w->ncols;
    lxw_error err = LXW_NO_ERROR;
    for (size_t j = 0; j < nc && !err; j++) {
        err = worksheet_write_string(ws, 0, (lxw_col_t)j, w->names[j], w->bold);
        double width = (double)dvk_text_width(w->names[j], strlen(w->names[j]));
        for (size_t i = first; i < first + nrows; i++) {
            const struct cell *c = &w->cells[i * nc + j];
            double cw = c->kind == CELL_PERCENT ? 7 : (double)dvk_text_width(c->text, strlen(c->text));
            if (cw > width)
                width = cw;
        }
        if (!err)
            err = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
                                       width > 60 ? 60 : width + 2, NULL);
    }
    for (size_t i = 0; i < nrows && !err; i++)
        for (size_t j = 0; j < nc && !err; j++) {
            const struct cell *c = &w->cells[(first + i) * nc + j];
            lxw_row_t row = (lxw_row_t)(i + 1);
            if (c->kind == CELL_NUMBER || c->kind == CELL_PERCENT)
                err = worksheet_write_number(ws, row, (lxw_col_t)j, c->value,
                                             c->kind == CELL_PERCENT ? w->percent : NULL);
            else if (c->kind == CELL_TEXT)
                err = worksheet_write_string(ws, row, (lxw_col_t)j, c->text, NULL);
        }
    if (err)
        return xlsx_failed(w, err);
    worksheet_freeze_panes(ws, 1, 0);
    /* Printed, a table and its chart belong on one page. */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (with_chart && w->chart_type && nrows > 0 && w->chart_category < nc && w->chart_value < nc) {
        size_t rows = w->chart_rows && w->chart_rows < nrows ? w->chart_rows : nrows;
        lxw_chart *chart = workbook_add_chart(w->book, w->chart_type == DVK_CHART_LINE
                                                           ? LXW_CHART_LINE : LXW_CHART_COLUMN);
        lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
        if (!series)
            return DVK_NOMEM;
        chart_series_set_categories(series, name, 1, (lxw_col_t)w->chart_category,
                                    (lxw_row_t)rows, (lxw_col_t)w->chart_category);
        chart_series_set_values(series, name, 1, (lxw_col_t)w->chart_value,
                                (lxw_row_t)rows, (lxw_col_t)w->chart_value);
        chart_series_set_name(series, w->names[w->chart_value]);
        chart_title_set_name(chart, w->names[w->chart_value]);
        if (w->cells[w->chart_value].kind == CELL_PERCENT)
            chart_axis_set_num_format(chart->y_axis, "0%");
        size_t at = nc + 1;
        if (w->chart_type == DVK_CHART_BAR && w->chart_low < nc && w->chart_high < nc) {
            int st = add_error_bars(w, ws, name, chart, series, rows);
            if (st)
                return st;
            at += 2; /* after the two hidden columns */
        }
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        if ((err = worksheet_insert_chart(ws, 1, (lxw_col_t)at, chart)))
            return xlsx_failed(w, err);
    }
    w->last_sheet = ws;
    w->next_note_row = (lxw_row_t)(nrows + 2);
    return DVK_OK;
}

/* The buffered table as a sheet, or as several when it has more rows than
 * a sheet holds: "NAME", "NAME (2)" … each with the header, the chart on
 * the first.  A cell longer than a sheet allows is an error: cutting it
 * would change the data without a word. */
static int write_sheet(dvk_writer *w)
{
    size_t nc = w->ncols, nrows = nc ? w->ncells / nc : 0;
    if (nc + 3 > LXW_COL_MAX) {
        snprintf(w->errmsg, sizeof w->errmsg,
                 W_("cannot write %s: a table of %zu columns does not fit in a sheet "
                   "(at most %d)"), w->path, nc, LXW_COL_MAX - 3);
        w->failed = DVK_LIMIT;
        return DVK_LIMIT;
    }
    for (size_t i = 0; i < w->ncells; i++) {
        size_t n = w->cells[i].kind == CELL_TEXT ? utf8_chars(w->cells[i].text) : 0;
        if (n > DVK_XLSX_MAX_CELL) {
            char where[16];
            lxw_rowcol_to_cell(where, (lxw_row_t)(i / nc + 1), (lxw_col_t)(i % nc));
            snprintf(w->errmsg, sizeof w->errmsg,
                     W_("cannot write %s: the cell in row %zu of column '%s' (%s) holds %zu "
                       "characters; a workbook cell holds at most %d"),
                     w->path, i / nc + 1, w->names[i % nc], where, n, DVK_XLSX_MAX_CELL);
            w->failed = DVK_LIMIT;
            return DVK_LIMIT;
        }
    }
    char name[40], base[40];
    sheet_name(w, name, sizeof name);
    memcpy(base, name, sizeof base);
    w->sheet_name[0] = '\0';
    size_t per_sheet = DVK_XLSX_MAX_ROWS - 1; /* below the header */
    size_t first = 0, part = 1;
    do {
        size_t n = nrows - first < per_sheet ? nrows - first : per_sheet;
        if (part > 1) {
            char more[24];
            int suffix = snprintf(more, sizeof more, " (%zu)", part % 1000000u);
            snprintf(w->sheet_name, sizeof w->sheet_name, "%.*s%s",
                     (int)utf8_cut(base, 28 - (size_t)suffix), base, more);
            sheet_name(w, name, sizeof name);
            w->sheet_name[0] = '\0';
        }
        int st = write_sheet_part(w, name, first, n, part == 1);
        if (st)
            return st;
        first += n;
        part++;
    } while (first < nrows);
    w->chart_type = 0;
    w->chart_low = w->chart_high = SIZE_MAX;
    return DVK_OK;
}

DVK_API int dvk_writer_set_sheet(dvk_writer *w, const char *name)
{
    if (!w || !name)
        return DVK_USAGE;
    snprintf(w->sheet_name, sizeof w->sheet_name, "%s", name);
    return DVK_OK;
}

DVK_API int dvk_writer_set_chart_interval(dvk_writer *w, size_t low, size_t high)
{
    if (!w)
        return DVK_USAGE;
    w->chart_low = low;
    w->chart_high = high;
    return DVK_OK;
}

DVK_API int dvk_writer_set_chart(dvk_writer *w, int type, size_t category,
                                 size_t value, size_t rows)
{
    if (!w || (type != DVK_CHART_NONE && type != DVK_CHART_BAR && type != DVK_CHART_LINE))
        return DVK_USAGE;
    w->chart_type = type;
    w->chart_category = category;
    w->chart_value = value;
    w->chart_rows = rows;
    return DVK_OK;
}


/* ------------------------------------------------------------------ html */

static void html_escape(dvk_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': dvk_buf_append(b, "&lt;", 4); break;
        case '>': dvk_buf_append(b, "&gt;", 4); break;
        case '&': dvk_buf_append(b, "&amp;", 5); break;
        case '"': dvk_buf_append(b, "&quot;", 6); break;
        default: dvk_buf_putc(b, *s);
        }
    }
}

static const char page_css[] =
    "body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;max-width:60em;"
    "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
    "h1{font-size:1.6em;border-bottom:2px solid #a00;padding-bottom:.2em}"
    "h2{font-size:1.25em;margin-top:1.6em;color:#a00}"
    "h3{font-size:1.05em}"
    "table{border-collapse:collapse;margin:.6em 0}"
    "th,td{border:1px solid #bbb;padding:.25em .6em}"
    "th{background:#f3f3f3;text-align:left}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "svg{display:block;margin:.4em 0 1em}"
    "svg text{font-size:11px;fill:#333}"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}"
    "table,svg{break-inside:avoid}}";

static int html_start(dvk_writer *w)
{
    if (w->page_started || w->format != DVK_FORMAT_HTML)
        return DVK_OK;
    w->page_started = 1;
    dvk_buf b = {0};
    dvk_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                   w->lang ? w->lang : "vi");
    html_escape(&b, w->title ? w->title : "dvkstat");
    dvk_buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_css);
    int st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_NOMEM;
    dvk_buf_free(&b);
    return st;
}

DVK_API int dvk_writer_set_language(dvk_writer *w, const char *lang)
{
    if (!w)
        return DVK_USAGE;
    locale_t l;
    int st = dvk_lang_new(lang, &l);
    if (st == DVK_USAGE)
        snprintf(w->errmsg, sizeof w->errmsg, W_("no locale for the language '%s' on this system"),
                 lang);
    if (st)
        return st;
    if (w->msg_lang)
        freelocale(w->msg_lang);
    w->msg_lang = l;
    return DVK_OK;
}

DVK_API int dvk_writer_set_document(dvk_writer *w, const char *title, const char *lang)
{
    if (!w)
        return DVK_USAGE;
    free(w->title);
    free(w->lang);
    w->title = title ? dvk_strndup(title, strlen(title)) : NULL;
    w->lang = lang ? dvk_strndup(lang, strlen(lang)) : NULL;
    return DVK_OK;
}

DVK_API int dvk_writer_heading(dvk_writer *w, int level, const char *text)
{
    if (!w || !text)
        return DVK_USAGE;
    if (level < 1)
        level = 1;
    if (level > 3)
        level = 3;
    dvk_buf b = {0};
    int st = DVK_OK;
    switch (w->format) {
    case DVK_FORMAT_MD: {
        dvk_buf esc = {0};
        int escaped = md_escape(&esc, text, 0) && esc.data;
        dvk_buf_printf(&b, "%s%.*s %s\n\n", w->after_table ? "\n" : "", level, "###",
                       escaped ? esc.data : text);
        dvk_buf_free(&esc);
        w->after_table = 0;
        break;
    }
    case DVK_FORMAT_HTML:
        if ((st = html_start(w)))
            break;
        dvk_buf_printf(&b, "<h%d>", level);
        html_escape(&b, text);
        dvk_buf_printf(&b, "</h%d>\n", level);
        break;
    case DVK_FORMAT_TABLE: {
        size_t width = dvk_text_width(text, strlen(text));
        dvk_buf_printf(&b, "%s\n", text);
        for (size_t i = 0; i < width; i++)
            dvk_buf_putc(&b, level == 1 ? '=' : '-');
        dvk_buf_append(&b, "\n\n", 2);
        break;
    }
    case DVK_FORMAT_XLSX:
        return dvk_writer_set_sheet(w, text);
    default:
        return DVK_OK;
    }
    if (!st && b.data)
        st = dvk_writer_raw(w, b.data, b.len);
    dvk_buf_free(&b);
    return st;
}

DVK_API int dvk_writer_paragraph(dvk_writer *w, const char *text)
{
    if (!w || !text)
        return DVK_USAGE;
    dvk_buf b = {0};
    int st = DVK_OK;
    switch (w->format) {
    case DVK_FORMAT_HTML:
        if ((st = html_start(w)))
            break;
        dvk_buf_append(&b, "<p>", 3);
        html_escape(&b, text);
        dvk_buf_append(&b, "</p>\n", 5);
        break;
    case DVK_FORMAT_MD:
    case DVK_FORMAT_TABLE:
    case DVK_FORMAT_XLSX: {
        dvk_buf esc = {0};
        int escaped = w->format == DVK_FORMAT_MD && md_escape(&esc, text, 0) && esc.data;
        dvk_buf_printf(&b, "%s%s\n\n", w->after_table ? "\n" : "", escaped ? esc.data : text);
        dvk_buf_free(&esc);
        w->after_table = 0;
        break;
    }
    default:
        return DVK_OK;
    }
    if (!st && b.data)
        st = dvk_writer_raw(w, b.data, b.len);
    dvk_buf_free(&b);
    return st;
}

/* A chart of the buffered table as inline SVG: bars or a line of column
 * VALUE over the labels of column CATEGORY. */
static void html_chart(dvk_writer *w, dvk_buf *b, size_t nrows)
{
    size_t nc = w->ncols;
    size_t rows = w->chart_rows && w->chart_rows < nrows ? w->chart_rows : nrows;
    if (!w->chart_type || rows == 0 || w->chart_category >= nc || w->chart_value >= nc)
        return;
    double max = 0, min = 0;
    int whiskers = w->chart_type == DVK_CHART_BAR && w->chart_low < nc && w->chart_high < nc;
    for (size_t i = 0; i < rows; i++) {
        size_t cols[3] = {w->chart_value, w->chart_low, w->chart_high};
        for (int k = 0; k < (whiskers ? 3 : 1); k++) {
            const struct cell *c = &w->cells[i * nc + cols[k]];
            if (c->kind == CELL_NUMBER || c->kind == CELL_PERCENT) {
                if (c->value > max)
                    max = c->value;
                if (c->value < min)
                    min = c->value;
            }
        }
    }
    if (max == min)
        max = min + 1;
    /* Labels are drawn slanted at 40°: room for the longest, left and below. */
    double longest = 0;
    for (size_t i = 0; i < rows; i++) {
        const char *text = w->cells[i * nc + w->chart_category].text;
        double lw = (double)dvk_text_width(text, strlen(text)) * 6.2;
        if (lw > longest)
            longest = lw;
    }
    double step = rows > 30 ? 16 : 40, top = 20, height = 180;
    double left = 50 + longest * 0.77 > step / 2 + 50 ? 50 + longest * 0.77 - step / 2 : 50;
    double width = step * (double)rows;
    dvk_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                   "role=\"img\" aria-label=\"", left + width + 20, top + height + 24 + longest * 0.64);
    html_escape(b, w->names[w->chart_value]);
    dvk_buf_printf(b, "\">\n<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>\n",
                   left, top + height, left + width, top + height);
    for (int k = 0; k <= 4; k++) {
        double v = min + (max - min) * k / 4, y = top + height - height * k / 4;
        int pct = w->cells[w->chart_value].kind == CELL_PERCENT;
        dvk_buf_printf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.*f%s</text>\n",
                       left - 4, y + 4, pct ? 0 : (max - min < 10 ? 1 : 0), pct ? v * 100 : v,
                       pct ? "%" : "");
        dvk_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
                       left, y, left + width, y);
    }
    dvk_buf points = {0};
    for (size_t i = 0; i < rows; i++) {
        const struct cell *c = &w->cells[i * nc + w->chart_value];
        const struct cell *label = &w->cells[i * nc + w->chart_category];
        double x = left + step * (double)i + step / 2;
        if (c->kind == CELL_NUMBER || c->kind == CELL_PERCENT) {
            double y = top + height - height * (c->value - min) / (max - min);
            if (w->chart_type == DVK_CHART_BAR) {
                dvk_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c0392b\"/>\n",
                               x - step * 0.35, y, step * 0.7, top + height - y);
                const struct cell *lo = whiskers ? &w->cells[i * nc + w->chart_low] : NULL;
                const struct cell *hi = whiskers ? &w->cells[i * nc + w->chart_high] : NULL;
                if (lo && hi && lo->kind != CELL_NULL && hi->kind != CELL_NULL &&
                    lo->kind != CELL_TEXT && hi->kind != CELL_TEXT) {
                    double y1 = top + height - height * (lo->value - min) / (max - min);
                    double y2 = top + height - height * (hi->value - min) / (max - min);
                    dvk_buf_printf(b, "<path class=\"interval\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" "
                                   "stroke=\"#222\" fill=\"none\"/>\n",
                                   x, y1, y2, x - 5, y1, x + 5, x - 5, y2, x + 5);
                }
            } else
                dvk_buf_printf(&points, "%.1f,%.1f ", x, y);
        }
        dvk_buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %.0f)\">",
                       x, top + height + 14, x, top + height + 14);
        html_escape(b, label->text);
        dvk_buf_append(b, "</text>\n", 8);
    }
    if (points.len)
        dvk_buf_printf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n",
                       points.data);
    dvk_buf_free(&points);
    dvk_buf_append(b, "</svg>\n", 7);
}

static int write_html_table(dvk_writer *w)
{
    int st = html_start(w);
    if (st)
        return st;
    size_t nc = w->ncols, nrows = nc ? w->ncells / nc : 0;
    dvk_buf b = {0};
    dvk_buf_append(&b, "<table>\n<tr>", 12);
    for (size_t j = 0; j < nc; j++) {
        dvk_buf_append(&b, "<th>", 4);
        html_escape(&b, w->names[j]);
        dvk_buf_append(&b, "</th>", 5);
    }
    dvk_buf_append(&b, "</tr>\n", 6);
    for (size_t i = 0; i < nrows; i++) {
        dvk_buf_append(&b, "<tr>", 4);
        for (size_t j = 0; j < nc; j++) {
            const struct cell *c = &w->cells[i * nc + j];
            dvk_buf_append(&b, c->numeric ? "<td class=\"num\">" : "<td>", c->numeric ? 16 : 4);
            if (c->kind == CELL_PERCENT)
                dvk_buf_printf(&b, "%.1f%%", c->value * 100);
            else
                html_escape(&b, c->text);
            dvk_buf_append(&b, "</td>", 5);
        }
        dvk_buf_append(&b, "</tr>\n", 6);
    }
    dvk_buf_append(&b, "</table>\n", 9);
    html_chart(w, &b, nrows);
    w->chart_type = 0;
    w->chart_low = w->chart_high = SIZE_MAX;
    st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_NOMEM;
    dvk_buf_free(&b);
    return st;
}

DVK_API int dvk_writer_end(dvk_writer *w)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    int st = DVK_OK;
    if (w->format == DVK_FORMAT_XLSX)
        st = write_sheet(w);
    else if (w->format == DVK_FORMAT_HTML)
        st = write_html_table(w);
    else if (w->format == DVK_FORMAT_JSON)
        st = dvk_writer_raw(w, w->rows ? "\n]\n" : "]\n", w->rows ? 3 : 2);
    else if (w->format == DVK_FORMAT_TABLE || w->format == DVK_FORMAT_MD) {
        st = write_aligned(w);
        w->after_table = 1;
    }
    free_cells(w);
    return st;
}

/* Copy the finished book in TMP_PATH to the device or FIFO at PATH. */
static int copy_to_target(dvk_writer *w)
{
    FILE *in = fopen(w->tmp_path, "rb");
    if (!in)
        return fail(w, W_("write"), w->path);
    int fd = open(w->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fclose(in);
        return fail(w, W_("write"), w->path);
    }
    char buf[65536];
    size_t n;
    int st = DVK_OK;
    while (!st && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        for (size_t done = 0; done < n && !st;) {
            ssize_t k = write(fd, buf + done, n - done);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0)
                st = fail(w, W_("write"), w->path);
            else
                done += (size_t)k;
        }
    }
    if (!st && ferror(in))
        st = fail(w, W_("write"), w->path);
    fclose(in);
    if (close(fd) != 0 && !st)
        st = fail(w, W_("write"), w->path);
    return st;
}

/* Move the finished temporary file over the target (or copy it to a
 * device); the temporary name is forgotten once gone. */
static int put_in_place(dvk_writer *w)
{
    int st = DVK_OK;
    if (w->copy_out) {
        st = copy_to_target(w);
        unlink(w->tmp_path);
    } else if (rename(w->tmp_path, w->target) != 0) {
        return fail(w, W_("replace"), w->path);
    }
    free(w->tmp_path);
    w->tmp_path = NULL;
    return st;
}

DVK_API int dvk_writer_commit(dvk_writer *w)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    if (w->failed)
        return w->failed;
    if (w->format == DVK_FORMAT_HTML) {
        int st = html_start(w);
        if (!st)
            st = dvk_writer_raw(w, "</body>\n</html>\n", 16);
        if (st)
            return st;
    }
    if (w->book) {
        if (w->sheets == 0 && !workbook_add_worksheet(w->book, NULL)) /* a workbook needs a sheet */
            return DVK_NOMEM;
        /* libxlsxwriter prints the XML's numbers with printf: in the C
         * locale for this thread while it does. */
        locale_t old = dvk_c_enter();
        lxw_error err = workbook_close(w->book);
        dvk_c_leave(old);
        w->book = NULL;
        if (err != LXW_NO_ERROR) {
            snprintf(w->errmsg, sizeof w->errmsg, W_("cannot write %s: %s"), w->path,
                     lxw_strerror(err));
            w->failed = DVK_IO;
            return DVK_IO;
        }
        int st = dvk_xlsx_error_bars(w->tmp_path, w->bars, w->nbars);
        if (st == DVK_IO)
            return fail(w, W_("write"), w->path);
        if (st) {
            snprintf(w->errmsg, sizeof w->errmsg, W_("cannot write %s: %s"), w->path,
                     W_("the charts' intervals could not be added"));
            w->failed = st;
            return st;
        }
        return put_in_place(w);
    }
    if (fflush(w->out) != 0 || ferror(w->out))
        return fail(w, W_("write"), w->path);
    if (w->out == stdout)
        return DVK_OK;
    /* A device or FIFO has nothing to sync (EINVAL); a file must be on
     * disk before it replaces the old one. */
    if (fsync(fileno(w->out)) != 0 && errno != EINVAL && errno != EROFS)
        return fail(w, W_("write"), w->path);
    FILE *f = w->out;
    w->out = NULL;
    if (fclose(f) != 0)
        return fail(w, W_("write"), w->path);
    if (!w->tmp_path)
        return DVK_OK; /* written directly */
    return put_in_place(w);
}
