/* writer-file.c: where the writer's output goes, and how it replaces a
 * file without ever destroying it.
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
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
    int st = dvk_writer_drain_rows(w);
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
