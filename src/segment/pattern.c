/*
 * pattern.c — furniture found by the shape of a page (see pattern.h).
 */
#include "segment/pattern.h"

#include <stdlib.h>
#include <string.h>

/* A line printed this many times on one page is interface text: an article
 * repeats a sentence twice at most (a pull quote), a comment thread prints
 * "Reply" or "Report this comment" once per comment. */
#define REPEAT_MIN 3
/* Blurbs in a row that make a list. A crosshead sits over several paragraphs;
 * a label glued to one paragraph, twice in a row, is a list of teasers or
 * comments (on segment-dev two in a row already mark more rails than bodies). */
#define LABELLED_MIN 2

typedef struct keyed {
	const char *text;
	size_t line;
} keyed;

static int by_text(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	int c = strcmp(x->text, y->text);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

static int is_short_kind(np_line_kind k)
{
	return k == NP_LINE_SHORT || k == NP_LINE_SENTENCE || k == NP_LINE_DATE;
}

/* Marks the lines of keys[from..to) as widgets when there are enough of them. */
static void mark_run(const keyed *keys, size_t from, size_t to, np_line_info *info)
{
	if (to - from < REPEAT_MIN)
		return;
	for (size_t k = from; k < to; k++)
		info[keys[k].line].kind = NP_LINE_WIDGET;
}

int np_mark_repeats(const char *const *lines, np_line_info *info, size_t n)
{
	keyed *keys = malloc((n ? n : 1) * sizeof *keys);
	if (!keys)
		return -1;
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		if (is_short_kind(info[k].kind))
			keys[m++] = (keyed){lines[k], k};
	qsort(keys, m, sizeof *keys, by_text);
	size_t from = 0;
	for (size_t k = 1; k <= m; k++) {
		if (k == m || strcmp(keys[k].text, keys[from].text) != 0) {
			mark_run(keys, from, k, info);
			from = k;
		}
	}
	free(keys);
	return 0;
}

static int is_text_kind(np_line_kind k)
{
	return k == NP_LINE_PROSE || k == NP_LINE_SENTENCE;
}

static size_t skip_blank(const np_line_info *info, size_t n, size_t k)
{
	while (k < n && info[k].kind == NP_LINE_BLANK)
		k++;
	return k;
}

/* A blurb at line k: a short label, then text on the very next line, up to
 * the first line that is not text. Returns the line after it, or k. */
static size_t blurb_end(const np_line_info *info, size_t n, size_t k)
{
	if (k + 1 >= n || info[k].kind != NP_LINE_SHORT || !is_text_kind(info[k + 1].kind))
		return k;
	size_t e = k + 1;
	while (e < n && is_text_kind(info[e].kind))
		e++;
	return e;
}

static void mark_rail(np_line_info *info, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++)
		if (info[k].kind != NP_LINE_BLANK)
			info[k].kind = NP_LINE_RAIL;
}

void np_mark_labelled(np_line_info *info, size_t n)
{
	for (size_t k = 0; k < n;) {
		size_t count = 0, e = k, next;
		while ((next = blurb_end(info, n, e)) > e) {
			count++;
			e = skip_blank(info, n, next);
		}
		if (count >= LABELLED_MIN)
			mark_rail(info, k, e);
		k = e > k ? e : k + 1;
	}
}
