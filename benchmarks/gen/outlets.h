/* gen/outlets.h — the pool of outlets (wire agencies, papers, aggregators) for every script,
 * each with the boilerplate its pages share: footer lines, widget labels, related-story rails. */
#ifndef GEN_OUTLETS_H
#define GEN_OUTLETS_H

#include "doc.h"

enum outlet_kind { OUT_WIRE, OUT_PAPER, OUT_AGGREGATOR, OUT_KIND_COUNT };
extern const char *const OUTLET_KIND_NAME[OUT_KIND_COUNT];

#define FOOTER_MAX        4
#define RAIL_SECTIONS_MAX 3
#define RAIL_POOL         32 /* headlines an outlet's rails rotate through */

struct outlet {
    const char *name;
    const char *tag;  /* a wire's name in datelines: "AP" in "WASHINGTON (AP) —" */
    const char *dash; /* what follows the dateline: " — " or " - " */
    const char *domain;
    enum outlet_kind kind;
    enum script sc;
    bool name_twice; /* the page dateline repeats the name, as the seed page does */
    const char *footer[FOOTER_MAX];
    unsigned nfooter;
    const char *heading[RAIL_SECTIONS_MAX]; /* rail headings; section 0 is shown without one */
    unsigned nheading;
    const char *comment, *no_data, *no_video, *photo,
        *ago; /* widget labels; no_video may be NULL */
    const char *rail[RAIL_POOL];
    uint32_t rail_src[RAIL_POOL]; /* outlet of each rail headline */
    /* The paragraph that ends the outlet's briefs: a subscription appeal, comment policy,
     * copyright or wire-material note, as extractors leave it in the body. */
    const char *furniture;
    unsigned furniture_words;
};

/* Outlets of script sc are wires [wire_lo, wire_hi) then papers and aggregators up to paper_hi. */
struct outlet_pool {
    struct outlet *o;
    uint32_t n;
    uint32_t wire_lo[SC_COUNT], wire_hi[SC_COUNT], paper_hi[SC_COUNT];
    struct arena arena;
};

/* `papers` non-wire outlets for Latin, an eighth of that (at least 6) for each other script. */
void outlets_build(struct outlet_pool *p, const struct lexicon lx[SC_COUNT], uint32_t papers,
                   uint64_t seed);
void outlets_free(struct outlet_pool *p);

#endif
