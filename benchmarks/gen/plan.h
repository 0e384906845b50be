/* gen/plan.h — the corpus plan: one small record per story saying what it is (kind, cluster,
 * event, outlet, time, seeds), made before any text so stories can be written in time order. */
#ifndef GEN_PLAN_H
#define GEN_PLAN_H

#include "config.h"
#include "outlets.h"

#define FL_PAGE    1u /* written as a `page` dump, else as `text` */
#define FL_FOOTER  2u /* a `text` body that still ends with the outlet's footer lines */
#define FL_CREDIT  4u /* carries a "Source: ..." credit line */
#define FL_RETITLE 8u /* a copy under a headline of its own */

struct spec {
    uint64_t seed;       /* this story's own draws */
    uint64_t event_seed; /* the event: names, numbers, topic, and the original's wording */
    int64_t minute;      /* publication time, minutes since 1970-01-01T00:00Z */
    uint32_t idx;        /* position in planning order */
    uint32_t orig;       /* planning index of the cluster's original (itself for originals) */
    uint32_t cluster;    /* truth cluster */
    uint32_t event;
    uint16_t outlet;
    uint8_t kind;  /* enum kind */
    uint8_t flags; /* FL_* */
    uint8_t genre; /* enum genre */
    uint8_t frame; /* template fills and their copies: which of the origin outlet's frames */
};

struct plan {
    struct spec *s; /* in output order once plan_order has run */
    size_t n;
    uint32_t *pos; /* planning index -> output position */
};

void plan_build(struct plan *p, const struct config *cfg, const struct outlet_pool *pool);
void plan_order(struct plan *p, enum order order, uint64_t seed);
void plan_free(struct plan *p);

#endif
