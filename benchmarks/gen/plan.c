/* gen/plan.c — decides every story before any text is made: groups (a syndicated original
 * with its copies and same-event reports, or a singleton), kinds, outlets, times and seeds;
 * then puts them in output order. */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "frame.h"

#define MINUTES_PER_DAY     1440
#define MINUTES_PER_HOUR    60
#define P_WIRE_ORIGIN       0.85 /* syndicated originals from a wire agency, else from a paper */
#define SAME_EVENT_MAX      3    /* independent reports attached to one syndicated event, 1..3 */
#define SAME_EVENT_MEAN     2.0  /* ... so 2 on average */
#define SAME_EVENT_SPREAD_H 12   /* they appear within this many hours of the original */
#define DISTINCT_TRIES      8    /* attempts at an outlet not yet in the cluster */
#define TEMPLATE_COPIES_MAX 2    /* a copied fill is carried by 1..2 other outlets */
#define BRIEF_COPIES_MAX    3    /* a copied brief by 1..3 */
#define P_BRIEF_VERBATIM    0.5  /* copies of briefs: verbatim, else copy-edited */
#define FILL_JITTER_MIN     30   /* fills appear within half an hour of the frame's hour */
#define UPDATE_DELAY_MIN_H  1    /* updates follow their story by 1..12 hours */
#define UPDATE_DELAY_MAX_H  12
#define GIANT_COPIES_MAX    10000 /* the scale: one wire story carried 10,000 times */
#define FILLS_PER_FRAME_DAY 1.0   /* a formula series runs about once a day */

const char *const KIND_NAME[K_COUNT] = {"original",  "verbatim", "truncated",  "new-intro",
                                        "copy-edit", "partial",  "same-event", "singleton",
                                        "update"};
const char *const GENRE_NAME[G_COUNT] = {"news", "template", "brief", "giant"};

/* Outlets that own something: frames (k < FRAMES_LIMIT each) or a brief column. */
struct owned {
    uint16_t outlet;
    uint8_t k;
};

struct owners {
    struct owned *o;
    uint32_t n;
};

/* Copies per original: P(k) proportional to k^-alpha on 1..max. */
struct copy_law {
    double *cdf;
    uint32_t max;
    double mean;
};

struct planner {
    struct plan *p;
    const struct config *cfg;
    const struct outlet_pool *pool;
    rng_t r;
    struct copy_law law;
    double p_cluster;    /* odds that a new group is a syndication cluster */
    double p_same_event; /* odds that a cluster's event also gets independent reports */
    double w_template, w_brief, w_news; /* weights of the kinds of group */
    struct owners frames[SC_COUNT], briefers[SC_COUNT];
    double mix_total;
    uint32_t cluster, event;
    uint32_t *used; /* outlets already in the current group */
    uint32_t nused;
};

static void law_init(struct copy_law *l, uint32_t max, double alpha)
{
    l->cdf = xmalloc(max * sizeof *l->cdf);
    l->max = max;
    double sum = 0, weighted = 0;
    for (uint32_t k = 1; k <= max; k++) {
        double w = pow(k, -alpha);
        sum += w;
        weighted += k * w;
        l->cdf[k - 1] = sum;
    }
    l->mean = weighted / sum;
}

static uint32_t law_draw(const struct copy_law *l, rng_t *r)
{
    double u = rng_unit(r) * l->cdf[l->max - 1];
    uint32_t lo = 0, hi = l->max - 1;
    while (lo < hi) { /* first k with cdf > u */
        uint32_t mid = lo + (hi - lo) / 2;
        if (l->cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo + 1;
}

/* Group odds that meet the requested shares in expectation. With E[k] copies per original and
 * E[m] same-event reports per attached event, a cluster group holds 1 + E[k] clustered stories
 * and q E[m] same-event ones; singletons fill the rest. */
static void set_odds(struct planner *pl)
{
    const struct config *c = pl->cfg;
    double ek = pl->law.mean, per_cluster = 1 + ek;
    double q = c->cluster_share > 0
                   ? c->same_event * per_cluster / (c->cluster_share * SAME_EVENT_MEAN)
                   : 0;
    pl->p_same_event = q > 1 ? 1 : q;
    if (q > 1) /* every clustered event already gets its reports: say so rather than fall short
                  silently */
        fprintf(stderr,
                "gen_corpus: note: --same-event %g is more than these cluster settings allow; "
                "expect about %.3f\n",
                c->same_event, c->same_event / q);
    double group = per_cluster + pl->p_same_event * SAME_EVENT_MEAN; /* stories per cluster group */
    double denom = per_cluster - c->cluster_share * (group - 1);
    pl->p_cluster = denom > c->cluster_share ? c->cluster_share / denom : 1;
}

/* Stories of a template group on average: the fill and its copies. */
static double template_group(const struct config *c)
{
    return 1 + c->template_copy * (1 + TEMPLATE_COPIES_MAX) / 2.0;
}

/* Weights of template, brief and news groups: each kind's share of stories over the stories
 * one of its groups holds on average (copies are drawn uniformly from 1..max). */
static void set_group_weights(struct planner *pl, double giant)
{
    const struct config *c = pl->cfg;
    double news_group = pl->p_cluster * (1 + pl->law.mean + pl->p_same_event * SAME_EVENT_MEAN) +
                        (1 - pl->p_cluster) + c->update_share;
    double news = 1 - c->template_share - c->brief_share - giant;
    pl->w_template = c->template_share / template_group(c);
    pl->w_brief = c->brief_share / (1 + c->brief_copy * (1 + BRIEF_COPIES_MAX) / 2.0);
    pl->w_news = (news > 0 ? news : 0) / news_group;
}

static bool used(const struct planner *pl, uint32_t o)
{
    for (uint32_t i = 0; i < pl->nused; i++)
        if (pl->used[i] == o)
            return true;
    return false;
}

/* An outlet in [lo, hi), preferably one not yet in this group. */
static uint16_t pick_outlet(struct planner *pl, uint32_t lo, uint32_t hi)
{
    uint32_t o = rng_range(&pl->r, lo, hi - 1);
    for (int t = 0; t < DISTINCT_TRIES && used(pl, o); t++)
        o = rng_range(&pl->r, lo, hi - 1);
    pl->used[pl->nused++] = o;
    return (uint16_t)o;
}

static struct spec *push(struct planner *pl, enum kind kind, uint16_t outlet, int64_t minute,
                         uint64_t event_seed)
{
    struct plan *p = pl->p;
    struct spec *s = &p->s[p->n];
    *s = (struct spec){.seed = rng_next(&pl->r),
                       .event_seed = event_seed,
                       .minute = minute,
                       .idx = (uint32_t)p->n,
                       .orig = (uint32_t)p->n,
                       .cluster = pl->cluster,
                       .event = pl->event,
                       .outlet = outlet,
                       .kind = (uint8_t)kind};
    p->n++;
    const struct config *c = pl->cfg;
    if (rng_chance(&pl->r, c->page_share))
        s->flags |= FL_PAGE;
    else if (rng_chance(&pl->r, c->footer_share))
        s->flags |= FL_FOOTER;
    return s;
}

static enum kind draw_copy_kind(struct planner *pl)
{
    double u = rng_unit(&pl->r) * pl->mix_total;
    for (int k = 0; k < COPY_KINDS - 1; k++) {
        if (u < pl->cfg->mix[k])
            return (enum kind)(K_FIRST_COPY + k);
        u -= pl->cfg->mix[k];
    }
    return (enum kind)(K_FIRST_COPY + COPY_KINDS - 1);
}

/* Log-uniform between the configured bounds: as many copies within hours as within days. */
static int64_t draw_delay(struct planner *pl)
{
    double h = exp(rng_uniform(&pl->r, log(pl->cfg->delay_min), log(pl->cfg->delay_max)));
    int64_t m = (int64_t)(h * MINUTES_PER_HOUR);
    return m < 1 ? 1 : m; /* always strictly later than the original */
}

/* A copy of the story at orig_idx by outlet o, published some hours later. */
static struct spec *push_copy(struct planner *pl, uint32_t orig_idx, uint16_t o, enum kind kind)
{
    const struct config *c = pl->cfg;
    int64_t delay = draw_delay(pl);
    const struct spec *orig = &pl->p->s[orig_idx];
    struct spec *s = push(pl, kind, o, orig->minute + delay, orig->event_seed);
    s->orig = orig_idx;
    s->genre = orig->genre;
    s->frame = orig->frame;
    if (rng_chance(&pl->r, c->credit_share))
        s->flags |= FL_CREDIT;
    if (rng_chance(&pl->r, c->retitle_share))
        s->flags |= FL_RETITLE;
    return s;
}

static bool full(const struct planner *pl)
{
    return pl->p->n >= pl->cfg->stories;
}

/* Independent reports of the original's event by other outlets: same names and numbers,
 * their own words, their own clusters. */
static void add_same_event(struct planner *pl, const struct spec *orig, enum script sc)
{
    const struct outlet_pool *pool = pl->pool;
    unsigned m = rng_range(&pl->r, 1, SAME_EVENT_MAX);
    for (unsigned i = 0; i < m && !full(pl); i++) {
        int64_t shift = (int64_t)rng_range(&pl->r, 0, 2 * SAME_EVENT_SPREAD_H * MINUTES_PER_HOUR) -
                        SAME_EVENT_SPREAD_H * MINUTES_PER_HOUR;
        uint16_t o = pick_outlet(pl, pool->wire_lo[sc], pool->paper_hi[sc]);
        pl->cluster++;
        push(pl, K_SAME_EVENT, o, orig->minute + shift, orig->event_seed);
    }
}

/* Sometimes a later version of the story by its own outlet, in its cluster. */
static void maybe_update(struct planner *pl, uint32_t orig_idx)
{
    if (pl->cfg->update_share <= 0 || full(pl) || !rng_chance(&pl->r, pl->cfg->update_share))
        return;
    uint32_t h = rng_range(&pl->r, UPDATE_DELAY_MIN_H * MINUTES_PER_HOUR,
                           UPDATE_DELAY_MAX_H * MINUTES_PER_HOUR);
    const struct spec *orig = &pl->p->s[orig_idx];
    struct spec *s = push(pl, K_UPDATE, orig->outlet, orig->minute + h, orig->event_seed);
    s->orig = orig_idx;
}

static void add_cluster(struct planner *pl, uint64_t event_seed, enum script sc, int64_t minute)
{
    const struct outlet_pool *pool = pl->pool;
    pl->nused = 0;
    bool wire = rng_chance(&pl->r, P_WIRE_ORIGIN);
    uint16_t o = pick_outlet(pl, wire ? pool->wire_lo[sc] : pool->wire_hi[sc],
                             wire ? pool->wire_hi[sc] : pool->paper_hi[sc]);
    uint32_t orig_idx = push(pl, K_ORIGINAL, o, minute, event_seed)->idx;
    maybe_update(pl, orig_idx);
    uint32_t k = law_draw(&pl->law, &pl->r);
    for (uint32_t j = 0; j < k && !full(pl); j++) {
        o = pick_outlet(pl, pool->wire_hi[sc], pool->paper_hi[sc]);
        push_copy(pl, orig_idx, o, draw_copy_kind(pl));
    }
    if (!full(pl) && rng_chance(&pl->r, pl->p_same_event))
        add_same_event(pl, &pl->p->s[orig_idx], sc);
}

static enum script draw_script(struct planner *pl)
{
    if (!rng_chance(&pl->r, pl->cfg->non_latin))
        return SC_LATIN;
    return (enum script)rng_range(&pl->r, SC_LATIN + 1, SC_COUNT - 1);
}

/* Outlets of [lo, hi) that own frames (1..`per` each) or a brief column, each at odds
 * `share`; at least one, so every script has some. */
static void choose_owners(struct planner *pl, struct owners *w, uint32_t lo, uint32_t hi,
                          double share, unsigned per)
{
    w->o = xmalloc((hi - lo) * per * sizeof *w->o);
    w->n = 0;
    for (uint32_t o = lo; o < hi; o++) {
        if (!rng_chance(&pl->r, share) && !(o + 1 == hi && w->n == 0))
            continue;
        unsigned k = rng_range(&pl->r, 1, per);
        for (unsigned i = 0; i < k; i++)
            w->o[w->n++] = (struct owned){(uint16_t)o, (uint8_t)i};
    }
}

/* Most frames an owner of script sc may have (drawn uniformly from 1..that): enough for the
 * script's fills to come about once a day per frame over the corpus's days. */
static unsigned frames_per_owner(const struct planner *pl, enum script sc)
{
    const struct config *c = pl->cfg;
    const struct outlet_pool *pool = pl->pool;
    double script = sc == SC_LATIN ? 1 - c->non_latin : c->non_latin / (SC_COUNT - 1);
    double fills = (double)c->stories * c->template_share / template_group(c) * script;
    double frames = fills / ((double)c->days * FILLS_PER_FRAME_DAY);
    double owners = c->template_outlets * (pool->paper_hi[sc] - pool->wire_lo[sc]);
    double most = 2 * frames / (owners > 1 ? owners : 1) - 1; /* uniform 1..most: mean frames */
    return most <= FRAMES_MIN_MAX ? FRAMES_MIN_MAX : most >= FRAMES_LIMIT ? FRAMES_LIMIT
                                                                           : (unsigned)most;
}

static void choose_all_owners(struct planner *pl)
{
    const struct outlet_pool *pool = pl->pool;
    const struct config *c = pl->cfg;
    for (int sc = 0; sc < SC_COUNT; sc++) {
        if (c->template_share > 0)
            choose_owners(pl, &pl->frames[sc], pool->wire_lo[sc], pool->paper_hi[sc],
                          c->template_outlets, frames_per_owner(pl, (enum script)sc));
        if (c->brief_share > 0)
            choose_owners(pl, &pl->briefers[sc], pool->wire_hi[sc], pool->paper_hi[sc],
                          c->brief_outlets, 1);
    }
}

/* A template fill, published on the event's day at the frame's hour, maybe copied verbatim. */
static void add_template(struct planner *pl, uint64_t event_seed, enum script sc, int64_t minute)
{
    const struct owners *w = &pl->frames[sc];
    struct owned f = w->o[rng_below(&pl->r, w->n)];
    unsigned hour = frame_hour(frame_seed(pl->cfg->seed, f.outlet, f.k));
    int64_t day = minute / MINUTES_PER_DAY; /* minutes are after 1970: no rounding below 0 */
    minute = day * MINUTES_PER_DAY + hour * MINUTES_PER_HOUR + rng_below(&pl->r, FILL_JITTER_MIN);
    pl->nused = 0;
    pl->used[pl->nused++] = f.outlet;
    struct spec *s = push(pl, K_ORIGINAL, f.outlet, minute, event_seed);
    s->genre = G_TEMPLATE;
    s->frame = f.k;
    uint32_t fill = s->idx;
    if (!rng_chance(&pl->r, pl->cfg->template_copy))
        return;
    unsigned k = rng_range(&pl->r, 1, TEMPLATE_COPIES_MAX);
    for (unsigned j = 0; j < k && !full(pl); j++)
        push_copy(pl, fill, pick_outlet(pl, pl->pool->wire_hi[sc], pl->pool->paper_hi[sc]),
                  K_VERBATIM);
}

/* A brief of an outlet that runs them, sometimes copied (verbatim or copy-edited) by others. */
static void add_brief(struct planner *pl, uint64_t event_seed, enum script sc, int64_t minute)
{
    const struct owners *w = &pl->briefers[sc];
    uint16_t o = w->o[rng_below(&pl->r, w->n)].outlet;
    pl->nused = 0;
    pl->used[pl->nused++] = o;
    struct spec *s = push(pl, K_ORIGINAL, o, minute, event_seed);
    s->genre = G_BRIEF;
    uint32_t brief = s->idx;
    if (!rng_chance(&pl->r, pl->cfg->brief_copy))
        return;
    unsigned k = rng_range(&pl->r, 1, BRIEF_COPIES_MAX);
    for (unsigned j = 0; j < k && !full(pl); j++) {
        o = pick_outlet(pl, pl->pool->wire_hi[sc], pl->pool->paper_hi[sc]);
        push_copy(pl, brief, o, rng_chance(&pl->r, P_BRIEF_VERBATIM) ? K_VERBATIM : K_COPY_EDIT);
    }
}

static void add_news(struct planner *pl, uint64_t event_seed, enum script sc, int64_t minute)
{
    if (rng_chance(&pl->r, pl->p_cluster)) {
        add_cluster(pl, event_seed, sc, minute);
        return;
    }
    pl->nused = 0;
    uint16_t o = pick_outlet(pl, pl->pool->wire_lo[sc], pl->pool->paper_hi[sc]);
    maybe_update(pl, push(pl, K_SINGLETON, o, minute, event_seed)->idx);
}

/* The one English wire story carried n times; its copies go round the papers, so outlets
 * repeat only when n is more than there are papers. */
static void add_giant(struct planner *pl, uint32_t n, int64_t minute)
{
    const struct outlet_pool *pool = pl->pool;
    pl->event++;
    pl->cluster++;
    uint64_t event_seed = rng_next(&pl->r);
    uint16_t o = (uint16_t)rng_range(&pl->r, pool->wire_lo[SC_LATIN], pool->wire_hi[SC_LATIN] - 1);
    struct spec *s = push(pl, K_ORIGINAL, o, minute, event_seed);
    s->genre = G_GIANT;
    uint32_t orig = s->idx, papers = pool->paper_hi[SC_LATIN] - pool->wire_hi[SC_LATIN];
    uint32_t first = rng_below(&pl->r, papers);
    for (uint32_t j = 0; j < n && !full(pl); j++) {
        o = (uint16_t)(pool->wire_hi[SC_LATIN] + (first + j) % papers);
        push_copy(pl, orig, o, draw_copy_kind(pl));
    }
}

typedef void (*group_fn)(struct planner *, uint64_t, enum script, int64_t);

static group_fn draw_group(struct planner *pl)
{
    if (pl->w_template + pl->w_brief <= 0) /* no draw: corpora without them stay as they were */
        return add_news;
    double u = rng_unit(&pl->r) * (pl->w_template + pl->w_brief + pl->w_news);
    return u < pl->w_template ? add_template : u < pl->w_template + pl->w_brief ? add_brief
                                                                                : add_news;
}

static uint32_t giant_copies(const struct config *c)
{
    double n = round(c->giant_share * (double)c->stories);
    return n < GIANT_COPIES_MAX ? (uint32_t)n : GIANT_COPIES_MAX;
}

static void planner_free(struct planner *pl)
{
    free(pl->law.cdf);
    free(pl->used);
    for (int sc = 0; sc < SC_COUNT; sc++) {
        free(pl->frames[sc].o);
        free(pl->briefers[sc].o);
    }
}

void plan_build(struct plan *p, const struct config *cfg, const struct outlet_pool *pool)
{
    *p = (struct plan){.s = xmalloc(cfg->stories * sizeof *p->s)};
    struct planner pl = {.p = p, .cfg = cfg, .pool = pool};
    rng_seed(&pl.r, seed_derive(cfg->seed, LABEL_PLAN));
    law_init(&pl.law, (uint32_t)cfg->max_copies, cfg->copies_alpha);
    set_odds(&pl);
    uint32_t giant = giant_copies(cfg);
    set_group_weights(&pl, giant ? (giant + 1.0) / (double)cfg->stories : 0);
    for (int k = 0; k < COPY_KINDS; k++)
        pl.mix_total += cfg->mix[k];
    /* A group holds at most the original, its copies, an update and its same-event reports. */
    uint64_t most = cfg->max_copies > BRIEF_COPIES_MAX ? cfg->max_copies : BRIEF_COPIES_MAX;
    pl.used = xmalloc((most + SAME_EVENT_MAX + 1) * sizeof *pl.used);
    choose_all_owners(&pl);
    int64_t first = cfg->start_day * MINUTES_PER_DAY;
    uint32_t span = (uint32_t)(cfg->days * MINUTES_PER_DAY);
    if (giant)
        add_giant(&pl, giant, first + rng_below(&pl.r, span));
    while (!full(&pl)) {
        uint64_t event_seed = rng_next(&pl.r);
        enum script sc = draw_script(&pl);
        int64_t minute = first + rng_below(&pl.r, span);
        pl.event++;
        pl.cluster++;
        draw_group(&pl)(&pl, event_seed, sc, minute);
    }
    planner_free(&pl);
}

static int by_time(const void *a, const void *b)
{
    const struct spec *x = a, *y = b;
    if (x->minute != y->minute)
        return x->minute < y->minute ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx; /* ties: planning order */
}

void plan_order(struct plan *p, enum order order, uint64_t seed)
{
    if (order == ORDER_TIME) {
        qsort(p->s, p->n, sizeof *p->s, by_time);
    } else if (order == ORDER_SHUFFLE) {
        rng_t r;
        rng_seed(&r, seed_derive(seed, LABEL_ORDER));
        for (size_t i = p->n; i > 1; i--) { /* Fisher-Yates */
            size_t j = rng_below(&r, (uint32_t)i);
            struct spec t = p->s[i - 1];
            p->s[i - 1] = p->s[j];
            p->s[j] = t;
        }
    }
    p->pos = xmalloc(p->n * sizeof *p->pos);
    for (size_t i = 0; i < p->n; i++)
        p->pos[p->s[i].idx] = (uint32_t)i;
}

void plan_free(struct plan *p)
{
    free(p->s);
    free(p->pos);
    *p = (struct plan){0};
}
