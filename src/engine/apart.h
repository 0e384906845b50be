/*
 * apart.h — why a story that matched a stored one by its shingles is kept
 * apart from it all the same. Two reasons, each read from the two texts:
 *   - another fill of one frame: their sentences pair by their words but
 *     disagree in most of their numbers and names (facts.h);
 *   - only their outlet's furniture in common: two stories of one outlet
 *     share some paragraphs word for word (a subscription appeal, a comment
 *     policy, a note on wire material), and what each has besides them is
 *     its own text, which does not match the other's. A paragraph shared by
 *     an update of a story and its first version is not furniture: there
 *     the rest matches, or one of the two has nothing else.
 */
#ifndef NP_APART_H
#define NP_APART_H

#include <stdint.h>

#include "newsprint.h"
#include "passage/facts.h"
#include "segment/template.h"
#include "store/store.h"

/* Stored stories whose facts were read, by row, direct-mapped: an outlet's
 * daily formula is judged against its last fills again and again, so most
 * stored stories judged were read for an earlier story. */
#define FACTS_CACHE 256

typedef struct cached_facts {
	int64_t sid;        /* 0: empty */
	np_facts facts;
	char *outlet;       /* the name its template is kept under, or NULL */
	char *source;       /* likewise of the story it was stored as a copy of */
	uint64_t *keys;     /* its paragraphs' template keys (with outlet) */
	size_t n_keys;
} cached_facts;

/* A decision's judge: the story decided and what it keeps between the
 * stored stories it is compared with. */
typedef struct np_apart {
	const np_params *p;
	np_store *st;
	const np_templates *templates; /* the outlets' templates learnt, or NULL */
	const np_story *s;    /* the story decided (less its template lines) */
	const char *outlet;   /* the name its template is kept under, or NULL */
	int32_t minute;       /* when it was published (np_index_minute) */
	np_facts mine;        /* the facts of s */
	int have_mine;        /* mine was read from s */
	const uint64_t *keys; /* s's paragraphs' template keys, when have_keys */
	uint64_t *own_keys;   /* keys, when made here (none were given) */
	size_t cap_keys;
	int have_keys;
	cached_facts *cache;  /* FACTS_CACHE slots, or NULL before the first */
	int64_t source_sid;   /* the stored story the story copies (np_apart_copies), or 0 */
	char *source;         /* the name its outlet's template is kept under, once read */
	int have_source;
} np_apart;

/* Starts judging for story s (its outlet's template name, or NULL; keys:
 * its paragraphs' template keys for that outlet, which a stays pointing
 * to, or NULL to make them when needed). */
void np_apart_begin(np_apart *a, const np_params *p, np_store *st,
                    const np_templates *templates, const np_story *s, const char *outlet,
                    const uint64_t *keys, int32_t minute);

/* Tells the judge that the story copies stored story row sid (its best
 * match kept): the stories it is judged against later are judged as that
 * story's too, whose outlet's rules (its formula filled anew) hold for a
 * copy of it, which carries its text. */
void np_apart_copies(np_apart *a, int64_t sid);

/* Whether stored story row sid, published at minute, is kept apart from
 * the story: *why is then set to the reason (malloc'd), else left NULL. */
np_status np_apart_judge(np_apart *a, int64_t sid, int32_t minute, char **why, np_error *err);

void np_apart_free(np_apart *a);

#endif
