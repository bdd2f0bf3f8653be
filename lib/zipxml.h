/* zipxml.h: one member of a zip file fed to expat in blocks, bounded.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The .xlsx and .ods readers both see a workbook as XML parts in a zip.
 * A part is never held whole: dvk_xml_pump() inflates one block at a time
 * and hands it to the parser, whose handlers may pause it (a row is ready:
 * the pump returns DVK_ROW and the next pump resumes where it stopped),
 * stop it (what was wanted is found: DVK_DONE) or fail it with a status.
 * Every parser refuses a DOCTYPE (so no entity is ever declared, expanded
 * or loaded from outside), and every member is bounded: its declared and
 * its actual uncompressed size against DVK_BOOK_MAX_MEMBER and against a
 * ratio to its compressed size, checked while inflating. */
#ifndef DVK_ZIPXML_H
#define DVK_ZIPXML_H

#include <expat.h>
#include <zip.h>
#include "internal.h"

/* Past this many inflated bytes a member may grow to at most this many
 * times its compressed size: XML compresses 5 to 50 times, a bomb 1000. */
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#define DVK_ZIP_RATIO_FLOOR ((unsigned long long)8 << 20)
#define DVK_ZIP_MAX_RATIO 1000
#else
/* Under the fuzzer (tests/fuzz/run.sh defines the macro) a bomb's mutant
 * would inflate 64 MiB before it is refused, a second or more of every
 * such run; tighter bounds refuse it past 1 MiB and keep the harness fast.
 * The real bounds are tested by make check on the bombs of tests/books. */
#define DVK_ZIP_RATIO_FLOOR ((unsigned long long)1 << 20)
#define DVK_ZIP_MAX_RATIO 20
#endif

typedef struct dvk_xml_stream {
    XML_Parser parser;
    zip_file_t *file;
    const char *member;
    void *user;                  /* the reader's state, for its handlers */
    unsigned long long inflated, compressed;
    int suspended, finished, stopped;
    int status;                  /* set by dvk_xml_fail() */
    dvk_error failure;
} dvk_xml_stream;

/* Open a zip from PATH, or from LEN bytes at MEM when PATH is NULL. */
int dvk_zip_open(zip_t **out, const char *path, const void *mem, size_t len,
                 dvk_error *err);
/* Open a zip from a descriptor of a regular file, read from offset 0; the
 * descriptor stays the caller's. */
int dvk_zip_open_fd(zip_t **out, int fd, dvk_error *err);
/* Nonzero when the zip holds MEMBER. */
int dvk_zip_has(zip_t *z, const char *member);

/* Open MEMBER for parsing with a namespace-aware parser (names arrive as
 * "URI|local"); the caller then sets its handlers on S->parser.  A missing
 * member is DVK_SYNTAX with MISSING as the message (or DVK_DONE when
 * MISSING is NULL: an optional part). */
int dvk_xml_open(dvk_xml_stream *s, zip_t *z, const char *member, void *user,
                 const char *missing, dvk_error *err);
/* Parse on: DVK_ROW when a handler paused, DVK_DONE at the end or when a
 * handler stopped, an error status otherwise. */
int dvk_xml_pump(dvk_xml_stream *s, dvk_error *err);
void dvk_xml_close(dvk_xml_stream *s);

/* From a handler: pause (the pump returns DVK_ROW), stop (DVK_DONE), fail. */
void dvk_xml_pause(dvk_xml_stream *s);
void dvk_xml_stop(dvk_xml_stream *s);
void dvk_xml_fail(dvk_xml_stream *s, int status, long line, long column,
                  const char *fmt, ...) DVK_PRINTF(5, 6);
/* Fail with "out of memory" (dvk_error_nomem's words). */
void dvk_xml_nomem(dvk_xml_stream *s);

/* The local part of a namespaced name; the value of attribute LOCAL. */
const char *dvk_xml_local(const char *name);
const char *dvk_xml_attr(const char **atts, const char *local);

#endif
