/* gen/record.c — builds each story's body (an original, or a copy derived from its
 * regenerated original), title, URL and credit; lays it out as a text body or a page dump in
 * the seed page's format; writes escaped JSON and the truth line through large buffers. */
#include "record.h"

#include <errno.h>
#include <stdlib.h>

#define OUT_FLUSH_BYTES   ((size_t)1 << 22) /* 4 MiB: few, large writes */
#define WORDS_SPREAD      0.4               /* article lengths: mean_words x [0.6, 1.4] */
#define P_CREDIT_URL      0.5 /* credit lines naming the original's URL, else its outlet */
#define P_CAPTION         0.4 /* pages with a photo caption after the second paragraph */
#define P_NO_COMMENTS     0.5
#define COMMENTS_MAX      40
#define RAIL_ITEMS_MIN    3 /* items per rail section: 3..5, varying by day */
#define RAIL_ITEMS_SPREAD 3
#define RAIL_DAILY_STEP   5  /* rails rotate by 5 headlines a day: neighbouring days overlap */
#define RAIL_SECTION_STEP 11 /* and sections start apart in the outlet's headline pool */
#define RAIL_DATE_BACK    7  /* dated rail items are 1..7 days old */
#define HOURS_AGO_MAX     23
#define URL_SLUG_WORDS    8
#define ID_DIGITS         9 /* ids look like g/000001234 */
#define DATELINE_BYTES    512
#define MINUTES_PER_DAY   1440
#define MINUTES_PER_HOUR  60
#define BRIEF_SPREAD      0.3 /* briefs run 0.7-1.3 times their furniture paragraph */
#define COUNT(a)          (sizeof(a) / sizeof((a)[0]))

static const char *const SECTIONS[] = {"world", "politics", "business", "tech",
                                       "sport", "society",  "science",  "health"};

/* ---- output ---------------------------------------------------------------------------- */

static void out_open(struct out *o, const char *path)
{
    o->path = path;
    o->f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!o->f)
        die("cannot open %s for writing: %s", path, strerror(errno));
    buf_reserve(&o->b, 2 * OUT_FLUSH_BYTES);
}

static void out_flush(struct out *o)
{
    if (o->b.len && fwrite(o->b.p, 1, o->b.len, o->f) != o->b.len)
        die("cannot write %s: %s", o->path, strerror(errno));
    o->bytes += o->b.len;
    o->b.len = 0;
}

static void out_close(struct out *o)
{
    out_flush(o);
    int bad = o->f == stdout ? fflush(o->f) : fclose(o->f);
    if (bad)
        die("cannot write %s: %s", o->path, strerror(errno));
    buf_free(&o->b);
}

/* A JSON string: quotes, backslashes and control characters escaped; UTF-8 passes through. */
static void json_str(struct buf *b, const char *s, size_t n)
{
    static const char HEX[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t run = 0; /* start of the pending stretch that needs no escaping */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': buf_put(b, "\\\"", 2); break;
        case '\\': buf_put(b, "\\\\", 2); break;
        case '\n': buf_put(b, "\\n", 2); break;
        case '\t': buf_put(b, "\\t", 2); break;
        case '\r': buf_put(b, "\\r", 2); break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 15]};
            buf_put(b, u, sizeof u);
        }
        }
    }
    buf_put(b, s + run, n - run);
    buf_putc(b, '"');
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a / b - (a % b < 0);
}

static void put_date_dmy(struct buf *b, int64_t day)
{
    int64_t y;
    unsigned m, d;
    civil_from_days(day, &y, &m, &d);
    buf_putu(b, d, 2);
    buf_putc(b, '/');
    buf_putu(b, m, 2);
    buf_putc(b, '/');
    buf_putu(b, (uint64_t)y, 4);
}

/* ISO 8601 in UTC: 2025-03-04T09:15:00Z. */
static void put_iso(struct buf *b, int64_t minute)
{
    int64_t day = floor_div(minute, MINUTES_PER_DAY), y;
    unsigned m, d, in_day = (unsigned)(minute - day * MINUTES_PER_DAY);
    civil_from_days(day, &y, &m, &d);
    buf_putu(b, (uint64_t)y, 4);
    buf_putc(b, '-');
    buf_putu(b, m, 2);
    buf_putc(b, '-');
    buf_putu(b, d, 2);
    buf_putc(b, 'T');
    buf_putu(b, in_day / MINUTES_PER_HOUR, 2);
    buf_putc(b, ':');
    buf_putu(b, in_day % MINUTES_PER_HOUR, 2);
    buf_puts(b, ":00Z");
}

static void put_id(struct buf *b, size_t pos)
{
    buf_puts(b, "g/");
    buf_putu(b, pos, ID_DIGITS);
}

/* ---- story parts ----------------------------------------------------------------------- */

static unsigned story_words(const struct config *c, rng_t *r)
{
    return (unsigned)((double)c->mean_words * rng_uniform(r, 1 - WORDS_SPREAD, 1 + WORDS_SPREAD));
}

/* The event's original wording: the same for the original and for every copy made from it. */
static void original_story(const struct config *c, struct doc *d, const struct voice *v,
                           uint64_t event_seed, bool wire)
{
    rng_t r;
    rng_seed(&r, seed_derive(event_seed, LABEL_TEXT));
    struct voice own = {v->lx, v->ev, NULL, NULL};
    doc_story(d, &own, &r, story_words(c, &r));
    d->dateline_para = wire ? 0 : -1;
}

static const char *dateline_for(const struct event *ev, const struct outlet *o, char *dst)
{
    if (o->kind != OUT_WIRE)
        return NULL;
    snprintf(dst, DATELINE_BYTES, "%.*s (%s)%s", (int)ev->city_len, ev->city, o->tag, o->dash);
    return dst;
}

static bool is_copy(const struct spec *s)
{
    return s->kind >= K_FIRST_COPY && s->kind < K_FIRST_COPY + COPY_KINDS;
}

/* The frame a template fill (or a copy of one, from its origin o) is filled from. */
static void load_frame(struct writer *w, const struct spec *o, const struct lexicon *lx)
{
    const struct config *c = w->cfg;
    frame_make(&w->frame, lx, frame_seed(c->seed, o->outlet, o->frame), c->template_diff_min,
               c->template_diff_max);
}

/* A brief about as long as its outlet's furniture paragraph, in the event's words. */
static void brief_story(struct writer *w, struct doc *d, const struct voice *v,
                        const struct spec *o)
{
    rng_t r;
    rng_seed(&r, seed_derive(o->event_seed, LABEL_TEXT));
    struct voice own = {v->lx, v->ev, NULL, NULL};
    double words = w->pool->o[o->outlet].furniture_words *
                   rng_uniform(&r, 1 - BRIEF_SPREAD, 1 + BRIEF_SPREAD);
    doc_brief(d, &own, &r, (unsigned)words);
    d->dateline_para = -1;
}

/* The origin o's story as tokens: what its copies and updates are made from. */
static void source_story(struct writer *w, struct doc *d, const struct voice *v,
                         const struct spec *o)
{
    bool wire = w->pool->o[o->outlet].kind == OUT_WIRE;
    switch (o->genre) {
    case G_TEMPLATE:
        load_frame(w, o, v->lx);
        frame_story(d, &w->frame, v->lx);
        d->dateline_para = wire ? 0 : -1;
        break;
    case G_BRIEF: brief_story(w, d, v, o); break;
    default: original_story(w->cfg, d, v, o->event_seed, wire); break;
    }
}

/* An update: a number corrected in the event (so everywhere, the title too) and/or a
 * paragraph added. */
static void update_story(struct writer *w, struct event *ev, const struct voice *v, rng_t *r)
{
    const struct config *c = w->cfg;
    bool fix = rng_chance(r, c->update_fix);
    bool add = rng_chance(r, c->update_add) || !fix;
    if (fix)
        event_correct(ev, &w->orig, r);
    edit_update(&w->work, &w->orig, v, r, add);
}

/* The story's body as tokens; *dateline is set to the wire dateline it may open with. */
static const struct doc *build_body(struct writer *w, const struct spec *s, const struct spec *o,
                                    const struct voice *v, rng_t *r, const char **dateline,
                                    char *dl)
{
    const struct config *c = w->cfg;
    const struct outlet *own = &w->pool->o[s->outlet], *src = &w->pool->o[o->outlet];
    *dateline = dateline_for(v->ev, is_copy(s) ? src : own, dl);
    if (s->kind == K_ORIGINAL || s->kind == K_SINGLETON) {
        source_story(w, &w->work, v, s);
        return &w->work;
    }
    if (s->kind == K_SAME_EVENT) { /* the same facts in words of its own */
        struct voice plain = {v->lx, v->ev, NULL, NULL};
        doc_story(&w->work, &plain, r, story_words(c, r));
        w->work.dateline_para = own->kind == OUT_WIRE ? 0 : -1;
        return &w->work;
    }
    source_story(w, &w->orig, v, o);
    switch (s->kind) {
    case K_UPDATE: update_story(w, &w->ev, v, r); break;
    case K_VERBATIM: edit_verbatim(&w->work, &w->orig); break;
    case K_TRUNCATED: edit_truncate(&w->work, &w->orig, r, c->trunc_min, c->trunc_max); break;
    case K_NEW_INTRO: edit_new_intro(&w->work, &w->orig, v, r); break;
    case K_COPY_EDIT:
        edit_copy(&w->work, &w->orig, v, r, rng_uniform(r, c->edit_min, c->edit_max));
        break;
    default:
        edit_partial(&w->work, &w->orig, v, r, rng_uniform(r, c->keep_min, c->keep_max));
        break;
    }
    return &w->work;
}

/* The headline of story s (of its own when `own`, else its origin's): a template fill's is
 * its frame's, filled, after the kind's label in English. Needs the frame loaded. */
static void title_text(struct writer *w, const struct spec *s, const struct voice *v, bool own,
                       struct buf *out)
{
    struct voice plain = {v->lx, v->ev, NULL, NULL};
    out->len = 0;
    if (s->genre == G_TEMPLATE && !own) {
        frame_title(&w->title, &w->frame, v->lx);
        if (v->lx->sc == SC_LATIN) {
            buf_puts(out, w->frame.kind->label);
            buf_putc(out, ' ');
        }
    } else {
        rng_t r;
        rng_seed(&r, seed_derive(own ? s->seed : s->event_seed, LABEL_TITLE));
        doc_title(&w->title, &plain, &r);
    }
    doc_render_title(&w->title, &plain, out);
}

static bool ascii_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* https://www.<domain>/<section>/<slug>-<id>.html; the slug keeps ASCII words of the title. */
static void put_url(struct buf *b, const struct outlet *o, const struct spec *s, size_t pos,
                    const struct buf *title)
{
    buf_puts(b, "https://www.");
    buf_puts(b, o->domain);
    buf_putc(b, '/');
    buf_puts(b, SECTIONS[s->event_seed % COUNT(SECTIONS)]);
    buf_putc(b, '/');
    size_t start = b->len;
    unsigned words = 0;
    bool in_word = false;
    for (size_t i = 0; i < title->len; i++) {
        unsigned char c = (unsigned char)title->p[i];
        if (!ascii_alnum(c)) {
            in_word = false;
            continue;
        }
        if (!in_word && words++ == URL_SLUG_WORDS)
            break;
        if (!in_word && b->len > start)
            buf_putc(b, '-');
        in_word = true;
        buf_putc(b, (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c)); /* ASCII lower case */
    }
    if (b->len == start)
        buf_puts(b, "story");
    buf_putc(b, '-');
    buf_putu(b, pos, ID_DIGITS);
    buf_puts(b, ".html");
}

/* "Source: <outlet>" or "Source: <url of the original>". */
static void build_credit(struct writer *w, const struct spec *o, size_t opos, const struct voice *v,
                         rng_t *r)
{
    const struct outlet *src = &w->pool->o[o->outlet];
    w->credit.len = 0;
    buf_puts(&w->credit, "Source: ");
    if (!rng_chance(r, P_CREDIT_URL)) {
        buf_puts(&w->credit, src->name);
        return;
    }
    title_text(w, o, v, false, &w->scratch); /* the original's title: its URL's slug */
    put_url(&w->credit, src, o, opos, &w->scratch);
}

/* ---- layouts --------------------------------------------------------------------------- */

static void render_body(const struct doc *d, const struct voice *v, const char *dateline,
                        struct buf *out)
{
    for (size_t i = 0; i < d->npara; i++) {
        if (i)
            buf_puts(out, "\n\n");
        doc_render_para(d, i, v, dateline, out);
    }
}

/* A brief's last paragraph: its outlet's furniture, after `sep`. */
static void put_furniture(const struct spec *s, const struct outlet *o, const char *sep,
                          struct buf *out)
{
    if (s->genre != G_BRIEF)
        return;
    buf_puts(out, sep);
    buf_puts(out, o->furniture);
}

/* A `text` record: the extracted body, its credit line, and maybe the footer left behind. */
static void layout_text(struct writer *w, const struct spec *s, const struct doc *d,
                        const struct voice *v, const char *dateline)
{
    const struct outlet *o = &w->pool->o[s->outlet];
    struct buf *out = &w->payload;
    render_body(d, v, dateline, out);
    put_furniture(s, o, "\n\n", out);
    if (w->credit.len) {
        buf_puts(out, "\n\n");
        buf_put(out, w->credit.p, w->credit.len);
    }
    if (s->flags & FL_FOOTER) {
        buf_puts(out, "\n");
        for (unsigned i = 0; i < o->nfooter; i++) {
            buf_putc(out, '\n');
            buf_puts(out, o->footer[i]);
        }
    }
}

/* Related-story rails: every page of an outlet on a given day shows the same ones. */
static void render_rails(const struct outlet_pool *pool, const struct outlet *o, int64_t day,
                         struct buf *out)
{
    uint64_t uday = (uint64_t)day; /* --start is not before 1970 */
    for (unsigned sec = 0; sec < o->nheading; sec++) {
        if (sec) { /* the first section follows the widgets without a heading, as in the seed */
            buf_putc(out, '\n');
            buf_puts(out, o->heading[sec]);
            buf_puts(out, "\n\n");
        }
        unsigned items = RAIL_ITEMS_MIN + (unsigned)((uday + sec) % RAIL_ITEMS_SPREAD);
        for (unsigned it = 0; it < items; it++) {
            unsigned k =
                (unsigned)((uday * RAIL_DAILY_STEP + sec * RAIL_SECTION_STEP + it) % RAIL_POOL);
            const char *src = pool->o[o->rail_src[k]].name;
            /* headline, blank, headline, blank, outlet, outlet, date: the seed's rail item */
            for (int twice = 0; twice < 2; twice++) {
                buf_puts(out, o->rail[k]);
                buf_puts(out, "\n\n");
            }
            for (int twice = 0; twice < 2; twice++) {
                buf_puts(out, src);
                buf_putc(out, '\n');
            }
            if (sec == 0) {
                put_date_dmy(out, day - 1 - (int64_t)(k % RAIL_DATE_BACK));
            } else {
                buf_putu(out, (k * 7 + uday) % HOURS_AGO_MAX + 1, 1); /* 7: scatters the hours */
                buf_putc(out, ' ');
                buf_puts(out, o->ago);
            }
            buf_putc(out, '\n');
        }
    }
}

/* A `page` record, laid out like the seed dump: title, "OutletOutletDD/MM/YYYY", body
 * paragraphs (one photo caption), credit, widgets, rails, footer. */
static void layout_page(struct writer *w, const struct spec *s, const struct doc *d,
                        const struct voice *v, const char *dateline, rng_t *r)
{
    const struct outlet *o = &w->pool->o[s->outlet];
    struct buf *out = &w->payload;
    int64_t day = floor_div(s->minute, MINUTES_PER_DAY);
    bool caption = rng_chance(r, P_CAPTION);
    buf_put(out, w->title_text.p, w->title_text.len);
    buf_puts(out, "\n\n");
    buf_puts(out, o->name);
    if (o->name_twice)
        buf_puts(out, o->name);
    put_date_dmy(out, day);
    buf_puts(out, "\n\n");
    for (size_t i = 0; i < d->npara; i++) {
        doc_render_para(d, i, v, dateline, out);
        buf_puts(out,
                 i == 0 && o->name_twice ? "\n\n\n" : "\n\n"); /* seed-style blank after the lede */
        if (i == 1 && caption) {
            buf_put(out, w->title_text.p, w->title_text.len);
            buf_printf(out, " - %s 1.\n\n", o->photo);
        }
    }
    put_furniture(s, o, "", out);
    buf_puts(out, "\n\n");
    if (w->credit.len) {
        buf_put(out, w->credit.p, w->credit.len);
        buf_puts(out, "\n\n");
    }
    unsigned comments = rng_chance(r, P_NO_COMMENTS) ? 0 : rng_range(r, 1, COMMENTS_MAX);
    buf_printf(out, "%s (%u)\n\n%s\n%s\n", o->comment, comments, o->no_data, o->no_data);
    render_rails(w->pool, o, day, out);
    for (unsigned i = 0; i < o->nfooter; i++) {
        buf_puts(out, o->footer[i]);
        buf_putc(out, '\n');
    }
    if (o->no_video)
        buf_puts(out, o->no_video); /* the dump ends without a newline, as the seed does */
}

/* ---- records --------------------------------------------------------------------------- */

static void write_json(struct writer *w, const struct spec *s, size_t pos)
{
    const struct outlet *o = &w->pool->o[s->outlet];
    bool page = s->flags & FL_PAGE;
    struct buf *b = &w->json.b;
    buf_puts(b, "{\"id\":\"");
    put_id(b, pos);
    buf_puts(b, "\",\"url\":");
    json_str(b, w->url.p, w->url.len);
    buf_puts(b, ",\"outlet\":");
    json_str(b, o->name, strlen(o->name));
    buf_printf(b, ",\"outlet_kind\":\"%s\",\"published\":\"", OUTLET_KIND_NAME[o->kind]);
    put_iso(b, s->minute);
    buf_printf(b, "\",\"lang\":\"%s\"", SCRIPTS[o->sc].lang);
    if (!page) { /* a page carries its title in the dump */
        buf_puts(b, ",\"title\":");
        json_str(b, w->title_text.p, w->title_text.len);
    }
    buf_puts(b, page ? ",\"page\":" : ",\"text\":");
    json_str(b, w->payload.p, w->payload.len);
    buf_puts(b, "}\n");
    if (b->len >= OUT_FLUSH_BYTES)
        out_flush(&w->json);
}

static void write_truth(struct writer *w, const struct spec *s, size_t pos, size_t opos)
{
    struct buf *b = &w->truth.b;
    bool origin = s->kind == K_ORIGINAL || s->kind == K_SAME_EVENT || s->kind == K_SINGLETON;
    put_id(b, pos);
    buf_printf(b, "\t%u\t%d\t%s\t", s->cluster, origin, KIND_NAME[s->kind]);
    put_id(b, opos);
    buf_printf(b, "\t%u\t%d\t%s\t%s\n", s->event, (s->flags & FL_CREDIT) != 0,
               (s->flags & FL_PAGE) ? "page" : "text", GENRE_NAME[s->genre]);
    if (b->len >= OUT_FLUSH_BYTES)
        out_flush(&w->truth);
}

void writer_open(struct writer *w, const struct config *cfg, const struct lexicon *lx,
                 const struct outlet_pool *pool, const struct plan *plan)
{
    *w = (struct writer){.cfg = cfg, .lx = lx, .pool = pool, .plan = plan};
    out_open(&w->json, cfg->out);
    out_open(&w->truth, cfg->truth);
    buf_puts(&w->truth.b,
             "id\ttruth_cluster\tis_original\tkind\torigin_id\tevent\tcredited\tformat\tgenre\n");
}

void writer_story(struct writer *w, size_t pos)
{
    const struct plan *p = w->plan;
    const struct spec *s = &p->s[pos];
    size_t opos = p->pos[s->orig];
    const struct spec *o = &p->s[opos];
    const struct outlet *out = &w->pool->o[s->outlet];
    const struct lexicon *lx = &w->lx[out->sc];
    rng_t r;
    rng_seed(&r, s->seed);
    event_make(&w->ev, lx, s->event_seed);
    event_make(&w->local, lx, seed_derive(s->seed, LABEL_LOCAL));
    struct voice v = {lx, &w->ev, &w->local, NULL};
    const char *dateline;
    char dl[DATELINE_BYTES];
    const struct doc *d = build_body(w, s, o, &v, &r, &dateline, dl);
    bool own_title = (s->flags & FL_RETITLE) || s->kind == K_SAME_EVENT;
    title_text(w, s, &v, own_title, &w->title_text);
    w->url.len = 0;
    put_url(&w->url, out, s, pos, &w->title_text);
    w->credit.len = 0;
    if (s->flags & FL_CREDIT)
        build_credit(w, o, opos, &v, &r);
    w->payload.len = 0;
    if (s->flags & FL_PAGE)
        layout_page(w, s, d, &v, dateline, &r);
    else
        layout_text(w, s, d, &v, dateline);
    write_json(w, s, pos);
    write_truth(w, s, pos, opos);
}

void writer_close(struct writer *w)
{
    out_close(&w->json);
    out_close(&w->truth);
    doc_free(&w->orig);
    doc_free(&w->work);
    doc_free(&w->title);
    buf_free(&w->title_text);
    buf_free(&w->url);
    buf_free(&w->credit);
    buf_free(&w->payload);
    buf_free(&w->scratch);
}
