/*
 * describe.c — np_passages_describe(): one pair aligned from its copy,
 * weighed and classified, with the text of each shared passage, as
 * np_passages_compare (newsprint.h) gives it.
 */
#include "passage/describe.h"

#include <stdlib.h>
#include <string.h>

#include "passage/align.h"
#include "passage/classify.h"
#include "passage/overlap.h"
#include "read/outlets.h"
#include "util/error.h"
#include "util/timestamp.h"

/* The seconds from b's publication to a's; 0 when either is not known. */
static int64_t apart(const np_story *a, const np_story *b)
{
	int64_t ta, tb;
	int ha, hb;
	if (np_timestamp_parse(a->published, &ta, &ha) && np_timestamp_parse(b->published, &tb, &hb))
		return ta - tb;
	return 0;
}

/* Whether a is the copy by the dates: 1 or 0 when both are known and
 * differ (the later), else -1. */
static int later_is_a(const np_story *a, const np_story *b)
{
	int64_t d = apart(a, b);
	return d ? d > 0 : -1;
}

/* Words [from, from + words) of t, as one string. */
static char *words_text(const np_tokens *t, uint32_t from, uint32_t words)
{
	size_t start = t->start[from], end = t->start[from + words - 1] + t->len[from + words - 1];
	char *s = malloc(end - start + 1);
	if (s) {
		memcpy(s, t->text.p + start, end - start);
		s[end - start] = '\0';
	}
	return s;
}

static int fill_passages(np_passages *out, const np_alignment *al, const np_ptext *a)
{
	out->v = calloc(al->n ? al->n : 1, sizeof *out->v);
	if (!out->v)
		return -1;
	for (size_t i = 0; i < al->n; i++) {
		const np_passage *ps = &al->v[i];
		out->v[i] = (np_shared_passage){ps->a, ps->b, ps->words,
		                                words_text(&a->tok, ps->a, ps->words)};
		out->n++;
		if (!out->v[i].text)
			return -1;
	}
	return 0;
}

np_status np_passages_describe(const np_params *p, const np_story *a, const np_story *b,
                               const np_ptext *ta, const np_ptext *tb, const np_word_stats *ws,
                               np_passages *out, np_error *err)
{
	memset(out, 0, sizeof *out);
	np_alignment al = {0};
	np_status rc = np_passage_align_pair(ta, tb, later_is_a(a, b), p->passage_words, &al,
	                                     &out->copy_is_a, err);
	np_overlap ov = {0};
	if (rc == NP_OK)
		rc = out->copy_is_a ? np_passage_overlap(ta, ws->df_a, ws->docs, tb, &ov, err)
		                    : np_passage_overlap(tb, ws->df_b, ws->docs, ta, &ov, err);
	if (rc != NP_OK) {
		np_alignment_free(&al);
		return rc;
	}
	np_kin kin = np_passage_kin(np_same_outlet(a->outlet, a->url, b->outlet, b->url), apart(a, b));
	out->derivation = np_derivation_name(np_passage_classify(p, &al, out->copy_is_a, ov, kin));
	out->overlap = ov.share;
	out->shared_words = ov.shared;
	out->source_share = ov.source_share;
	out->words_a = al.words_a;
	out->words_b = al.words_b;
	out->a_in_b = al.a_in_b;
	out->b_in_a = al.b_in_a;
	if (fill_passages(out, &al, ta)) {
		np_passages_free(out);
		rc = np_fail(err, NP_ENOMEM, "out of memory comparing passages");
	}
	np_alignment_free(&al);
	return rc;
}

void np_passages_free(np_passages *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].text);
	free(ps->v);
	memset(ps, 0, sizeof *ps);
}
