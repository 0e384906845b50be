/*
 * title.c — the headline of a page: of the short lines just before the body,
 * the one the body's lead speaks of.
 *
 * Pages put menus, section names, share bars, bylines and dates above their
 * body, and the headline somewhere among them. A headline's words come back
 * in the story's first sentences; a menu's, a byline's or a section name's
 * rarely do. So each candidate is scored by the share of its words found in
 * the lead, with a bonus when the page's first line (often the document's
 * title, "Headline - Site") holds it, and a small cost for each line between
 * it and the body.
 */
#include "segment/title.h"

#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "util/script.h"

/* Lines before the body a headline is looked for in: share bars, bylines,
 * dates, photo captions and a "related" box of five can stand between. */
#define TITLE_WINDOW 16
/* A headline has two words at least ("Markets slide") and is shorter than a
 * paragraph: 250 bytes hold the longest headlines seen (about 35 words). */
#define TITLE_MIN_WORDS 2
#define TITLE_MAX_BYTES 250
/* Words of the lead a headline is compared with: its first two or three sentences. */
#define LEAD_WORDS 120
/* Words shorter than this (in bytes) are mostly function words ("the", "of",
 * "và", "le") and say nothing about the story. */
#define CONTENT_WORD_MIN_BYTES 4
/* What the page's first line holding a candidate adds to its score, and
 * what each line between a candidate and the body takes off: a headline
 * next to the body wins over one five lines up that matches a little better. */
#define FIRST_LINE_BONUS 0.5
/* The share of a line's words the lead repeats is taken over this many
 * words more than it has: one word found ("PR-inside" in a body that names
 * the site) is weaker evidence than five of seven, which the plain share
 * would score 1.0 against 0.71. */
#define SHARE_PRIOR_WORDS 1.0
#define DISTANCE_COST 0.02
/* Characters of an unspaced script taken as one word (a Chinese word is
 * mostly two characters). */
#define UNSPACED_WORD_CHARS 2

typedef struct span {
	const char *p;
	size_t n;
} span;

typedef struct lead {
	span w[LEAD_WORDS];
	size_t n;
} lead;

static int is_word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static int starts_unspaced(const char *p)
{
	utf8proc_int32_t cp;
	return utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp) > 0 && np_is_unspaced(cp);
}

/* Bytes of the next UNSPACED_WORD_CHARS characters at p, within n bytes. */
static size_t unspaced_word(const char *p, size_t n)
{
	size_t len = 0;
	utf8proc_int32_t cp;
	for (int c = 0; c < UNSPACED_WORD_CHARS && len < n; c++) {
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p + len,
		                                      (utf8proc_ssize_t)(n - len), &cp);
		len += k > 0 ? (size_t)k : 1;
	}
	return len;
}

/* The next word of s at or after *pos: a run of letters and digits, or a pair
 * of characters of a script written without spaces. 0 at the end. */
static int next_word(const char *s, size_t *pos, span *w)
{
	size_t k = *pos;
	while (s[k] && !is_word_byte((unsigned char)s[k]))
		k++;
	if (!s[k])
		return 0;
	size_t e = k;
	while (s[e] && is_word_byte((unsigned char)s[e]))
		e++;
	if (starts_unspaced(s + k))
		e = k + unspaced_word(s + k, e - k);
	*w = (span){s + k, e - k};
	*pos = e;
	return 1;
}

static int same_word(span a, span b)
{
	if (a.n != b.n)
		return 0;
	for (size_t k = 0; k < a.n; k++) {
		unsigned char x = (unsigned char)a.p[k], y = (unsigned char)b.p[k];
		if (x < 0x80 && y < 0x80 && (x | 0x20) == (y | 0x20) && ((x | 0x20) >= 'a'))
			continue;
		if (x != y)
			return 0;
	}
	return 1;
}

static int counts(span w)
{
	return w.n >= CONTENT_WORD_MIN_BYTES || starts_unspaced(w.p);
}

static void lead_read(lead *ld, const char *const *lines, size_t n, np_region body)
{
	ld->n = 0;
	for (size_t k = body.lo; k <= body.hi && k < n && ld->n < LEAD_WORDS; k++) {
		size_t pos = 0;
		span w;
		while (ld->n < LEAD_WORDS && next_word(lines[k], &pos, &w))
			if (counts(w))
				ld->w[ld->n++] = w;
	}
}

static int lead_has(const lead *ld, span w)
{
	for (size_t k = 0; k < ld->n; k++)
		if (same_word(ld->w[k], w))
			return 1;
	return 0;
}

/* The share of s's content words found in the lead; *words counts all words. */
static double lead_share(const lead *ld, const char *s, size_t *words)
{
	size_t pos = 0, content = 0, found = 0;
	span w;
	*words = 0;
	while (next_word(s, &pos, &w)) {
		++*words;
		if (!counts(w))
			continue;
		content++;
		found += lead_has(ld, w);
	}
	return content ? (double)found / ((double)content + SHARE_PRIOR_WORDS) : 0.0;
}

static int may_be_title(const np_line_info *l, const char *s)
{
	return (l->kind == NP_LINE_SHORT || l->kind == NP_LINE_SENTENCE ||
	        l->kind == NP_LINE_PROSE || l->kind == NP_LINE_RAIL) &&
	       strlen(s) <= TITLE_MAX_BYTES;
}

static size_t first_nonblank(const char *const *lines, size_t n)
{
	size_t k = 0;
	while (k < n && !*lines[k])
		k++;
	return k;
}

/* Whether the page's first line holds s (ASCII case folded). */
static int in_first_line(const char *first, const char *s)
{
	size_t n = strlen(s), m = strlen(first);
	for (size_t k = 0; n && k + n <= m; k++)
		if (strncasecmp(first + k, s, n) == 0)
			return 1;
	return 0;
}

size_t np_title_pick(const char *const *lines, const np_line_info *info, size_t n,
                     np_region body)
{
	lead ld;
	lead_read(&ld, lines, n, body);
	size_t first = first_nonblank(lines, n), best = n, seen = 0;
	double best_score = -1.0;
	for (size_t k = body.lo; k-- > 0 && seen < TITLE_WINDOW;) {
		if (info[k].kind == NP_LINE_BLANK)
			continue;
		seen++;
		size_t words;
		double score = lead_share(&ld, lines[k], &words);
		if (!may_be_title(&info[k], lines[k]) || words < TITLE_MIN_WORDS)
			continue;
		/* the first line earns nothing for holding itself, nor a site's
		 * name ("Reuters Media") for standing in the title with it: the
		 * bonus goes to a line the lead speaks of */
		if (first < n && k != first && score > 0 && in_first_line(lines[first], lines[k]))
			score += FIRST_LINE_BONUS;
		score -= DISTANCE_COST * (double)seen;
		if (score > best_score) {
			best_score = score;
			best = k;
		}
	}
	return best;
}
