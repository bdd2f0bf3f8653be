/* output.c: what keeps the program from losing a file: -o and --rejects
 * checked before anything is read, a file named twice read once,
 * temporary files removed when a signal ends the run, and standard output
 * checked at exit.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------- temporary files */

/* The temporary files being written, copied where a signal handler can
 * read them without a lock: a slot's name is complete before it is marked
 * used. */
#define MAX_PENDING 4
static char pending[MAX_PENDING][PATH_MAX + 64];
static volatile sig_atomic_t pending_used[MAX_PENDING];
static const dvk_writer *pending_owner[MAX_PENDING];

static void on_fatal_signal(int sig)
{
    /* Only async-signal-safe calls: unlink(), then the default action. */
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending_used[i])
            unlink(pending[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_install_signal_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old, sa;
        /* A signal ignored by the caller (nohup) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigfillset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

void cli_temp_register(const dvk_writer *w)
{
    const char *path = dvk_writer_temp_path(w);
    if (!path || strlen(path) >= sizeof pending[0])
        return;
    for (int i = 0; i < MAX_PENDING; i++)
        if (!pending_used[i]) {
            memcpy(pending[i], path, strlen(path) + 1);
            pending_owner[i] = w;
            pending_used[i] = 1;
            return;
        }
}

void cli_temp_forget(const dvk_writer *w)
{
    for (int i = 0; i < MAX_PENDING; i++)
        if (pending_used[i] && pending_owner[i] == w) {
            pending_used[i] = 0;
            pending_owner[i] = NULL;
        }
}

void cli_note_stale(const struct cli_options *o, const dvk_writer *w, const char *path)
{
    size_t n = dvk_writer_stale_removed(w);
    if (n && !o->quiet)
        fprintf(stderr, ngettext("dvkstat: note: %s: removed %zu temporary file left beside "
                                 "it by a run that was killed\n",
                                 "dvkstat: note: %s: removed %zu temporary files left beside "
                                 "it by runs that were killed\n", n),
                path, n);
}

/* ------------------------------------------------------- standard output */

int cli_close_stdout(int status)
{
    /* As GNU close_stdout: output still in the buffer, or an error seen
     * before, must reach the file or be reported. */
    int pending_bytes = __fpending(stdout) != 0;
    int failed = ferror(stdout);
    int e = 0;
    if (fclose(stdout) != 0) {
        if (failed || pending_bytes || errno != EBADF) {
            failed = 1;
            e = errno;
        }
    }
    if (failed) {
        if (status == EXIT_OK) {
            if (e)
                cli_error(_("write error: %s"), strerror(e));
            else
                cli_error(_("write error"));
        }
        status = status == EXIT_OK ? EXIT_DATA : status;
    }
    if (fclose(stderr) != 0 && errno != EBADF && status == EXIT_OK)
        status = EXIT_DATA;
    return status;
}

/* --------------------------------------------------- the files named */

/* The device and inode of input PATH ("-": standard input); 0 if it
 * cannot be known (the reader reports why). */
static int input_id(const char *path, struct stat *st)
{
    if (strcmp(path, "-") == 0)
        return fstat(0, st) == 0;
    return stat(path, st) == 0;
}

/* The directory of PATH ("." when it has none) in DIR. */
static void dir_of(const char *path, char *dir, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, size, ".");
    else if (slash == path)
        snprintf(dir, size, "/");
    else
        snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

/* PATH with its directory resolved (it need not exist itself), for
 * comparing two outputs that are not there yet; NULL if unknown. */
static char *canonical(const char *path)
{
    char dir[PATH_MAX];
    dir_of(path, dir, sizeof dir);
    char *real = realpath(dir, NULL);
    if (!real)
        return NULL;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t n = strlen(real) + strlen(base) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%s/%s", real, base);
    free(real);
    return out;
}

/* Check output PATH of OPTION before anything is read: not an input, in
 * a directory that exists and can be written.  -1 to go on, or an exit
 * status after a message. */
static int check_output(const struct cli_options *o, const char *option, const char *path)
{
    struct stat st, in;
    if (!path || strcmp(path, "-") == 0)
        return -1;
    if (stat(path, &st) == 0) {
        size_t nfiles = o->nfiles ? o->nfiles : 1;
        for (size_t f = 0; f < nfiles; f++) {
            const char *name = o->nfiles ? o->files[f] : "-";
            if (input_id(name, &in) && in.st_dev == st.st_dev && in.st_ino == st.st_ino)
                return cli_usage_error(o->command, _("%s %s is the input %s: it would be "
                                       "overwritten; write to another file"),
                                       option, path, strcmp(name, "-") ? name : _("(standard input)"));
        }
        if (S_ISDIR(st.st_mode)) {
            cli_error(_("cannot write %s: %s"), path, strerror(EISDIR));
            return EXIT_DATA;
        }
        if (!S_ISREG(st.st_mode)) {
            /* written directly: it must let us write */
            if (access(path, W_OK) != 0) {
                cli_error(_("cannot write %s: %s"), path, strerror(errno));
                return EXIT_DATA;
            }
            return -1;
        }
    } else if (errno != ENOENT) {
        cli_error(_("cannot write %s: %s"), path, strerror(errno));
        return EXIT_DATA;
    }
    /* The new file, or the temporary one that replaces it, is made in
     * the directory of the file (of a link's target). */
    char *real = realpath(path, NULL);
    char dir[PATH_MAX];
    dir_of(real ? real : path, dir, sizeof dir);
    free(real);
    struct stat ds;
    int e = 0;
    if (stat(dir, &ds) != 0)
        e = errno;
    else if (!S_ISDIR(ds.st_mode))
        e = ENOTDIR;
    else if (access(dir, W_OK | X_OK) != 0)
        e = errno;
    if (e) {
        cli_error(_("cannot write %s: %s: %s"), path, dir, strerror(e));
        return EXIT_DATA;
    }
    return -1;
}

/* Whether outputs A and B are one file. */
static int same_output(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char *ca = canonical(a), *cb = canonical(b);
    int same = ca && cb ? strcmp(ca, cb) == 0 : strcmp(a, b) == 0;
    free(ca);
    free(cb);
    return same;
}

int cli_check_files(struct cli_options *o)
{
    /* A file named twice (a.csv ./a.csv, or a link to it) is read once:
     * counting its rows twice is never what was meant. */
    size_t kept = 0;
    for (size_t f = 0; f < o->nfiles; f++) {
        struct stat st, prev;
        size_t dup = SIZE_MAX;
        if (input_id(o->files[f], &st))
            for (size_t g = 0; g < kept && dup == SIZE_MAX; g++)
                if (input_id(o->files[g], &prev) && prev.st_dev == st.st_dev &&
                    prev.st_ino == st.st_ino)
                    dup = g;
        if (dup == SIZE_MAX) {
            o->files[kept++] = o->files[f];
            continue;
        }
        if (!o->quiet)
            fprintf(stderr, _("dvkstat: note: %s is the same file as %s; it is read once\n"),
                    o->files[f], o->files[dup]);
    }
    o->nfiles = kept;
    int st = check_output(o, "-o", o->output);
    if (st < 0)
        st = check_output(o, "--rejects", o->rejects);
    if (st >= 0)
        return st;
    if (o->output && o->rejects && strcmp(o->output, "-") != 0 &&
        strcmp(o->rejects, "-") != 0 && same_output(o->output, o->rejects))
        return cli_usage_error(o->command, _("-o and --rejects name the same file %s"),
                               o->output);
    return -1;
}
