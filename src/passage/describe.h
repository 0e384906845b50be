/*
 * describe.h — the public account of one pair (np_passages, newsprint.h):
 * the passages shared, the copy, the overlap and the class.
 */
#ifndef NP_PASSAGE_DESCRIBE_H
#define NP_PASSAGE_DESCRIBE_H

#include <stdint.h>

#include "newsprint.h"
#include "passage/ptext.h"

/* Document frequencies for np_passages_describe: df_a[i] for ta->word[i],
 * df_b[i] for tb->word[i], out of docs bodies (docs 0: none known). */
typedef struct np_word_stats {
	const uint32_t *df_a, *df_b;
	uint32_t docs;
} np_word_stats;

/* np_passages_compare's work once the texts and their word statistics are
 * known (the engine looks those up in the store). */
np_status np_passages_describe(const np_params *p, const np_story *a, const np_story *b,
                               const np_ptext *ta, const np_ptext *tb, const np_word_stats *ws,
                               np_passages *out, np_error *err);

#endif
