/* gen/record.h — turns each planned story into text and writes it: one JSON Lines record (a
 * `text` body or a whole `page` dump) and one line of the truth file. */
#ifndef GEN_RECORD_H
#define GEN_RECORD_H

#include <stdio.h>

#include "frame.h"
#include "plan.h"

/* A buffered output file ("-" is standard output). */
struct out {
    FILE *f;
    const char *path;
    struct buf b;
    uint64_t bytes; /* written so far */
};

/* Everything needed to write stories, with scratch space reused from story to story. */
struct writer {
    const struct config *cfg;
    const struct lexicon *lx; /* SC_COUNT lexicons */
    const struct outlet_pool *pool;
    const struct plan *plan;
    struct doc orig, work, title;
    struct event ev, local;
    struct frame frame;
    struct buf title_text, url, credit, payload, scratch;
    struct out json, truth;
};

void writer_open(struct writer *w, const struct config *cfg, const struct lexicon *lx,
                 const struct outlet_pool *pool, const struct plan *plan);
/* Writes the story at output position pos. */
void writer_story(struct writer *w, size_t pos);
/* Flushes and closes both files; dies on a write error. */
void writer_close(struct writer *w);

#endif
