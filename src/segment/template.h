/*
 * template.h — learning an outlet's page template: a line seen on
 * many pages of one outlet, digits masked ("Comment (3)", "© 2025 The
 * Harbour Courier", a fixed rail headline), is that outlet's boilerplate,
 * and is taken out of later bodies of the outlet — page dumps and the bodies
 * extractors hand over alike.
 *
 * The counts are kept in a hash table keyed by a 64-bit hash of (outlet,
 * masked line): 12 bytes a distinct line, and the store keeps them so that
 * what was learnt survives a restart.
 */
#ifndef NP_TEMPLATE_H
#define NP_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint.h"

typedef struct np_templates np_templates;

np_templates *np_templates_new(void);
void np_templates_free(np_templates *t);

/* The key of a line of an outlet: ASCII case and runs of white space
 * folded, the digits of a line of NP_TEMPLATE_LINE_MAX bytes or fewer
 * masked, hashed with the outlet's name. */
uint64_t np_template_key(const char *outlet, const char *line);

/* Lines longer than this are prose: a page counts them only when it is a
 * story of its own, matched to no stored story (engine/template_view.c). An outlet's updates
 * of one story share their long paragraphs and count them once; three
 * different stories of one outlet that share a paragraph share furniture. */
#define NP_TEMPLATE_LINE_MAX 200

/* Counts key once more; returns the new count, or 0 when out of memory. */
uint32_t np_templates_add(np_templates *t, uint64_t key);

/* Sets key's count (when loading a store). 0, or -1 when out of memory. */
int np_templates_set(np_templates *t, uint64_t key, uint32_t count);

/* How many pages key was seen on. */
uint32_t np_templates_count(const np_templates *t, uint64_t key);

/* Distinct keys held. */
size_t np_templates_size(const np_templates *t);

/* Pages of one outlet a line must be seen on to be that outlet's template:
 * two could be one story told twice (an update, a correction); three
 * stories of one outlet ending in the same line are a footer. Exact resends
 * are not counted (engine/template_view.c). */
#define NP_TEMPLATE_MIN_PAGES 3

/* Keys held at most: past this the keys counted once are dropped (lossy
 * counting, Manku and Motwani 2002: what repeats survives, what was seen once
 * is most keys and matters least). 2^19 keys fill a table of 2^20 slots of
 * 12 bytes, 12 MB: 12 bytes a story at a million stories, against the 1 KB
 * a story the index may take in all (benchmarks/README.md, "Targets"); a
 * story makes some four keys, so pruning starts near 120,000 stories. */
#define NP_TEMPLATE_MAX_KEYS (1u << 19)

/* The name a story's template is kept under: its outlet, else the host of
 * its URL (into buf, n bytes); NULL when it has neither. */
const char *np_template_outlet(const np_story *s, char *buf, size_t n);

/* The key of no line: an empty one, or one not to be learnt (no real key
 * is 0). */
#define NP_TEMPLATE_NO_KEY 0

/* keys[i]: the key of line i of v for outlet. A story's keys are made once
 * and serve both marking its template lines and learning from it. */
void np_template_keys(const char *outlet, const np_strv *v, uint64_t *keys);

/* Sets the keys of v's lines longer than NP_TEMPLATE_LINE_MAX to
 * NP_TEMPLATE_NO_KEY: what a page that matched a stored story learns. */
void np_template_keep_short(const np_strv *v, uint64_t *keys);

/* Marks (strip[i] = 1) the n lines whose keys are template lines; returns
 * how many. */
size_t np_templates_mark(const np_templates *t, const uint64_t *keys, size_t n,
                         unsigned char *strip);

/* Counts each distinct key of one page's lines once more (keys are sorted in
 * place; NP_TEMPLATE_NO_KEY is skipped). The keys counted are remembered
 * until np_templates_take_changed. 0, or -1 when out of memory. */
int np_templates_learn(np_templates *t, uint64_t *keys, size_t n);

/* The keys counted since they were last taken (duplicates possible), for the
 * store to save with the stories that counted them (so that a store killed
 * and ingested again learns exactly what one uninterrupted run learns),
 * valid until the next call. */
uint64_t *np_templates_take_changed(np_templates *t, size_t *n);

/* Whether keys counted once were forgotten since the last call (the store
 * must then forget them too); clears it. */
int np_templates_take_forgot(np_templates *t);

#endif
