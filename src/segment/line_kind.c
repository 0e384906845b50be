/*
 * line_kind.c — the kind of each line of a page, given before the segmenter
 * reads it through: prose, a sentence, a short line, a date, a widget, a
 * copyright notice, a credit, a caption, a rail heading, the end of the
 * article; hard-wrapped paragraphs are prose. Region (region.c) weighs
 * these kinds to find the body.
 */
#include <string.h>

#include <utf8proc.h>

#include "read/date.h"
#include "read/lexicon.h"
#include "segment/credit.h"
#include "segment/line_measure.h"
#include "segment/segment_int.h"
#include "util/script.h"

/* Text hard-wrapped at a fixed width (press releases, mail, plain-text
 * dumps) breaks each sentence over lines of 8 to 14 words, none ending like
 * a sentence: a run of such lines is prose when every line but the last has
 * this many words or more (a menu's entries have one to three), none is
 * longer than the 72 to 80 columns text is wrapped at (a headline above its
 * one-line teaser is no wrapped paragraph), the run ends a sentence, and at
 * least half its lines after the first go on in lower case (a sentence
 * carried over; a list of headlines starts each with a capital). */
#define WRAP_MIN_WORDS 6
#define WRAP_MAX_BYTES 100

static int ends_sentence(const char *s)
{
	static const char *const enders[] = {".", "!", "?", "\"", "'", ")", ":",
	                                     "\xE2\x80\x9D" /* ” */, "\xE2\x80\xA6" /* … */,
	                                     "\xE3\x80\x82" /* 。 */, "\xEF\xBC\x81" /* ！ */,
	                                     "\xEF\xBC\x9F" /* ？ */, "\xE3\x80\x8D" /* 」 */};
	size_t n = strlen(s);
	for (size_t k = 0; k < sizeof enders / sizeof enders[0]; k++) {
		size_t m = strlen(enders[k]);
		if (n >= m && memcmp(s + n - m, enders[k], m) == 0)
			return 1;
	}
	return 0;
}

/* Characters of a script written without spaces, counted as the words they
 * make: a Chinese word is one or two characters, a Thai word three or four. */
#define UNSPACED_CHARS_PER_WORD 3

/* Words of s, counting the characters of scripts without spaces; *unspaced
 * says whether those characters are most of the text. */
size_t np_seg_prose_words(const char *s, int *unspaced)
{
	size_t spaced = 0, chars = 0, other = 0;
	int after_space = 1;
	utf8proc_int32_t cp;
	/* one pass: words are counted as np_line_words does, by their first byte */
	for (utf8proc_ssize_t k; *s; s += k > 0 ? k : 1) {
		int space = np_line_is_space(*s);
		spaced += !space && after_space;
		after_space = space;
		if ((unsigned char)*s < 0x80) { /* ASCII: no script without spaces */
			other += !space;
			k = 1;
			continue;
		}
		k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
		if (k > 0 && np_is_unspaced(cp))
			chars++;
		else if (k > 0)
			other++; /* (no character past ASCII is a white space byte) */
	}
	*unspaced = chars > other;
	return *unspaced ? chars / UNSPACED_CHARS_PER_WORD : spaced;
}

/* Thai and Lao end sentences with a space, not a mark: in those scripts a
 * long line is prose by its length alone. */
int np_seg_is_prose(const char *s)
{
	int unspaced;
	size_t words = np_seg_prose_words(s, &unspaced);
	return words >= PROSE_MIN_WORDS && (unspaced || ends_sentence(s));
}

static int is_date_line(const char *s)
{
	char iso[NP_DATE_ISO_MAX];
	return np_date_parse(s, iso) || np_date_is_relative(s);
}

/* A counter widget in any language: a word or three and a count in
 * parentheses, "Comments (12)", "Bình luận (0)", "コメント (3)". No line of
 * an article body has that shape, so it needs no lexicon. */
#define COUNTER_WIDGET_MAX_BYTES 48
#define COUNTER_WIDGET_MAX_WORDS 3

static int is_counter_widget(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > COUNTER_WIDGET_MAX_BYTES || s[n - 1] != ')')
		return 0;
	size_t k = n - 1;
	while (k && s[k - 1] >= '0' && s[k - 1] <= '9')
		k--;
	if (k == n - 1 || !k || s[k - 1] != '(')
		return 0;
	size_t words = np_line_words(s, k - 1);
	return words >= 1 && words <= COUNTER_WIDGET_MAX_WORDS && !strchr(s, '.');
}

/* Interface text: the lexicon's, a counter ("Comments (3)"), a bar of links. */
int np_seg_is_widget(const char *s)
{
	return np_lexicon_is_widget(s) || is_counter_widget(s) || np_line_is_link_bar(s);
}

/* A line of text that is none of the furniture: prose, a sentence or short. */
static np_line_kind text_kind(const char *s, unsigned *words)
{
	int unspaced;
	size_t w = np_seg_prose_words(s, &unspaced);
	*words = (unsigned)w;
	if (w >= PROSE_MIN_WORDS && (unspaced || ends_sentence(s)))
		return NP_LINE_PROSE;
	if (w >= SENTENCE_MIN_WORDS && ends_sentence(s))
		return NP_LINE_SENTENCE;
	return NP_LINE_SHORT;
}

/* "Posted by Jane on January 10, 2008 4:07 PM", "Cập nhật 24/10/2024": a
 * short line that ends in a date is a dateline or a comment's header. */
static int ends_in_date(const char *s)
{
	char iso[NP_DATE_ISO_MAX];
	return np_date_find_suffix(s, iso) >= 0;
}

static np_line_kind line_kind(const char *s, unsigned *words)
{
	np_credit_kind ck;
	const char *v;
	size_t n;
	*words = 0;
	if (!*s)
		return NP_LINE_BLANK;
	if (np_lexicon_is_body_end(s))
		return NP_LINE_END;
	if (np_seg_is_widget(s))
		return NP_LINE_WIDGET;
	if (np_lexicon_is_notice(s))
		return NP_LINE_NOTICE;
	if (np_credit_line(s, &ck, &v, &n))
		return NP_LINE_CREDIT;
	if (np_lexicon_is_caption(s))
		return NP_LINE_CAPTION;
	if (np_lexicon_is_rail_heading(s))
		return NP_LINE_HEADING;
	if (is_date_line(s))
		return NP_LINE_DATE;
	np_line_kind k = text_kind(s, words);
	return k != NP_LINE_PROSE && ends_in_date(s) ? NP_LINE_DATE : k;
}

static int is_text_kind(np_line_kind k)
{
	return k == NP_LINE_SHORT || k == NP_LINE_SENTENCE || k == NP_LINE_PROSE;
}

static int starts_lower(const char *s)
{
	utf8proc_int32_t cp;
	return utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) > 0 &&
	       utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* The end of the hard-wrapped paragraph starting at line k (one past its
 * last line), or k when the lines from k are not one. */
static size_t wrapped_end(const seg *sg, size_t k)
{
	size_t j = k, carried = 0;
	unsigned long words = 0;
	while (j < sg->pg.n && is_text_kind(sg->info[j].kind) &&
	       strlen(line_at(sg, j)) <= WRAP_MAX_BYTES) {
		words += sg->info[j].words;
		carried += j > k && starts_lower(line_at(sg, j));
		if (sg->info[j++].words < WRAP_MIN_WORDS || ends_sentence(line_at(sg, j - 1)))
			break; /* a short line or a sentence's end closes the paragraph */
	}
	int ends = j > k && ends_sentence(line_at(sg, j - 1));
	int wrapped = j - k >= 2 && 2 * carried >= j - k - 1;
	return wrapped && ends && words >= PROSE_MIN_WORDS ? j : k;
}

/* Lines of a hard-wrapped paragraph are prose, each weighing its words. */
static void mark_wrapped(seg *sg)
{
	for (size_t k = 0; k < sg->pg.n;) {
		size_t end = k && is_text_kind(sg->info[k - 1].kind) ? k : wrapped_end(sg, k);
		for (size_t j = k; j < end; j++)
			sg->info[j].kind = NP_LINE_PROSE;
		k = end > k ? end : k + 1;
	}
}

/* Sets the kind and the flags of every line of the page. */
void np_seg_classify_lines(seg *sg)
{
	for (size_t k = 0; k < sg->pg.n; k++) {
		np_line_info *l = &sg->info[k];
		l->kind = line_kind(line_at(sg, k), &l->words);
		sg->flag[k] = l->kind == NP_LINE_DATE ? FLAG_DATE : 0;
		if (l->kind == NP_LINE_WIDGET || l->kind == NP_LINE_HEADING || l->kind == NP_LINE_END ||
		    l->kind == NP_LINE_NOTICE)
			sg->flag[k] |= FLAG_FURNITURE;
	}
	mark_wrapped(sg);
}
