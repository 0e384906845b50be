/*
 * template_view.c — a story as the engine matches it: less the body
 * paragraphs its outlet's template holds (template.h), signed without
 * normalizing it again where the caller kept its text; and the stored
 * stories' lines counted towards their outlet's template, saved at each
 * commit.
 */
#include <stdlib.h>
#include <string.h>

#include "engine/engine_int.h"
#include "fingerprint/sign.h"
#include "util/error.h"
#include "util/radix.h"
#include "util/strbuf.h"

void engine_matched_free(matched *x)
{
	free(x->keys);
	free(x->view_keys);
	free(x->strip);
	free(x->view.body.v);
	np_fingerprint_free(x->own);
}

np_status engine_template_view(np_db *db, const np_story *s, matched *x, np_error *err)
{
	x->m = s;
	x->outlet = np_template_outlet(s, x->host, sizeof x->host);
	if (!x->outlet)
		return NP_OK;
	/* room for the boilerplate's keys too, for learning (engine_learn_template) */
	if (!(x->keys = malloc((s->body.n + s->boilerplate.n + 1) * sizeof *x->keys)))
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	np_template_keys(x->outlet, &s->body, x->keys);
	if (!s->body.n || !np_templates_size(db->templates))
		return NP_OK;
	unsigned char *strip = malloc(s->body.n);
	char **keep = malloc(s->body.n * sizeof *keep);
	uint64_t *keep_keys = malloc(s->body.n * sizeof *keep_keys);
	if (!strip || !keep || !keep_keys) {
		free(strip), free(keep), free(keep_keys);
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	}
	/* a story all of whose lines are its outlet's template (a formula
	 * filled with other digits) is matched whole, not skipped as empty */
	size_t marked = np_templates_mark(db->templates, x->keys, s->body.n, strip);
	if (!marked || marked == s->body.n) {
		free(strip), free(keep), free(keep_keys);
		return NP_OK;
	}
	x->view = *s;
	x->view.body = (np_strv){keep, 0};
	for (size_t i = 0; i < s->body.n; i++)
		if (!strip[i]) {
			keep_keys[x->view.body.n] = x->keys[i];
			keep[x->view.body.n++] = s->body.v[i];
		}
	x->strip = strip;
	x->view_keys = keep_keys;
	x->m = &x->view;
	return NP_OK;
}

int engine_kept_text_of(const np_fingerprint *fp, const np_story *s)
{
	return fp && fp->text && np_body_text_paragraphs(fp->text) == s->body.n;
}

np_status engine_sign_matched(np_db *db, const np_story *s, const np_fingerprint *fp,
                              matched *x, np_error *err)
{
	np_status rc = NP_OK;
	if (!x->strip && !fp)
		rc = np_sign(&db->p, s, 0, &x->own, err);
	else if (x->strip && engine_kept_text_of(fp, s))
		rc = np_sign_kept(&db->p, fp, x->strip, &x->own, err);
	else if (x->strip && fp)
		rc = np_sign(&db->p, x->m, 0, &x->own, err);
	else if (x->strip)
		rc = np_sign_except(&db->p, s, x->strip, &x->own, err);
	if (rc == NP_OK && x->strip && fp)
		memcpy(x->own->content_hash, fp->content_hash, sizeof x->own->content_hash);
	x->fp = x->own ? x->own : fp;
	return rc;
}

np_status engine_passage_text(np_db *db, const np_story *s, const np_fingerprint *fp,
                              const matched *x, np_ptext *out, np_error *err)
{
	if (!engine_kept_text_of(fp, s))
		return np_ptext_story(&db->p, x->m, out, err);
	np_tokens t = {0};
	if (np_body_text_tokens(fp->text, x->strip, &t)) {
		np_tokens_free(&t);
		return np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	}
	return np_ptext_tokens(&db->p, &t, out, err);
}

np_status engine_learn_template(np_db *db, const np_story *s, const matched *x, int is_new,
                                np_error *err)
{
	if (!x->outlet)
		return NP_OK;
	/* the body's keys were made for template_view; the boilerplate's follow */
	np_template_keys(x->outlet, &s->boilerplate, x->keys + s->body.n);
	if (!is_new) {
		np_template_keep_short(&s->body, x->keys);
		np_template_keep_short(&s->boilerplate, x->keys + s->body.n);
	}
	if (np_templates_learn(db->templates, x->keys, s->body.n + s->boilerplate.n))
		return np_fail(err, NP_ENOMEM, "out of memory learning templates from %s", s->id);
	return NP_OK;
}

np_status engine_save_templates(np_db *db, np_error *err)
{
	size_t n = 0;
	if (!db->templates)
		return NP_OK;
	np_status rc = NP_OK;
	if (np_templates_take_forgot(db->templates))
		rc = np_store_forget_template_singles(db->st, err);
	uint64_t *keys = np_templates_take_changed(db->templates, &n);
	if (rc != NP_OK)
		return rc;
	np_sort_u64(keys, n);
	return np_store_save_templates(db->st, db->templates, keys, n, err);
}

np_status np_db_apply_template(np_db *db, np_story *s, size_t *moved, np_error *err)
{
	matched x = {.m = s};
	*moved = 0;
	np_status rc = engine_load_templates(db, err);
	if (rc == NP_OK)
		rc = engine_template_view(db, s, &x, err);
	for (size_t i = 0; rc == NP_OK && x.strip && i < s->body.n; i++)
		if (x.strip[i] && np_strv_push(&s->boilerplate, s->body.v[i]))
			rc = np_fail(err, NP_ENOMEM, "out of memory reading %s", s->id);
	if (rc == NP_OK && x.strip) { /* the body keeps the paragraphs the view kept */
		for (size_t i = 0; i < s->body.n; i++)
			if (x.strip[i])
				free(s->body.v[i]);
		memcpy(s->body.v, x.view.body.v, x.view.body.n * sizeof *s->body.v);
		*moved = s->body.n - x.view.body.n;
		s->body.n = x.view.body.n;
	}
	engine_matched_free(&x);
	return rc;
}
