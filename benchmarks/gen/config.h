/* gen/config.h — the generator's settings (filled from the command line) and the names shared
 * by the planning and writing stages: story kinds, output orders, seed labels. */
#ifndef GEN_CONFIG_H
#define GEN_CONFIG_H

#include <stdint.h>

/* What a record is, as written to the truth file. The copy kinds are contiguous. */
enum kind {
    K_ORIGINAL,
    K_VERBATIM,
    K_TRUNCATED,
    K_NEW_INTRO,
    K_COPY_EDIT,
    K_PARTIAL,
    K_SAME_EVENT,
    K_SINGLETON,
    K_UPDATE, /* a later version of a story by its own outlet: the same cluster */
    K_COUNT
};
#define K_FIRST_COPY K_VERBATIM
#define COPY_KINDS   (K_PARTIAL - K_VERBATIM + 1)

extern const char *const KIND_NAME[K_COUNT];

/* What sort of story a record is, whatever its kind: written news, an outlet's formula copy
 * filled anew (a template fill), a short brief ending in the outlet's furniture paragraph, or
 * the one wire story carried by very many outlets. */
enum genre { G_NEWS, G_TEMPLATE, G_BRIEF, G_GIANT, G_COUNT };

extern const char *const GENRE_NAME[G_COUNT];

enum order { ORDER_TIME, ORDER_SHUFFLE, ORDER_GROUP };

/* Labels for seed_derive: each stage draws from its own stream. */
enum seed_label {
    LABEL_LEXICON = 1,
    LABEL_OUTLETS,
    LABEL_PLAN,
    LABEL_ORDER,
    LABEL_TEXT,
    LABEL_TITLE,
    LABEL_LOCAL,
    LABEL_FRAME,
    LABEL_FURNITURE,
    LABEL_UPDATE,
};

struct config {
    uint64_t stories, seed;
    const char *out, *truth;
    enum order order;
    int64_t start_day; /* days since 1970-01-01 */
    uint64_t days;
    double cluster_share, copies_alpha;
    uint64_t max_copies;
    double same_event, non_latin;
    double page_share, footer_share, credit_share, retitle_share;
    double mix[COPY_KINDS]; /* weights of verbatim, truncated, new-intro, copy-edit, partial */
    double edit_min, edit_max, keep_min, keep_max, trunc_min, trunc_max;
    double delay_min, delay_max; /* hours */
    uint64_t mean_words, papers;
    double zipf;
    double template_share, template_outlets, template_copy, template_diff_min, template_diff_max;
    double brief_share, brief_outlets, brief_copy;
    double update_share, update_fix, update_add;
    double giant_share;
};

#endif
