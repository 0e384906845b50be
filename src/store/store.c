/*
 * store.c — the np_store_* functions: each calls the operation of the
 * backend the handle was opened with (store_ops.h), so that callers never
 * know which backend holds the store. Besides them, the few things every
 * backend shares: checking a table, freeing a stored text, and the body as
 * stores keep it.
 */
#include "store/store.h"
#include "store/store_ops.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"

np_status np_store_init(np_store *st, const np_store_ops *ops, np_error *err)
{
	if (ops->version != NP_STORE_OPS_VERSION)
		return np_fail(err, NP_EINVAL,
		               "the %s store backend has operations of version %u, not %u: rebuild it",
		               ops->name, ops->version, NP_STORE_OPS_VERSION);
	st->ops = ops;
	return NP_OK;
}

void np_stored_text_free(np_stored_text *t)
{
	free(t->body);
	free(t->outlet);
	free(t->url);
	free(t->match_outlet);
	free(t->match_url);
	memset(t, 0, sizeof *t);
}

char *np_store_join_lines(const np_strv *v)
{
	np_buf b = {0};
	for (size_t i = 0; i < v->n; i++)
		if ((i && np_buf_adds(&b, "\n\n")) || np_buf_adds(&b, v->v[i])) {
			np_buf_free(&b);
			return NULL;
		}
	return b.p ? b.p : np_strdup("");
}

char *np_store_join_body(const np_story *s)
{
	return np_store_join_lines(&s->body);
}

np_status np_store_same_body(np_store *st, int64_t sid, const np_story *s, int *same,
                             np_error *err)
{
	char *stored = NULL, *given = np_store_join_body(s);
	np_status rc = given ? np_store_body_of(st, sid, &stored, err)
	                     : np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	*same = rc == NP_OK && stored && strcmp(stored, given) == 0;
	free(stored);
	free(given);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The operations, through the handle's table                          */
/* ------------------------------------------------------------------ */

void np_store_close(np_store *st)
{
	if (st)
		st->ops->close(st);
}

np_status np_store_get_params(np_store *st, np_params *p, int *found, np_error *err)
{
	return st->ops->get_params(st, p, found, err);
}

np_status np_store_put_params(np_store *st, const np_params *p, np_error *err)
{
	return st->ops->put_params(st, p, err);
}

np_status np_store_begin(np_store *st, np_error *err)
{
	return st->ops->begin(st, err);
}

np_status np_store_commit(np_store *st, np_error *err)
{
	return st->ops->commit(st, err);
}

np_status np_store_rollback(np_store *st, np_error *err)
{
	return st->ops->rollback(st, err);
}

np_status np_store_read_begin(np_store *st, np_error *err)
{
	return st->ops->read_begin(st, err);
}

np_status np_store_checkpoint(np_store *st, np_error *err)
{
	return st->ops->checkpoint ? st->ops->checkpoint(st, err) : NP_OK;
}

np_status np_store_set_wal_limit(np_store *st, uint64_t bytes, np_error *err)
{
	return st->ops->set_wal_limit ? st->ops->set_wal_limit(st, bytes, err) : NP_OK;
}

np_status np_store_set_cache(np_store *st, uint64_t bytes, np_error *err)
{
	return st->ops->set_cache ? st->ops->set_cache(st, bytes, err) : NP_OK;
}

np_status np_store_find_id(np_store *st, const char *id, int64_t *sid, np_error *err)
{
	return st->ops->find_id(st, id, sid, err);
}

np_status np_store_id_of(np_store *st, int64_t sid, np_stored_ref *out, np_error *err)
{
	return st->ops->id_of(st, sid, out, err);
}

np_status np_store_scan(np_store *st, unsigned k, unsigned lead_k, np_stored_fp_fn fn, void *ctx,
                        np_error *err)
{
	return st->ops->scan(st, k, lead_k, fn, ctx, err);
}

np_status np_store_add(np_store *st, const np_story *s, const np_fingerprint *fp,
                       const np_decision *d, int64_t match_sid, int64_t *sid, np_error *err)
{
	return st->ops->add(st, s, fp, d, match_sid, sid, err);
}

np_status np_store_merge_clusters(np_store *st, int64_t from, int64_t into, np_error *err)
{
	return st->ops->merge_clusters(st, from, into, err);
}

np_status np_store_max_cluster(np_store *st, int64_t *out, np_error *err)
{
	return st->ops->max_cluster(st, out, err);
}

np_status np_store_set_max_cluster(np_store *st, int64_t id, np_error *err)
{
	return st->ops->set_max_cluster(st, id, err);
}

np_status np_store_load_cluster(np_store *st, int64_t cluster, unsigned k, np_cluster_rec *out,
                                np_error *err)
{
	return st->ops->load_cluster(st, cluster, k, out, err);
}

np_status np_store_load_panel(np_store *st, int64_t cluster, unsigned k, size_t limit,
                              const int64_t *sids, size_t n_sids, np_cluster_rec *out,
                              np_error *err)
{
	return st->ops->load_panel(st, cluster, k, limit, sids, n_sids, out, err);
}

np_status np_store_save_attribution(np_store *st, const np_cluster_rec *c, np_error *err)
{
	return st->ops->save_attribution(st, c, err);
}

np_status np_store_list_clusters(np_store *st, unsigned min_size, np_cluster_size **out,
                                 size_t *n, np_error *err)
{
	return st->ops->list_clusters(st, min_size, out, n, err);
}

np_status np_store_count_stories(np_store *st, int64_t *out, np_error *err)
{
	return st->ops->count_stories(st, out, err);
}

np_status np_store_cluster_of(np_store *st, const char *id, int64_t *cluster, np_error *err)
{
	return st->ops->cluster_of(st, id, cluster, err);
}

np_status np_store_add_passages(np_store *st, int64_t sid, const uint64_t *h, size_t n,
                                np_error *err)
{
	return st->ops->add_passages(st, sid, h, n, err);
}

np_status np_store_find_passages(np_store *st, const uint64_t *h, size_t n, unsigned cap,
                                 int64_t **sids, size_t *n_sids, size_t *room, np_error *err)
{
	return st->ops->find_passages(st, h, n, cap, sids, n_sids, room, err);
}

np_status np_store_add_words(np_store *st, unsigned script, const uint64_t *w, size_t n,
                             np_error *err)
{
	return st->ops->add_words(st, script, w, n, err);
}

np_status np_store_word_df(np_store *st, unsigned script, const uint64_t *w, size_t n,
                           uint32_t *df, uint32_t *docs, np_error *err)
{
	return st->ops->word_df(st, script, w, n, df, docs, err);
}

np_status np_store_add_word_keys(np_store *st, int64_t sid, const uint32_t *keys, size_t n,
                                 np_error *err)
{
	return st->ops->add_word_keys(st, sid, keys, n, err);
}

np_status np_store_word_keys_of(np_store *st, int64_t sid, uint32_t **keys, size_t *n,
                                int *found, np_error *err)
{
	return st->ops->word_keys_of(st, sid, keys, n, found, err);
}

np_status np_store_body_of(np_store *st, int64_t sid, char **body, np_error *err)
{
	return st->ops->body_of(st, sid, body, err);
}

np_status np_store_text_of(np_store *st, int64_t sid, np_stored_text *out, np_error *err)
{
	return st->ops->text_of(st, sid, out, err);
}

np_status np_store_add_derivation(np_store *st, const np_derivation_rec *d, np_error *err)
{
	return st->ops->add_derivation(st, d, err);
}

np_status np_store_joined_partially(np_store *st, int64_t sid, int64_t *through, np_error *err)
{
	return st->ops->joined_partially(st, sid, through, err);
}

np_status np_store_load_templates(np_store *st, np_templates *t, np_error *err)
{
	return st->ops->load_templates(st, t, err);
}

np_status np_store_forget_template_singles(np_store *st, np_error *err)
{
	return st->ops->forget_template_singles(st, err);
}

np_status np_store_save_templates(np_store *st, const np_templates *t, const uint64_t *keys,
                                  size_t n, np_error *err)
{
	return st->ops->save_templates(st, t, keys, n, err);
}

np_status np_store_scan_rail_items(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err)
{
	return st->ops->scan_rail_items(st, fn, ctx, err);
}

np_status np_store_scan_titles(np_store *st, np_rail_item_fn fn, void *ctx, np_error *err)
{
	return st->ops->scan_titles(st, fn, ctx, err);
}

np_status np_store_get_story(np_store *st, const char *id, np_story **out, np_error *err)
{
	return st->ops->get_story(st, id, out, err);
}

np_status np_store_forget_story(np_store *st, int64_t sid, int64_t *cluster, np_error *err)
{
	return st->ops->forget_story(st, sid, cluster, err);
}

np_status np_store_move_story(np_store *st, int64_t sid, int64_t cluster, np_error *err)
{
	return st->ops->move_story(st, sid, cluster, err);
}

np_status np_store_scan_published(np_store *st, np_published_fn fn, void *ctx, np_error *err)
{
	return st->ops->scan_published(st, fn, ctx, err);
}

np_status np_store_writer_mark(np_store *st, np_writer_mark *out, np_error *err)
{
	return st->ops->writer_mark(st, out, err);
}

np_status np_store_scan_since(np_store *st, int64_t after_sid, unsigned k, unsigned lead_k,
                              np_stored_fp_fn fn, void *ctx, np_error *err)
{
	return st->ops->scan_since(st, after_sid, k, lead_k, fn, ctx, err);
}

np_status np_store_read_log(np_store *st, int64_t after, np_log_fn fn, void *ctx, np_error *err)
{
	return st->ops->read_log(st, after, fn, ctx, err);
}

np_status np_store_scan_arrival(np_store *st, np_published_fn fn, void *ctx, np_error *err)
{
	return st->ops->scan_arrival(st, fn, ctx, err);
}

np_status np_store_clear(np_store *st, np_error *err)
{
	return st->ops->clear(st, err);
}

np_status np_store_copy_tables(np_store *st, np_table_list *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	return st->ops->copy_tables(st, out, err);
}

static void table_def_free(np_table_def *t)
{
	for (size_t c = 0; c < t->n_columns; c++)
		free(t->columns[c]);
	free(t->columns);
	free(t->name);
}

void np_table_list_free(np_table_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		table_def_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* The tables of the logical schema (docs/sqlite.md), a table before those
 * that refer to it: fingerprints name stories' sids. writer_log is left out:
 * it is the change feed of the writers sharing the source, and a copy starts
 * a feed of its own. */
static const char *const TABLES[] = {
	"meta",     "stories",     "boilerplate", "fingerprints", "clusters",
	"passages", "derivations", "words",       "word_keys",    "templates",
	"template_singles",
};
#define N_TABLES (sizeof TABLES / sizeof *TABLES)

np_status np_store_list_tables(np_table_list *out, np_table_columns_fn columns, void *ctx,
                               np_error *err)
{
	if (!(out->v = calloc(N_TABLES, sizeof *out->v)))
		return np_fail(err, NP_ENOMEM, "out of memory listing the store's tables");
	np_status rc = NP_OK;
	for (size_t i = 0; i < N_TABLES && rc == NP_OK; i++) {
		np_table_def t = {0};
		rc = columns(ctx, TABLES[i], &t, err);
		if (rc == NP_OK && t.n_columns && !(t.name = np_strdup(TABLES[i])))
			rc = np_fail(err, NP_ENOMEM, "out of memory listing the store's tables");
		if (t.name)
			out->v[out->n++] = t;
		else
			table_def_free(&t);
	}
	return rc;
}

char *np_store_columns_sql(const np_table_def *t, const char *head, const char *tail)
{
	np_buf b = {0};
	int rc = np_buf_adds(&b, head);
	for (size_t c = 0; !rc && c < t->n_columns; c++)
		rc = np_buf_adds(&b, c ? ", \"" : "\"") || np_buf_adds(&b, t->columns[c]) ||
		     np_buf_adds(&b, "\"");
	if (rc || np_buf_adds(&b, tail)) {
		np_buf_free(&b);
		return NULL;
	}
	return b.p;
}

np_status np_store_copy_out(np_store *st, const np_table_def *t, np_row_fn fn, void *ctx,
                            np_error *err)
{
	return st->ops->copy_out(st, t, fn, ctx, err);
}

np_status np_store_copy_in(np_store *st, const np_table_def *t, const np_value *row,
                           np_error *err)
{
	return st->ops->copy_in(st, t, row, err);
}

np_status np_store_copy_end(np_store *st, np_error *err)
{
	return st->ops->copy_end(st, err);
}
