/*
 * rail_record.c — rail records in a page's lines: a headline, perhaps printed
 * twice, then perhaps an outlet (once or twice) and a date; and ranked lists
 * ("1" / headline / blurb). Marking them before the page is read through
 * makes rails weigh against the body wherever they stand.
 */
#include <string.h>

#include "segment/line_measure.h"
#include "segment/segment_int.h"

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
/* "Most read" lists number their items: a line holding only a rank, 1 to
 * 99, then the headline and perhaps a blurb. Two ranked records in a row,
 * counting up from 1, are a list; one is chance. */
#define RANK_MAX 99
#define RANKED_MIN_RECORDS 2

static int date_at(const seg *sg, size_t k)
{
	return sg->flag[k] & FLAG_DATE;
}

/* Whether line k can be a headline: not too long, not furniture nor a date. */
int np_seg_headline_at(const seg *sg, size_t k)
{
	const char *s = line_at(sg, k);
	return *s && strlen(s) <= HEADLINE_MAX_BYTES && !(sg->flag[k] & (FLAG_FURNITURE | FLAG_DATE));
}

/* Whether the n bytes of s are short enough to be an outlet's name. */
int np_seg_outlet_like(const char *s, size_t n)
{
	return np_line_is_short(s, n, OUTLET_MAX_BYTES, OUTLET_MAX_WORDS);
}

/* After a headline, from line j: a date, or an outlet (once or twice) and a date. */
void np_seg_read_outlet_date(const seg *sg, size_t j, record *r)
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
	if ((sg->flag[j] & FLAG_FURNITURE) || !np_seg_outlet_like(o, strlen(o)))
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
int np_seg_record_read(const seg *sg, size_t i, record *r)
{
	memset(r, 0, sizeof *r);
	r->title = i;
	r->next = i + 1;
	if (!np_seg_headline_at(sg, i))
		return 0;
	size_t j = next_nonblank(sg, i + 1);
	if (j < sg->pg.n && strcmp(line_at(sg, j), line_at(sg, i)) == 0) {
		r->repeated = 1;
		r->next = j + 1;
		j = next_nonblank(sg, j + 1);
	}
	np_seg_read_outlet_date(sg, j, r);
	return 1;
}

/* The rank a line holds alone ("1", "2.", "3)"), or 0. */
int np_seg_rank_of(const char *s)
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
	return !np_seg_rank_of(s) && !(sg->flag[k] & (FLAG_FURNITURE | FLAG_DATE)) &&
	       np_seg_prose_words(s, &unspaced) >= PROSE_MIN_WORDS;
}

/* Reads a ranked record at line i, whose rank must be `rank`: the rank, a
 * headline, and the blurb under it when there is one. */
int np_seg_ranked_read(const seg *sg, size_t i, int rank, record *r)
{
	memset(r, 0, sizeof *r);
	if (i >= sg->pg.n || np_seg_rank_of(line_at(sg, i)) != rank)
		return 0;
	size_t t = next_nonblank(sg, i + 1);
	if (t >= sg->pg.n || !np_seg_headline_at(sg, t) || np_seg_rank_of(line_at(sg, t)))
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
int np_seg_ranked_list_at(const seg *sg, size_t i, int rank)
{
	record r;
	for (int k = 0; k < RANKED_MIN_RECORDS; k++) {
		if (!np_seg_ranked_read(sg, i, rank + k, &r))
			return 0;
		i = next_nonblank(sg, r.next);
	}
	return 1;
}

/* A rail item: a repeated headline (as galleries print captions) or a dated one. */
int np_seg_record_is_item(const record *r)
{
	return r->repeated || r->has_date;
}

/* Whether RAIL_MIN_RECORDS headline/outlet/date records follow in a row from line i. */
int np_seg_rail_starts_at(const seg *sg, size_t i)
{
	record r;
	for (int k = 0; k < RAIL_MIN_RECORDS; k++) {
		if (i >= sg->pg.n || !np_seg_record_read(sg, i, &r) || !r.has_outlet)
			return 0;
		i = next_nonblank(sg, r.next);
	}
	return 1;
}

/* Marks the lines of the records that follow one another from line k as
 * rail lines; the first line after them. */
static size_t mark_records(seg *sg, size_t k)
{
	record r;
	while (k < sg->pg.n && np_seg_record_read(sg, k, &r) && np_seg_record_is_item(&r)) {
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
	for (int rank = 1; np_seg_ranked_read(sg, k, rank, &r); rank++) {
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
void np_seg_mark_rails(seg *sg)
{
	record r;
	for (size_t k = 0; k < sg->pg.n;) {
		size_t next = k + 1;
		if (np_seg_ranked_list_at(sg, k, 1))
			next = mark_ranked(sg, k);
		else if (sg->info[k].kind == NP_LINE_HEADING)
			next = mark_records(sg, next_nonblank(sg, k + 1));
		else if (np_seg_rail_starts_at(sg, k) || (np_seg_record_read(sg, k, &r) && r.repeated))
			next = mark_records(sg, k);
		k = next > k ? next : k + 1;
	}
}
