/*
 * segment_int.h — what the segmenter's files share (segment.c reads a page
 * through; page.c splits it into lines; line_kind.c gives each line its
 * kind; rail_record.c finds rail records and ranked lists): the page, the
 * segmenting state, and the measures of a line they all use. Nothing outside
 * the segmenter includes it.
 */
#ifndef NP_SEGMENT_INT_H
#define NP_SEGMENT_INT_H

#include <stddef.h>

#include "newsprint.h"
#include "segment/region.h"
#include "util/strbuf.h"

/* A line of prose: a sentence of at least 12 words ending in sentence
 * punctuation. Menus and link lists rarely have such lines, article text
 * nearly always does (a news sentence averages 20 words or more). */
#define PROSE_MIN_WORDS 12
/* A shorter line ending like a sentence weighs for the body from three words
 * ("He declined comment."); two words ending in a period are as often a
 * label ("Read more.") as text. */
#define SENTENCE_MIN_WORDS 3

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

/* Line k of the page, trimmed ("" when blank). */
static inline const char *line_at(const seg *sg, size_t k)
{
	return sg->pg.lines[k];
}

/* The first line at or after k that is not blank (sg->pg.n when none). */
static inline size_t next_nonblank(const seg *sg, size_t k)
{
	while (k < sg->pg.n && !*sg->pg.lines[k])
		k++;
	return k;
}

/* page.c: a page dump into trimmed lines */

/* Splits text into trimmed lines at LF, CRLF or a lone CR. */
int np_seg_page_split(page *pg, const char *text, size_t len);

/* Frees what np_seg_page_split made. */
void np_seg_page_free(page *pg);

/* line_kind.c: the kind of each line */

/* Words of s, counting the characters of scripts without spaces; *unspaced
 * says whether those characters are most of the text. */
size_t np_seg_prose_words(const char *s, int *unspaced);

/* Thai and Lao end sentences with a space, not a mark: in those scripts a
 * long line is prose by its length alone. */
int np_seg_is_prose(const char *s);

/* Interface text: the lexicon's, a counter ("Comments (3)"), a bar of links. */
int np_seg_is_widget(const char *s);

/* Sets the kind and the flags of every line of the page. */
void np_seg_classify_lines(seg *sg);

/* rail_record.c: rail records and ranked lists */

/* Whether line k can be a headline: not too long, not furniture nor a date. */
int np_seg_headline_at(const seg *sg, size_t k);

/* Whether the n bytes of s are short enough to be an outlet's name. */
int np_seg_outlet_like(const char *s, size_t n);

/* After a headline, from line j: a date, or an outlet (once or twice) and a date. */
void np_seg_read_outlet_date(const seg *sg, size_t j, record *r);

/* Reads the record starting at line i; 0 if line i cannot be a headline. */
int np_seg_record_read(const seg *sg, size_t i, record *r);

/* The rank a line holds alone ("1", "2.", "3)"), or 0. */
int np_seg_rank_of(const char *s);

/* Reads a ranked record at line i, whose rank must be `rank`: the rank, a
 * headline, and the blurb under it when there is one. */
int np_seg_ranked_read(const seg *sg, size_t i, int rank, record *r);

/* Whether a ranked list (RANKED_MIN_RECORDS records counting up from
 * `rank`) starts at line i. */
int np_seg_ranked_list_at(const seg *sg, size_t i, int rank);

/* A rail item: a repeated headline (as galleries print captions) or a dated one. */
int np_seg_record_is_item(const record *r);

/* Whether RAIL_MIN_RECORDS headline/outlet/date records follow in a row from line i. */
int np_seg_rail_starts_at(const seg *sg, size_t i);

/* Rails weigh against the body: records after a heading, a run of
 * RAIL_MIN_RECORDS records anywhere, a ranked list, and a headline printed
 * twice (a gallery). */
void np_seg_mark_rails(seg *sg);

#endif
