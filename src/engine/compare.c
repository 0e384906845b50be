/*
 * compare.c — np_passages_compare(): the passages two stories share, their
 * words weighed by how many of the store's bodies hold them.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "util/error.h"
#include "util/version.h"

/* The document frequencies of t's words in db's store, into *df (NULL and
 * *docs 0 without a store). */
static np_status word_stats(np_db *db, const np_ptext *t, uint32_t **df, uint32_t *docs,
                            np_error *err)
{
	*df = NULL;
	*docs = 0;
	if (!db || t->n_word == 0)
		return NP_OK;
	*df = malloc(t->n_word * sizeof **df);
	if (!*df)
		return np_fail(err, NP_ENOMEM, "out of memory weighing words");
	return np_store_word_df(db->st, t->script, t->word, t->n_word, *df, docs, err);
}

np_status np_passages_compare(np_db *db, const np_params *p, const np_story *a,
                              const np_story *b, np_passages *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	if (np_check_version("np_params", p->version, NP_PARAMS_VERSION, err))
		return NP_EINVAL;
	np_ptext ta = {0}, tb = {0};
	uint32_t *df_a = NULL, *df_b = NULL, docs = 0;
	np_status rc = np_ptext_story(p, a, &ta, err);
	if (rc == NP_OK)
		rc = np_ptext_story(p, b, &tb, err);
	if (rc == NP_OK)
		rc = np_ptext_forms(p, &ta, err); /* either may be the copy */
	if (rc == NP_OK)
		rc = np_ptext_forms(p, &tb, err);
	if (rc == NP_OK)
		rc = word_stats(db, &ta, &df_a, &docs, err);
	if (rc == NP_OK)
		rc = word_stats(db, &tb, &df_b, &docs, err);
	if (rc == NP_OK) {
		np_word_stats ws = {df_a, df_b, docs};
		rc = np_passages_describe(p, a, b, &ta, &tb, &ws, out, err);
	}
	free(df_a);
	free(df_b);
	np_ptext_free(&ta);
	np_ptext_free(&tb);
	return rc;
}
