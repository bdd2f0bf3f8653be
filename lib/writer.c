/* writer.c: the writer's core: the output opened and committed, cells
 * buffered, numbers formatted, and each call handed to the format's table
 * of functions (fmt-table.c, fmt-md.c, fmt-delim.c, fmt-json.c,
 * fmt-html.c, fmt-xlsx.c; writer-impl.h says what they share).
 * SPDX-License-Identifier: GPL-3.0-or-later
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
#include "writer-impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
static const struct dvk_format_ops *const formats[] = {
    [DVK_FORMAT_TABLE] = &dvk_format_table, [DVK_FORMAT_CSV] = &dvk_format_csv,
    [DVK_FORMAT_TSV] = &dvk_format_tsv,     [DVK_FORMAT_JSON] = &dvk_format_json,
    [DVK_FORMAT_MD] = &dvk_format_md,       [DVK_FORMAT_XLSX] = &dvk_format_xlsx,
    [DVK_FORMAT_HTML] = &dvk_format_html,
};

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
    w->ops = formats[format];
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

static void free_names(dvk_writer *w)
{
    for (size_t i = 0; i < w->ncols && w->names; i++)
        free(w->names[i]);
    free(w->names);
    w->names = NULL;
}

/* Rows go out in blocks of this size: one call to stdio for hundreds of
 * rows, not one a row. */
#define WRITER_BLOCK (256u << 10)

/* Write the whole rows held in w->line, keeping a row being made. */
static int drain_rows(dvk_writer *w)
{
    size_t n = w->line_done;
    if (!n)
        return DVK_OK;
    w->line_done = 0;
    if (w->failed)
        return w->failed;
    if (!w->out)
        return DVK_USAGE;
    int st = DVK_OK;
    if (fwrite(w->line.data, 1, n, w->out) != n)
        st = dvk_writer_fail(w, W_("write"), w->path);
    memmove(w->line.data, w->line.data + n, w->line.len - n + 1);
    w->line.len -= n;
    return st;
}

DVK_API void dvk_writer_free(dvk_writer *w)
{
    if (!w)
        return;
    if (w->out && !w->failed)
        drain_rows(w); /* the rows made so far, as if written one by one */
    if (w->out && w->out != stdout)
        fclose(w->out);
    if (w->ops->release)
        w->ops->release(w); /* before the temporary file is removed below */
    if (w->msg_lang)
        freelocale(w->msg_lang);
    if (w->tmp_path)
        unlink(w->tmp_path);
    free(w->tmp_path);
    free(w->target);
    free(w->path);
    free(w->title);
    free(w->lang);
    dvk_writer_chart_done(w);
    free_names(w);
    free_cells(w);
    dvk_buf_free(&w->line);
    free(w);
}
/* Record "cannot ACTION PATH: reason" from errno; standard output's
 * failure reads "write error: reason", as in other GNU programs. */
int dvk_writer_fail(dvk_writer *w, const char *action, const char *path)
{
    int e = errno;
    w->failed = DVK_IO;
    if (!path)
        dvk_error_set(&w->err, DVK_IO, 0, 0, W_("write error: %s"), W_STRERROR(e));
    else
        dvk_error_set(&w->err, DVK_IO, 0, 0, W_("cannot %s %s: %s"), action, path,
                      W_STRERROR(e));
    return DVK_IO;
}

DVK_API const char *dvk_writer_errmsg(const dvk_writer *w)
{
    return w ? w->err.message : "out of memory";
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
        return dvk_writer_fail(w, W_("create a file beside"), w->path);
    if (w->ops->by_name) {
        close(fd); /* the format's library opens it by name */
        return DVK_OK;
    }
    w->out = fdopen(fd, "w");
    if (!w->out) {
        close(fd);
        return dvk_writer_fail(w, W_("write"), w->path);
    }
    return DVK_OK;
}

DVK_API int dvk_writer_open(dvk_writer *w, const char *path)
{
    if (!w)
        return DVK_USAGE;
    if (w->out || w->book || w->path)
        return DVK_USAGE;
    if (w->ops->by_name && (!path || strcmp(path, "-") == 0)) {
        dvk_error_set(&w->err, DVK_USAGE, 0, 0,
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
            return dvk_writer_fail(w, W_("write"), path);
        if (!st_ok) {
            struct stat lst;
            if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
                /* Creating the file the link names could land anywhere
                 * the link was made to point; the user says where. */
                w->failed = DVK_IO;
                dvk_error_set(&w->err, DVK_IO, 0, 0,
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
                return dvk_writer_fail(w, W_("write"), path);
            if (w->ops->by_name) {
                /* The book needs a file to be built in; it is copied to
                 * the device when done. */
                close(fd);
                const char *dir = getenv("TMPDIR");
                dvk_buf prefix = {0};
                if (dvk_buf_printf(&prefix, "%s/dvkstat-%ld.", dir && *dir ? dir : "/tmp",
                                   (long)getpid()))
                    return DVK_NOMEM;
                fd = create_temp(w, prefix.data, w->ops->suffix, NULL);
                dvk_buf_free(&prefix);
                if (fd < 0)
                    return dvk_writer_fail(w, W_("create a temporary file for"), path);
                close(fd);
                w->copy_out = 1;
            } else {
                w->out = fdopen(fd, "w");
                if (!w->out) {
                    close(fd);
                    return dvk_writer_fail(w, W_("write"), path);
                }
            }
        } else if (st_ok) {
            w->target = realpath(path, NULL);
            if (!w->target)
                return dvk_writer_fail(w, W_("write"), path);
            if ((rc = open_beside(w, w->target, &st)))
                return rc;
        } else {
            w->target = dvk_strndup(path, strlen(path));
            if (!w->target)
                return DVK_NOMEM;
            if ((rc = open_beside(w, w->target, NULL)))
                return rc;
        }
    }
    return w->ops->open ? w->ops->open(w) : DVK_OK;
}
DVK_API int dvk_writer_raw(dvk_writer *w, const char *s, size_t len)
{
    if (w && w->failed)
        return w->failed;
    if (w && w->ops->note)
        return w->ops->note(w, s, len);
    if (!w || !w->out)
        return DVK_USAGE;
    int st = drain_rows(w);
    if (st)
        return st;
    if (len && fwrite(s, 1, len, w->out) != len)
        return dvk_writer_fail(w, W_("write"), w->path);
    return DVK_OK;
}
DVK_API int dvk_writer_json_string(dvk_writer *w, const char *s, size_t len)
{
    if (!w)
        return DVK_USAGE;
    dvk_buf b = {0};
    int st = dvk_json_quote(&b, s, len);
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
    return w->ops->begin ? w->ops->begin(w) : DVK_OK;
}
static int add_cell(dvk_writer *w, const char *s, size_t len, int numeric,
                    int is_null)
{
    if (!w || (!w->out && !w->book) || !w->names)
        return DVK_USAGE;
    if (w->ops->buffered) {
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
        w->cells[w->ncells].digits = w->pending_digits;
        w->cells[w->ncells].bold = w->bold_row;
        w->pending_kind = CELL_NUMBER;
        w->pending_digits = 0;
        w->ncells++;
        w->col++;
        return DVK_OK;
    }
    return w->ops->cell(w, s, len, numeric, is_null);
}

DVK_API int dvk_writer_text(dvk_writer *w, const char *s, long len)
{
    if (!s)
        return dvk_writer_null(w);
    return add_cell(w, s, len < 0 ? strlen(s) : (size_t)len, 0, 0);
}

/* The convention of the figures in a format people read (table, md,
 * html: those that round to significant digits): Vietnamese readers' when
 * asked for by DVK_WRITE_VI_FIGURES or DVK_WRITE_DECIMAL_COMMA. */
unsigned dvk_writer_figure_flags(const dvk_writer *w)
{
    return (w->flags & (DVK_WRITE_VI_FIGURES | DVK_WRITE_DECIMAL_COMMA)) ? DVK_FIGURE_VI : 0;
}

DVK_API int dvk_writer_number(dvk_writer *w, double x, int decimals)
{
    char buf[512];
    if (!w)
        return DVK_USAGE;
    if (!isfinite(x))
        return dvk_writer_null(w);
    if (w->ops->significant) {
        int st = dvk_figure_format(buf, sizeof buf, x, decimals > 17 ? 17 : decimals,
                                   dvk_writer_figure_flags(w));
        if (st)
            return st;
        w->pending_kind = CELL_NUMBER;
        w->pending_value = x;
        return add_cell(w, buf, strlen(buf), 1, 0);
    }
    if (decimals >= 0) {
        dvk_snprintf(buf, sizeof buf, "%.*f", decimals > 17 ? 17 : decimals, x);
        if (!w->pending_digits) /* the places asked, for a workbook's format */
            w->pending_digits = -1 - (decimals > 10 ? 10 : decimals);
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
    if ((w->flags & DVK_WRITE_DECIMAL_COMMA) && !w->ops->point_always)
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
    if (!isfinite(x) || !w->ops->significant) {
        /* a workbook keeps the value whole and shows the digits asked */
        w->pending_digits = digits < 1 ? 1 : digits > 15 ? 15 : digits;
        return dvk_writer_number(w, x, -1);
    }
    w->pending_kind = CELL_NUMBER;
    w->pending_value = x;
    char buf[512];
    int st = dvk_figure_format(buf, sizeof buf, x, digits < 1 ? 1 : digits > 17 ? 17 : digits,
                               dvk_writer_figure_flags(w) | DVK_FIGURE_SIGNIFICANT);
    if (st)
        return st;
    return add_cell(w, buf, strlen(buf), 1, 0);
}

DVK_API int dvk_writer_percent(dvk_writer *w, double fraction, int decimals)
{
    if (!w)
        return DVK_USAGE;
    if (!isfinite(fraction))
        return dvk_writer_null(w);
    if (w->ops->percent == PERCENT_NUMBER)
        return dvk_writer_number(w, fraction, -1);
    /* xlsx keeps the value under a number format; html shows this text */
    w->pending_kind = w->ops->percent == PERCENT_VALUE ? CELL_PERCENT : CELL_NUMBER;
    w->pending_value = fraction;
    char buf[512];
    int st = dvk_figure_format(buf, sizeof buf, fraction,
                               decimals < 0 ? 1 : decimals > 10 ? 10 : decimals,
                               dvk_writer_figure_flags(w) | DVK_FIGURE_PERCENT);
    if (st)
        return st;
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
    w->bold_row = 0;
    return w->ops->end_row ? w->ops->end_row(w) : DVK_OK;
}

DVK_API int dvk_writer_set_bold(dvk_writer *w, int bold)
{
    if (!w)
        return DVK_USAGE;
    w->bold_row = bold != 0;
    return DVK_OK;
}

int dvk_writer_put_line(dvk_writer *w, char last)
{
    if (dvk_buf_putc(&w->line, last))
        return DVK_NOMEM;
    w->line_done = w->line.len;
    return w->line_done >= WRITER_BLOCK ? drain_rows(w) : DVK_OK;
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

static char *dup_or_null(const char *s)
{
    return s ? dvk_strndup(s, strlen(s)) : NULL;
}

DVK_API int dvk_writer_set_chart_titles(dvk_writer *w, const char *title,
                                        const char *category_axis, const char *value_axis)
{
    if (!w)
        return DVK_USAGE;
    char *t = dup_or_null(title), *x = dup_or_null(category_axis), *y = dup_or_null(value_axis);
    if ((title && !t) || (category_axis && !x) || (value_axis && !y)) {
        free(t);
        free(x);
        free(y);
        return DVK_NOMEM;
    }
    free(w->chart_title);
    free(w->chart_xtitle);
    free(w->chart_ytitle);
    w->chart_title = t;
    w->chart_xtitle = x;
    w->chart_ytitle = y;
    return DVK_OK;
}

int dvk_writer_chart_titles(dvk_writer *w, char **title, char **xtitle, char **ytitle)
{
    const char *x = w->chart_xtitle ? w->chart_xtitle : w->names[w->chart_category];
    const char *y = w->chart_ytitle ? w->chart_ytitle : w->names[w->chart_value];
    *xtitle = dup_or_null(x);
    *ytitle = dup_or_null(y);
    if (w->chart_title)
        *title = dup_or_null(w->chart_title);
    else {
        dvk_buf b = {0};
        /* TRANSLATORS: a chart's title: the value by the category ("Models by Field") */
        dvk_buf_printf(&b, W_("%s by %s"), y, x);
        *title = b.data;
    }
    if (!*title || !*xtitle || !*ytitle) {
        free(*title);
        free(*xtitle);
        free(*ytitle);
        *title = *xtitle = *ytitle = NULL;
        return DVK_NOMEM;
    }
    return DVK_OK;
}

void dvk_chart_nice_axis(double lo, double hi, int pct, int whole, struct dvk_chart_axis *a)
{
    if (!(hi > lo))
        hi = lo + (pct ? 0.01 : 1);
    double raw = (hi - lo) / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
    double step = (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10) * mag;
    if (whole && step < 1)
        step = 1;
    a->step = step;
    a->lo = floor(lo / step + 1e-9) * step;
    a->hi = ceil(hi / step - 1e-9) * step;
    double shown = pct ? step * 100 : step;
    int d = (int)-floor(log10(shown) + 1e-9);
    a->decimals = d > 0 ? d : 0;
}

void dvk_writer_chart_done(dvk_writer *w)
{
    w->chart_type = 0;
    w->chart_low = w->chart_high = SIZE_MAX;
    free(w->chart_title);
    free(w->chart_xtitle);
    free(w->chart_ytitle);
    w->chart_title = w->chart_xtitle = w->chart_ytitle = NULL;
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
DVK_API int dvk_writer_set_language(dvk_writer *w, const char *lang)
{
    if (!w)
        return DVK_USAGE;
    locale_t l;
    int st = dvk_lang_new(lang, &l);
    if (st == DVK_USAGE)
        dvk_error_set(&w->err, DVK_USAGE, 0, 0, W_("no locale for the language '%s' on this system"),
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
    return w->ops->heading ? w->ops->heading(w, level, text) : DVK_OK;
}

DVK_API int dvk_writer_paragraph(dvk_writer *w, const char *text)
{
    if (!w || !text)
        return DVK_USAGE;
    return w->ops->paragraph ? w->ops->paragraph(w, text) : DVK_OK;
}

DVK_API int dvk_writer_end(dvk_writer *w)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    int st = w->ops->end_table ? w->ops->end_table(w) : DVK_OK;
    free_cells(w);
    return st;
}
/* Copy the finished book in TMP_PATH to the device or FIFO at PATH. */
static int copy_to_target(dvk_writer *w)
{
    FILE *in = fopen(w->tmp_path, "rb");
    if (!in)
        return dvk_writer_fail(w, W_("write"), w->path);
    int fd = open(w->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        fclose(in);
        return dvk_writer_fail(w, W_("write"), w->path);
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
                st = dvk_writer_fail(w, W_("write"), w->path);
            else
                done += (size_t)k;
        }
    }
    if (!st && ferror(in))
        st = dvk_writer_fail(w, W_("write"), w->path);
    fclose(in);
    if (close(fd) != 0 && !st)
        st = dvk_writer_fail(w, W_("write"), w->path);
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
        return dvk_writer_fail(w, W_("replace"), w->path);
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
    if (w->ops->finish) {
        int st = w->ops->finish(w);
        if (st)
            return st;
    }
    if (!w->out)
        return put_in_place(w); /* a book the format's library wrote by name */
    int st = drain_rows(w);
    if (st)
        return st;
    if (fflush(w->out) != 0 || ferror(w->out))
        return dvk_writer_fail(w, W_("write"), w->path);
    if (w->out == stdout)
        return DVK_OK;
    /* A device or FIFO has nothing to sync (EINVAL); a file must be on
     * disk before it replaces the old one. */
    if (fsync(fileno(w->out)) != 0 && errno != EINVAL && errno != EROFS)
        return dvk_writer_fail(w, W_("write"), w->path);
    FILE *f = w->out;
    w->out = NULL;
    if (fclose(f) != 0)
        return dvk_writer_fail(w, W_("write"), w->path);
    if (!w->tmp_path)
        return DVK_OK; /* written directly */
    return put_in_place(w);
}
