/* zipxml.c: zip members inflated block by block into expat (zipxml.h).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "zipxml.h"
#include "book.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* One block of inflated XML handed to the parser at a time. */
#define BLOCK 65536

static int zip_failure(int code, const char *what, dvk_error *err)
{
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    int status = code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_SEEK
                 || code == ZIP_ER_NOENT ? DVK_IO : code == ZIP_ER_MEMORY ? DVK_NOMEM
                 : DVK_SYNTAX;
    dvk_error_set(err, status, 0, 0, _("%s: not a readable zip file: %s"), what,
                  zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return status;
}

int dvk_zip_open(zip_t **out, const char *path, const void *mem, size_t len,
                 dvk_error *err)
{
    *out = NULL;
    int code = 0;
    if (path) {
        *out = zip_open(path, ZIP_RDONLY, &code);
        /* the reader puts the file's name before the message */
        return *out ? DVK_OK : zip_failure(code, _("workbook"), err);
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(mem, len, 0, &ze);
    if (src)
        *out = zip_open_from_source(src, ZIP_RDONLY, &ze);
    code = zip_error_code_zip(&ze);
    zip_error_fini(&ze);
    if (*out)
        return DVK_OK;
    zip_source_free(src);
    return zip_failure(code ? code : ZIP_ER_MEMORY, _("workbook"), err);
}

int dvk_zip_open_fd(zip_t **out, int fd, dvk_error *err)
{
    /* zip_fdopen owns the descriptor it is given and closes it with the
     * archive: it gets a duplicate. */
    int code = 0, dup_fd = dup(fd);
    if (dup_fd < 0)
        return dvk_error_set(err, DVK_IO, 0, 0, _("cannot read the workbook: %s"),
                             strerror(errno));
    *out = zip_fdopen(dup_fd, ZIP_RDONLY, &code);
    if (*out)
        return DVK_OK;
    close(dup_fd);
    return zip_failure(code, _("workbook"), err);
}

int dvk_zip_has(zip_t *z, const char *member)
{
    return zip_name_locate(z, member, 0) >= 0;
}

/* ---- the parser */

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                                   const XML_Char *pubid, int has_internal_subset)
{
    /* Workbooks never carry a DOCTYPE; one can only declare entities, the
     * way to expand a few bytes into gigabytes or to reach other files. */
    dvk_xml_stream *s = ud;
    dvk_xml_fail(s, DVK_SYNTAX, 0, 0,
                 _("%s: the XML declares a DOCTYPE, which a workbook never has: refused"),
                 s->member);
}

static void XMLCALL refuse_entity(void *ud, const XML_Char *name, int is_param,
                                  const XML_Char *value, int value_length,
                                  const XML_Char *base, const XML_Char *sysid,
                                  const XML_Char *pubid, const XML_Char *notation)
{
    dvk_xml_stream *s = ud;
    dvk_xml_fail(s, DVK_SYNTAX, 0, 0, _("%s: the XML declares an entity: refused"),
                 s->member);
}

int dvk_xml_open(dvk_xml_stream *s, zip_t *z, const char *member, void *user,
                 const char *missing, dvk_error *err)
{
    memset(s, 0, sizeof *s);
    s->member = member;
    s->user = user;
    zip_stat_t st;
    zip_int64_t index = zip_name_locate(z, member, 0);
    if (index < 0 || zip_stat_index(z, (zip_uint64_t)index, 0, &st) != 0) {
        if (!missing)
            return DVK_DONE;
        return dvk_error_set(err, DVK_SYNTAX, 0, 0, "%s", missing);
    }
    s->compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    unsigned long long declared = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    if (declared > DVK_BOOK_MAX_MEMBER
        || (declared > DVK_ZIP_RATIO_FLOOR
            && declared / (s->compressed ? s->compressed : 1) > DVK_ZIP_MAX_RATIO))
        return dvk_error_set(err, DVK_LIMIT, 0, 0,
                             _("%s: %llu bytes packed into %llu: refused as a zip bomb"),
                             member, declared, s->compressed);
    s->file = zip_fopen_index(z, (zip_uint64_t)index, 0);
    if (!s->file) {
        int code = zip_error_code_zip(zip_get_error(z));
        if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
            return dvk_error_set(err, DVK_USAGE, 0, 0,
                                 _("%s: the workbook is encrypted; save it without a password"),
                                 member);
        return dvk_error_set(err, DVK_SYNTAX, 0, 0, _("%s: cannot be read: %s"), member,
                             zip_strerror(z));
    }
    s->parser = XML_ParserCreateNS(NULL, '|');
    if (!s->parser) {
        dvk_xml_close(s);
        return dvk_error_nomem(err);
    }
    XML_SetUserData(s->parser, s);
    XML_SetParamEntityParsing(s->parser, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetStartDoctypeDeclHandler(s->parser, refuse_doctype);
    XML_SetEntityDeclHandler(s->parser, refuse_entity);
    return DVK_OK;
}

void dvk_xml_close(dvk_xml_stream *s)
{
    if (s->parser)
        XML_ParserFree(s->parser);
    if (s->file)
        zip_fclose(s->file);
    s->parser = NULL;
    s->file = NULL;
}

static int read_block(dvk_xml_stream *s, dvk_error *err, enum XML_Status *st)
{
    void *buf = XML_GetBuffer(s->parser, BLOCK);
    if (!buf)
        return dvk_error_nomem(err);
    zip_int64_t n = zip_fread(s->file, buf, BLOCK);
    if (n < 0)
        return dvk_error_set(err, DVK_SYNTAX, 0, 0, _("%s: damaged: %s"), s->member,
                             zip_file_strerror(s->file));
    s->inflated += (unsigned long long)n;
    if (s->inflated > DVK_BOOK_MAX_MEMBER
        || (s->inflated > DVK_ZIP_RATIO_FLOOR
            && s->inflated / (s->compressed ? s->compressed : 1) > DVK_ZIP_MAX_RATIO))
        return dvk_error_set(err, DVK_LIMIT, 0, 0,
                             _("%s: more than %llu bytes inflated from %llu: refused as a zip bomb"),
                             s->member, s->inflated, s->compressed);
    s->finished = n == 0;
    *st = XML_ParseBuffer(s->parser, (int)n, s->finished);
    return DVK_OK;
}

int dvk_xml_pump(dvk_xml_stream *s, dvk_error *err)
{
    for (;;) {
        enum XML_Status st = XML_STATUS_OK;
        if (s->status)
            return dvk_error_set(err, s->status, s->failure.line, s->failure.column, "%s",
                                 s->failure.message);
        if (s->stopped)
            return DVK_DONE;
        if (s->suspended) {
            s->suspended = 0;
            st = XML_ResumeParser(s->parser);
        } else {
            if (s->finished)
                return DVK_DONE;
            int rc = read_block(s, err, &st);
            if (rc)
                return rc;
        }
        if (st == XML_STATUS_SUSPENDED) {
            s->suspended = 1;
            return DVK_ROW;
        }
        if (st == XML_STATUS_ERROR) {
            if (s->status || s->stopped)
                continue;
            return dvk_error_set(err, DVK_SYNTAX, 0, 0, _("%s: bad XML at line %lu: %s"),
                                 s->member,
                                 (unsigned long)XML_GetCurrentLineNumber(s->parser),
                                 XML_ErrorString(XML_GetErrorCode(s->parser)));
        }
    }
}

void dvk_xml_pause(dvk_xml_stream *s)
{
    XML_StopParser(s->parser, XML_TRUE);
}

void dvk_xml_stop(dvk_xml_stream *s)
{
    s->stopped = 1;
    XML_StopParser(s->parser, XML_FALSE);
}

void dvk_xml_fail(dvk_xml_stream *s, int status, long line, long column,
                  const char *fmt, ...)
{
    if (s->status)
        return;
    va_list ap;
    va_start(ap, fmt);
    s->status = status;
    s->failure.line = line;
    s->failure.column = column;
    vsnprintf(s->failure.message, sizeof s->failure.message, fmt, ap);
    va_end(ap);
    XML_StopParser(s->parser, XML_FALSE);
}

void dvk_xml_nomem(dvk_xml_stream *s)
{
    dvk_xml_fail(s, DVK_NOMEM, 0, 0, "%s", _("out of memory"));
}

const char *dvk_xml_local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

const char *dvk_xml_attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(dvk_xml_local(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}
