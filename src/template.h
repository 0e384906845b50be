/*
 * template.h — learning an outlet's page template (issue 5): a line seen on
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

/* The key of a line of an outlet: digits masked, ASCII case and runs of
 * white space folded, hashed with the outlet's name. */
uint64_t np_template_key(const char *outlet, const char *line);

/* Lines longer than this are prose, never template: they are not counted. */
#define NP_TEMPLATE_LINE_MAX 200

/* Counts key once more; returns the new count, or 0 when out of memory. */
uint32_t np_templates_add(np_templates *t, uint64_t key);

/* Sets key's count (when loading a store). 0, or -1 when out of memory. */
int np_templates_set(np_templates *t, uint64_t key, uint32_t count);

/* How many pages key was seen on. */
uint32_t np_templates_count(const np_templates *t, uint64_t key);

/* Distinct keys held. */
size_t np_templates_size(const np_templates *t);

#endif
