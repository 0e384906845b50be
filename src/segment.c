/*
 * segment.c — np_segment(): splits a page dump into its title, dateline
 * (outlet and date), body paragraphs, credits, related-story rails and
 * widget boilerplate.
 *
 * The page is read line by line, top to bottom, each line offered to a list
 * of takers (widget, credit, caption, rail heading, rail item, rail without
 * heading, text) until one takes it. Until the body has ended a line nobody
 * else takes is body text; the body ends at the first credit line, widget
 * line or rail that follows some body text, and nothing after that is body:
 * two stories of one site share their rails, and rails in a body would make
 * them look like duplicates.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "date.h"
#include "error.h"
#include "credit.h"
#include "lexicon.h"
#include "newsprint.h"
#include "pattern.h"
#include "region.h"
#include "script.h"
#include "strbuf.h"
#include "textline.h"
#include "title.h"

/* A UTF-8 byte order mark, ignored at the start of a page. */
#define UTF8_BOM "\xEF\xBB\xBF"
#define UTF8_BOM_LEN 3
#define NBSP "\xC2\xA0" /* U+00A0, trimmed from line ends like a space */
#define NBSP_LEN 2

/* How short a line must be to be furniture rather than prose. Outlet names
 * ("Báo Quân đội Nhân dân", "The Sydney Morning Herald") fit in 80 bytes and
 * 6 words; rail headlines in 300 bytes (long Vietnamese headlines run to
 * about 200). Credits have their own limits (credit.c). */
#define OUTLET_MAX_BYTES 80
#define OUTLET_MAX_WORDS 6
#define HEADLINE_MAX_BYTES 300
/* Records in a row that make a rail without a heading: one or two shaped
 * like headline/outlet/date may be chance, three are a list. */
#define RAIL_MIN_RECORDS 3
/* A line of prose: a sentence of at least 12 words ending in sentence
 * punctuation. Menus and link lists rarely have such lines, article text
 * nearly always does (a news sentence averages 20 words or more). */
#define PROSE_MIN_WORDS 12
/* A shorter line ending like a sentence weighs for the body from three words
 * ("He declined comment."); two words ending in a period are as often a
 * label ("Read more.") as text. */
#define SENTENCE_MIN_WORDS 3
/* Lines after the title the dateline is looked for in: the outlet, a byline,
 * "Posted:", the date and a share bar or two come between them on most sites. */
#define DATELINE_WINDOW 8
/* "Most read" lists number their items: a line holding only a rank, 1 to
 * 99, then the headline and perhaps a blurb. Two ranked records in a row,
 * counting up from 1, are a list; one is chance. */
#define RANK_MAX 99
#define RANKED_MIN_RECORDS 2
/* A paragraph of this many lines or more, none of them a sentence, is a box
 * of links inside the body ("Portsmouth homepage" / "Fans' forum"), not
 * text: a subheading stands alone on its line, a list of links does not. */
#define LINK_BOX_MIN_LINES 2
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

typedef struct page {
	char *buf;    /* a copy of the text; the lines are NUL-terminated inside it */
	char **lines; /* trimmed; "" for a blank line */
	size_t n;
} page;

/* A run of lines shaped like a rail item: a headline, perhaps repeated, then
 * perhaps an outlet (printed once or twice) and a date. */
typedef struct record {
	size_t title, outlet, date; /* line indexes; outlet and date with has_* */
	int repeated, has_outlet, has_date;
	size_t teaser;              /* a ranked record's blurb, with has_teaser */
	int has_teaser;
	size_t next;                /* the first line after the record */
} record;

/* What a line was found to be before the segmenter reads the page through. */
enum { FLAG_DATE = 1, FLAG_FURNITURE = 2, FLAG_HEAD = 4 /* title or dateline */ };

typedef struct seg {
	page pg;
	np_line_info *info;   /* the kind of each line */
	unsigned char *flag;  /* FLAG_* of each line */
	np_region body;       /* the lines the body lies in */
	const np_segment_opts *opts;
	size_t i;         /* the line being read */
	np_story *st;
	np_buf para;      /* the body paragraph being gathered */
	int para_prose;   /* para has a line of prose */
	unsigned para_lines;     /* lines joined into para */
	unsigned para_sentences; /* of which sentences or prose */
	int body_prose;   /* the body has a paragraph of prose: it has begun */
	int dateline_seen; /* an agency dateline was looked for */
	long rail;        /* index in st->rails of the open rail, or -1 */
	int rail_bare;    /* the open rail takes bare headlines up to a blank line */
	size_t credits_cap, rails_cap, items_cap;
} seg;

/* ------------------------------------------------------------------ */
/* Lines                                                               */
/* ------------------------------------------------------------------ */


/* Trims ASCII white space and no-break spaces at both ends, in place. */
static char *trim(char *s)
{
	for (;;) {
		if (np_line_is_space(*s))
			s++;
		else if (strncmp(s, NBSP, NBSP_LEN) == 0)
			s += NBSP_LEN;
		else
			break;
	}
	size_t n = strlen(s);
	for (;;) {
		if (n && np_line_is_space(s[n - 1]))
			n--;
		else if (n >= NBSP_LEN && strncmp(s + n - NBSP_LEN, NBSP, NBSP_LEN) == 0)
			n -= NBSP_LEN;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* Copies text, dropping a BOM; a NUL byte inside would cut a line short, so it becomes a space. */
static char *copy_text(const char *text, size_t len)
{
	if (len >= UTF8_BOM_LEN && memcmp(text, UTF8_BOM, UTF8_BOM_LEN) == 0) {
		text += UTF8_BOM_LEN;
		len -= UTF8_BOM_LEN;
	}
	char *buf = np_strndup(text, len);
	if (!buf)
		return NULL;
	for (size_t k = 0; k < len; k++)
		if (buf[k] == '\0')
			buf[k] = ' ';
	return buf;
}

/* Splits text into trimmed lines at LF, CRLF or a lone CR. */
static int page_split(page *pg, const char *text, size_t len)
{
	pg->buf = copy_text(text ? text : "", text ? len : 0);
	if (!pg->buf)
		return -1;
	size_t max_lines = 1;
	for (const char *p = pg->buf; *p; p++)
		max_lines += *p == '\n' || *p == '\r';
	pg->lines = malloc(max_lines * sizeof *pg->lines);
	if (!pg->lines)
		return -1;
	char *start = pg->buf;
	for (char *p = pg->buf;; p++) {
		if (*p != '\0' && *p != '\n' && *p != '\r')
			continue;
		int end = *p == '\0';
		if (p[0] == '\r' && p[1] == '\n')
			*p++ = '\0'; /* CRLF ends one line, not two */
		*p = '\0';
		pg->lines[pg->n++] = trim(start);
		if (end)
			break;
		start = p + 1;
	}
	return 0;
}

static void page_free(page *pg)
{
	free(pg->lines);
	free(pg->buf);
}

static const char *line_at(const seg *sg, size_t k)
{
	return sg->pg.lines[k];
}

static size_t next_nonblank(const seg *sg, size_t k)
{
	while (k < sg->pg.n && !*sg->pg.lines[k])
		k++;
	return k;
}

/* ------------------------------------------------------------------ */
/* What a line looks like                                              */
/* ------------------------------------------------------------------ */

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
static size_t count_prose_words(const char *s, int *unspaced)
{
	size_t spaced = np_line_words(s, strlen(s)), chars = 0, other = 0;
	utf8proc_int32_t cp;
	for (utf8proc_ssize_t k; *s; s += k > 0 ? k : 1) {
		if ((unsigned char)*s < 0x80) { /* ASCII: no script without spaces */
			other += !np_line_is_space(*s);
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
static int is_prose(const char *s)
{
	int unspaced;
	size_t words = count_prose_words(s, &unspaced);
	return words >= PROSE_MIN_WORDS && (unspaced || ends_sentence(s));
}

static int is_date_line(const char *s)
{
	char iso[NP_DATE_ISO_MAX];
	return np_date_parse(s, iso) || np_date_is_relative(s);
}

static int date_at(const seg *sg, size_t k)
{
	return sg->flag[k] & FLAG_DATE;
}

static int headline_at(const seg *sg, size_t k)
{
	const char *s = line_at(sg, k);
	return *s && strlen(s) <= HEADLINE_MAX_BYTES && !(sg->flag[k] & (FLAG_FURNITURE | FLAG_DATE));
}

static int outlet_like(const char *s, size_t n)
{
	return np_line_is_short(s, n, OUTLET_MAX_BYTES, OUTLET_MAX_WORDS);
}

/* ------------------------------------------------------------------ */
/* Records (rail items)                                                */
/* ------------------------------------------------------------------ */

/* After a headline, from line j: a date, or an outlet (once or twice) and a date. */
static void read_outlet_date(const seg *sg, size_t j, record *r)
{
	size_t n = sg->pg.n;
	if (j >= n)
		return;
	const char *o = line_at(sg, j);
	if (date_at(sg, j)) {
		r->has_date = 1;
		r->date = j;
		r->next = j + 1;
		return;
	}
	if ((sg->flag[j] & FLAG_FURNITURE) || !outlet_like(o, strlen(o)))
		return;
	size_t k = next_nonblank(sg, j + 1);
	if (k < n && strcmp(line_at(sg, k), o) == 0)
		k = next_nonblank(sg, k + 1); /* the outlet printed twice */
	if (k < n && date_at(sg, k)) {
		r->has_outlet = r->has_date = 1;
		r->outlet = j;
		r->date = k;
		r->next = k + 1;
	}
}

/* Reads the record starting at line i; 0 if line i cannot be a headline. */
static int record_read(const seg *sg, size_t i, record *r)
{
	memset(r, 0, sizeof *r);
	r->title = i;
	r->next = i + 1;
	if (!headline_at(sg, i))
		return 0;
	size_t j = next_nonblank(sg, i + 1);
	if (j < sg->pg.n && strcmp(line_at(sg, j), line_at(sg, i)) == 0) {
		r->repeated = 1;
		r->next = j + 1;
		j = next_nonblank(sg, j + 1);
	}
	read_outlet_date(sg, j, r);
	return 1;
}

/* The rank a line holds alone ("1", "2.", "3)"), or 0. */
static int rank_of(const char *s)
{
	int v = 0;
	size_t k = 0;
	for (; s[k] >= '0' && s[k] <= '9' && k < 2; k++)
		v = v * 10 + (s[k] - '0');
	if (k && (s[k] == '.' || s[k] == ')'))
		k++;
	return k && !s[k] && v >= 1 && v <= RANK_MAX ? v : 0;
}

/* A headline's blurb in a list: text of a sentence's length or more, not a
 * rank and not furniture. It need not end in a period: blurbs are often cut. */
static int is_blurb(const seg *sg, size_t k)
{
	const char *s = line_at(sg, k);
	int unspaced;
	return !rank_of(s) && !(sg->flag[k] & (FLAG_FURNITURE | FLAG_DATE)) &&
	       count_prose_words(s, &unspaced) >= PROSE_MIN_WORDS;
}

/* Reads a ranked record at line i, whose rank must be `rank`: the rank, a
 * headline, and the blurb under it when there is one. */
static int ranked_read(const seg *sg, size_t i, int rank, record *r)
{
	memset(r, 0, sizeof *r);
	if (i >= sg->pg.n || rank_of(line_at(sg, i)) != rank)
		return 0;
	size_t t = next_nonblank(sg, i + 1);
	if (t >= sg->pg.n || !headline_at(sg, t) || rank_of(line_at(sg, t)))
		return 0;
	r->title = t;
	r->next = t + 1;
	size_t b = next_nonblank(sg, t + 1);
	if (b < sg->pg.n && is_blurb(sg, b)) {
		r->has_teaser = 1;
		r->teaser = b;
		r->next = b + 1;
	}
	return 1;
}

/* Whether a ranked list (RANKED_MIN_RECORDS records counting up from
 * `rank`) starts at line i. */
static int ranked_list_at(const seg *sg, size_t i, int rank)
{
	record r;
	for (int k = 0; k < RANKED_MIN_RECORDS; k++) {
		if (!ranked_read(sg, i, rank + k, &r))
			return 0;
		i = next_nonblank(sg, r.next);
	}
	return 1;
}

/* A rail item: a repeated headline (as galleries print captions) or a dated one. */
static int record_is_item(const record *r)
{
	return r->repeated || r->has_date;
}

/* Whether RAIL_MIN_RECORDS headline/outlet/date records follow in a row from line i. */
static int rail_starts_at(const seg *sg, size_t i)
{
	record r;
	for (int k = 0; k < RAIL_MIN_RECORDS; k++) {
		if (i >= sg->pg.n || !record_read(sg, i, &r) || !r.has_outlet)
			return 0;
		i = next_nonblank(sg, r.next);
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Filling the story                                                   */
/* ------------------------------------------------------------------ */

static int push_credit(seg *sg, np_credit_kind kind, const char *v, size_t n)
{
	np_story *st = sg->st;
	if (st->n_credits == sg->credits_cap) {
		size_t cap = NP_GROW(sg->credits_cap);
		np_credit *c = realloc(st->credits, cap * sizeof *c);
		if (!c)
			return -1;
		st->credits = c;
		sg->credits_cap = cap;
	}
	char *value = np_strndup(v, n);
	if (!value)
		return -1;
	st->credits[st->n_credits++] = (np_credit){kind, value};
	return 0;
}

static void close_rail(seg *sg)
{
	sg->rail = -1;
	sg->rail_bare = 0;
}

static int open_rail(seg *sg, const char *heading)
{
	np_story *st = sg->st;
	if (st->n_rails == sg->rails_cap) {
		size_t cap = NP_GROW(sg->rails_cap);
		np_rail *r = realloc(st->rails, cap * sizeof *r);
		if (!r)
			return -1;
		st->rails = r;
		sg->rails_cap = cap;
	}
	np_rail *r = &st->rails[st->n_rails];
	memset(r, 0, sizeof *r);
	if (heading && !(r->heading = np_strdup(heading)))
		return -1;
	sg->rail = (long)st->n_rails++;
	sg->rail_bare = 0;
	sg->items_cap = 0;
	return 0;
}

/* A relative date ("8 giờ trước") resolved against the fetch time, if known. */
static int resolve_date(const seg *sg, const char *s, char *iso)
{
	return sg->opts && np_date_resolve(s, sg->opts->fetched, iso);
}

/* A rail item's date: resolved when relative and the fetch time is known,
 * else as printed. */
static int copy_date(const seg *sg, int has, size_t k, char **out)
{
	char iso[NP_DATE_ISO_MAX];
	const char *s = line_at(sg, k);
	*out = !has ? NULL : resolve_date(sg, s, iso) ? np_strdup(iso) : np_strdup(s);
	return has && !*out ? -1 : 0;
}

/* A copy of line k of the record, or NULL (no error) when has is 0. */
static int copy_field(const seg *sg, int has, size_t k, char **out)
{
	*out = has ? np_strdup(line_at(sg, k)) : NULL;
	return has && !*out ? -1 : 0;
}

static int add_item(seg *sg, const record *rec)
{
	np_rail *r = &sg->st->rails[sg->rail];
	if (r->n_items == sg->items_cap) {
		size_t cap = NP_GROW(sg->items_cap);
		np_rail_item *items = realloc(r->items, cap * sizeof *items);
		if (!items)
			return -1;
		r->items = items;
		sg->items_cap = cap;
	}
	np_rail_item it = {0};
	if (copy_field(sg, 1, rec->title, &it.title) ||
	    copy_field(sg, rec->has_outlet, rec->outlet, &it.outlet) ||
	    copy_date(sg, rec->has_date, rec->date, &it.date)) {
		free(it.title), free(it.outlet);
		return -1;
	}
	r->items[r->n_items++] = it;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The body                                                            */
/* ------------------------------------------------------------------ */

/* A wire dateline is looked for in the first paragraph of the body proper:
 * the paragraphs up to the first one of prose. */
static int look_for_dateline(seg *sg, const char *para)
{
	const char *name;
	size_t n;
	if (sg->dateline_seen || !np_agency_dateline(para, &name, &n))
		return 0;
	sg->dateline_seen = 1;
	return push_credit(sg, NP_CREDIT_AGENCY, name, n);
}

/* Whether the paragraph gathered is a box of links: boilerplate. */
static int para_is_link_box(const seg *sg)
{
	return sg->para_lines >= LINK_BOX_MIN_LINES && !sg->para_sentences;
}

static int flush_para(seg *sg)
{
	np_buf *b = &sg->para;
	if (!b->len)
		return 0;
	int box = para_is_link_box(sg);
	sg->para_lines = sg->para_sentences = 0;
	if (box) {
		int rc = np_strv_pushn(&sg->st->boilerplate, b->p, b->len);
		np_buf_reset(b);
		sg->para_prose = 0;
		return rc;
	}
	if (!sg->body_prose && look_for_dateline(sg, b->p))
		return -1;
	if (np_strv_pushn(&sg->st->body, b->p, b->len))
		return -1;
	sg->body_prose |= sg->para_prose;
	sg->para_prose = 0;
	np_buf_reset(b);
	return 0;
}

/* Whether line k lies in the body, or after it. */
static int in_body(const seg *sg, size_t k)
{
	return sg->body.found && k >= sg->body.lo && k <= sg->body.hi;
}

static int past_body(const seg *sg, size_t k)
{
	return !sg->body.found || k > sg->body.hi;
}

/* Lines of one paragraph are joined by a space. */
static int add_text(seg *sg, const char *s)
{
	np_line_kind k = sg->info[sg->i].kind;
	sg->para_prose |= is_prose(s);
	sg->para_lines++;
	sg->para_sentences += k == NP_LINE_PROSE || k == NP_LINE_SENTENCE;
	if (sg->para.len && np_buf_addc(&sg->para, ' '))
		return -1;
	return np_buf_adds(&sg->para, s);
}

/* ------------------------------------------------------------------ */
/* Takers: each returns 1 when it took line sg->i (and moved on), 0     */
/* when the line is not its kind, -1 when out of memory.               */
/* ------------------------------------------------------------------ */

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
static int is_widget(const char *s)
{
	return np_lexicon_is_widget(s) || is_counter_widget(s) || np_line_is_link_bar(s);
}

static int take_widget(seg *sg, const char *s)
{
	if (!is_widget(s) && !np_lexicon_is_notice(s))
		return 0;
	close_rail(sg);
	if (flush_para(sg) || np_strv_push(&sg->st->boilerplate, s))
		return -1;
	sg->i++;
	return 1;
}

static int take_credit(seg *sg, const char *s)
{
	np_credit_kind kind;
	const char *v;
	size_t n;
	if (!np_credit_line(s, &kind, &v, &n))
		return 0;
	close_rail(sg);
	if (flush_para(sg) || push_credit(sg, kind, v, n))
		return -1;
	sg->i++;
	return 1;
}

/* An image caption inside the body is dropped without ending the body. */
static int take_caption(seg *sg, const char *s)
{
	if (!np_lexicon_is_caption(s))
		return 0;
	if (flush_para(sg) || np_strv_push(&sg->st->boilerplate, s))
		return -1;
	sg->i++;
	return 1;
}

static int take_heading(seg *sg, const char *s)
{
	if (!np_lexicon_is_rail_heading(s))
		return 0;
	close_rail(sg);
	if (flush_para(sg) || open_rail(sg, s))
		return -1;
	sg->i++;
	return 1;
}

/* A bare headline as a one-line record. */
static void bare_record(size_t i, record *r)
{
	memset(r, 0, sizeof *r);
	r->title = i;
	r->next = i + 1;
}

/* A headline's teaser under it in a list of links: a sentence ending in a
 * period (headlines do not end in one). */
static int is_teaser(const char *s)
{
	size_t n = strlen(s);
	return n && s[n - 1] == '.' && np_line_words(s, n) >= SENTENCE_MIN_WORDS;
}

static int take_teaser(seg *sg, const char *s)
{
	if (np_strv_push(&sg->st->boilerplate, s))
		return -1;
	sg->i++;
	return 1;
}

/* Items of the open rail: records; or bare headlines, one a line up to the
 * next blank line, under a heading whose first item is one (a list of links). */
static int take_rail_item(seg *sg, const char *s)
{
	(void)s;
	if (sg->rail < 0)
		return 0;
	record r;
	const np_rail *rail = &sg->st->rails[sg->rail];
	int shaped = !sg->rail_bare && record_read(sg, sg->i, &r) && record_is_item(&r);
	if (!shaped && sg->rail_bare && is_teaser(s))
		return take_teaser(sg, s);
	if (!shaped) {
		int bare_ok = sg->rail_bare || (rail->heading && !rail->n_items);
		if (!bare_ok || !headline_at(sg, sg->i) || sg->info[sg->i].kind == NP_LINE_PROSE) {
			close_rail(sg);
			return 0;
		}
		sg->rail_bare = 1;
		bare_record(sg->i, &r);
	}
	if (add_item(sg, &r))
		return -1;
	sg->i = r.next;
	return 1;
}

/* An item of a ranked list: its rank continues the open rail's, or it opens
 * a list (a rail of its own when no heading opened one). The blurb is
 * boilerplate. */
static int take_ranked_item(seg *sg, const char *s)
{
	record r;
	int rank = rank_of(s);
	long open = sg->rail;
	int continues = open >= 0 && (int)sg->st->rails[open].n_items == rank - 1;
	if (!rank || !(continues || (rank == 1 && ranked_list_at(sg, sg->i, 1))) ||
	    !ranked_read(sg, sg->i, rank, &r))
		return 0;
	if (flush_para(sg) || (!continues && open < 0 && open_rail(sg, NULL)) || add_item(sg, &r) ||
	    (r.has_teaser && np_strv_push(&sg->st->boilerplate, line_at(sg, r.teaser))))
		return -1;
	sg->i = r.next;
	return 1;
}

/* A rail with no heading: after the body, any record; before its end, only
 * RAIL_MIN_RECORDS records in a row (a body may repeat a line by chance). */
static int take_headless_rail(seg *sg, const char *s)
{
	(void)s;
	record r;
	if (!record_read(sg, sg->i, &r) || !record_is_item(&r))
		return 0;
	if (!past_body(sg, sg->i) && !rail_starts_at(sg, sg->i))
		return 0;
	if (flush_para(sg) || open_rail(sg, NULL) || add_item(sg, &r))
		return -1;
	sg->i = r.next;
	return 1;
}

/* Body lines are text; a bare web address among them is a link, not text. */
static int take_text(seg *sg, const char *s)
{
	int text = in_body(sg, sg->i) && !np_line_is_bare_url(s);
	int rc = text ? add_text(sg, s) : np_strv_push(&sg->st->boilerplate, s);
	if (rc)
		return -1;
	sg->i++;
	return 1;
}

typedef int (*taker)(seg *sg, const char *s);

static const taker takers[] = {
	take_widget, take_credit, take_caption, take_heading,
	take_ranked_item, take_rail_item, take_headless_rail, take_text,
};

static int on_blank(seg *sg)
{
	if (sg->rail_bare)
		close_rail(sg);
	sg->i++;
	return flush_para(sg);
}

static int read_lines(seg *sg)
{
	while (sg->i < sg->pg.n) {
		const char *s = line_at(sg, sg->i);
		if (sg->flag[sg->i] & FLAG_HEAD) {
			sg->i++;
			continue;
		}
		if (!*s) {
			if (on_blank(sg))
				return -1;
			continue;
		}
		for (size_t k = 0; k < sizeof takers / sizeof takers[0]; k++) {
			int rc = takers[k](sg, s);
			if (rc < 0)
				return -1;
			if (rc > 0)
				break;
		}
	}
	return flush_para(sg);
}

/* ------------------------------------------------------------------ */
/* Title and dateline                                                  */
/* ------------------------------------------------------------------ */

static int is_outlet_separator(char c)
{
	return np_line_is_space(c) || c == '-' || c == '|' || c == ',' || c == ':';
}

/* The outlet before a date: separators trimmed, and printed once when the
 * page printed it twice ("Báo Thanh niênBáo Thanh niên" or "VTC News VTC News"). */
static size_t outlet_len(const char *s, size_t n)
{
	while (n && is_outlet_separator(s[n - 1]))
		n--;
	size_t half = n / 2;
	int glued = n % 2 == 0;
	if (half && (glued || s[half] == ' ') && memcmp(s, s + n - half, half) == 0)
		return half;
	return n;
}

/* Sets the outlet and date (iso, or NULL when unknown) read from lines
 * d..next-1, which the takers then skip. */
static int set_dateline(seg *sg, const char *outlet, size_t n, const char *iso, size_t d,
                        size_t next)
{
	if (outlet && !(sg->st->outlet = np_strndup(outlet, n)))
		return -1;
	if (iso && !(sg->st->published = np_strdup(iso)))
		return -1;
	for (; d < next; d++)
		sg->flag[d] |= FLAG_HEAD;
	return 1;
}

/* The dateline at line d: a date, an outlet glued to a date, or an outlet
 * line (once or twice) above a date line. 1 when found, 0 when not. */
static int read_dateline(seg *sg, size_t d)
{
	char iso[NP_DATE_ISO_MAX];
	const char *s = line_at(sg, d);
	if (np_date_parse(s, iso) || resolve_date(sg, s, iso))
		return set_dateline(sg, NULL, 0, iso, d, d + 1);
	long off = np_date_find_suffix(s, iso);
	if (off > 0) {
		size_t n = outlet_len(s, (size_t)off);
		return outlet_like(s, n) ? set_dateline(sg, s, n, iso, d, d + 1) : 0;
	}
	record r = {0};
	read_outlet_date(sg, d, &r);
	if (!r.has_outlet)
		return 0;
	/* a relative date with no fetch time to resolve it: the outlet alone */
	const char *date = line_at(sg, r.date);
	int dated = np_date_parse(date, iso) || resolve_date(sg, date, iso);
	return set_dateline(sg, s, strlen(s), dated ? iso : NULL, d, r.next);
}

/* The first dateline among the lines after the title, up to the body. */
static int find_dateline(seg *sg, size_t t)
{
	size_t end = sg->body.found ? sg->body.lo : sg->pg.n;
	size_t seen = 0;
	for (size_t d = next_nonblank(sg, t + 1); d < end && seen < DATELINE_WINDOW;
	     d = next_nonblank(sg, d + 1), seen++) {
		int rc = read_dateline(sg, d);
		if (rc)
			return rc < 0 ? -1 : 0;
	}
	return 0;
}

/* The title (the headline nearest the body that its lead speaks of, or the
 * first line of a page with no body found) and the dateline after it. */
static int read_head(seg *sg)
{
	size_t t = sg->body.found ? np_title_pick((const char *const *)sg->pg.lines, sg->info,
	                                          sg->pg.n, sg->body)
	                          : sg->pg.n;
	if (t >= sg->pg.n)
		t = next_nonblank(sg, 0);
	if (t >= sg->pg.n)
		return 0;
	if (!(sg->st->title = np_strdup(line_at(sg, t))))
		return -1;
	sg->flag[t] |= FLAG_HEAD;
	return find_dateline(sg, t);
}

/* ------------------------------------------------------------------ */
/* Line kinds and the body                                             */
/* ------------------------------------------------------------------ */

/* A line the caller knows to be boilerplate of this page's outlet. */
static int is_known(const seg *sg, const char *s)
{
	const np_segment_opts *o = sg->opts;
	for (size_t k = 0; o && k < o->n_known; k++)
		if (o->known[k] && strcmp(o->known[k], s) == 0)
			return 1;
	return 0;
}

/* A line of text that is none of the furniture: prose, a sentence or short. */
static np_line_kind text_kind(const char *s, unsigned *words)
{
	int unspaced;
	size_t w = count_prose_words(s, &unspaced);
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

static np_line_kind line_kind(const seg *sg, const char *s, unsigned *words)
{
	np_credit_kind ck;
	const char *v;
	size_t n;
	*words = 0;
	if (!*s)
		return NP_LINE_BLANK;
	if (is_known(sg, s))
		return NP_LINE_KNOWN;
	if (np_lexicon_is_body_end(s))
		return NP_LINE_END;
	if (is_widget(s))
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

static void classify_lines(seg *sg)
{
	for (size_t k = 0; k < sg->pg.n; k++) {
		np_line_info *l = &sg->info[k];
		l->kind = line_kind(sg, line_at(sg, k), &l->words);
		sg->flag[k] = l->kind == NP_LINE_DATE ? FLAG_DATE : 0;
		if (l->kind == NP_LINE_WIDGET || l->kind == NP_LINE_HEADING || l->kind == NP_LINE_END ||
		    l->kind == NP_LINE_NOTICE)
			sg->flag[k] |= FLAG_FURNITURE;
	}
	mark_wrapped(sg);
}

/* Marks the lines of the records that follow one another from line k as
 * rail lines; the first line after them. */
static size_t mark_records(seg *sg, size_t k)
{
	record r;
	while (k < sg->pg.n && record_read(sg, k, &r) && record_is_item(&r)) {
		for (size_t j = k; j < r.next; j++)
			if (sg->info[j].kind != NP_LINE_BLANK)
				sg->info[j].kind = NP_LINE_RAIL;
		k = next_nonblank(sg, r.next);
	}
	return k;
}

/* Marks the lines of the ranked list from line k as rail lines; the first
 * line after it. */
static size_t mark_ranked(seg *sg, size_t k)
{
	record r;
	for (int rank = 1; ranked_read(sg, k, rank, &r); rank++) {
		for (size_t j = k; j < r.next; j++)
			if (sg->info[j].kind != NP_LINE_BLANK)
				sg->info[j].kind = NP_LINE_RAIL;
		k = next_nonblank(sg, r.next);
	}
	return k;
}

/* Rails weigh against the body: records after a heading, a run of
 * RAIL_MIN_RECORDS records anywhere, a ranked list, and a headline printed
 * twice (a gallery). */
static void mark_rails(seg *sg)
{
	record r;
	for (size_t k = 0; k < sg->pg.n;) {
		size_t next = k + 1;
		if (ranked_list_at(sg, k, 1))
			next = mark_ranked(sg, k);
		else if (sg->info[k].kind == NP_LINE_HEADING)
			next = mark_records(sg, next_nonblank(sg, k + 1));
		else if (rail_starts_at(sg, k) || (record_read(sg, k, &r) && r.repeated))
			next = mark_records(sg, k);
		k = next > k ? next : k + 1;
	}
}

static int find_body(seg *sg)
{
	size_t n = sg->pg.n ? sg->pg.n : 1;
	sg->info = calloc(n, sizeof *sg->info);
	sg->flag = calloc(n, sizeof *sg->flag);
	if (!sg->info || !sg->flag)
		return -1;
	classify_lines(sg);
	mark_rails(sg);
	if (np_mark_repeats((const char *const *)sg->pg.lines, sg->info, sg->pg.n))
		return -1;
	np_mark_labelled(sg->info, sg->pg.n);
	sg->body = np_body_region(sg->info, sg->pg.n);
	return 0;
}

np_status np_segment_ex(const char *text, size_t len, const np_segment_opts *opts,
                        np_story **out, np_error *err)
{
	if (!out || (!text && len))
		return np_fail(err, NP_EINVAL, "segment: no text or no place for the story");
	*out = NULL;
	seg sg = {.rail = -1, .opts = opts};
	sg.st = np_story_new();
	int rc = !sg.st || page_split(&sg.pg, text, len) || find_body(&sg) || read_head(&sg) ||
	         read_lines(&sg);
	page_free(&sg.pg);
	free(sg.info);
	free(sg.flag);
	np_buf_free(&sg.para);
	if (rc) {
		np_story_free(sg.st);
		return np_fail(err, NP_ENOMEM, "segment: out of memory");
	}
	*out = sg.st;
	return NP_OK;
}

np_status np_segment(const char *text, size_t len, np_story **out, np_error *err)
{
	return np_segment_ex(text, len, NULL, out, err);
}
