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
 *
 * Before the page is read through, every line gets its kind (line_kind.c)
 * and the rail records and ranked lists are marked (rail_record.c), so that the
 * body's region (region.c) and the title (title.c) can be found; page.c
 * splits the text into lines.
 */
#include <stdlib.h>
#include <string.h>

#include "newsprint.h"
#include "read/date.h"
#include "read/lexicon.h"
#include "segment/credit.h"
#include "segment/line_measure.h"
#include "segment/pattern.h"
#include "segment/region.h"
#include "segment/segment_int.h"
#include "segment/title.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/version.h"

/* Lines after the title the dateline is looked for in: the outlet, a byline,
 * "Posted:", the date and a share bar or two come between them on most sites. */
#define DATELINE_WINDOW 8
/* A paragraph of this many lines or more, none of them a sentence, is a box
 * of links inside the body ("Portsmouth homepage" / "Fans' forum"), not
 * text: a subheading stands alone on its line, a list of links does not. */
#define LINK_BOX_MIN_LINES 2

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
	sg->para_prose |= np_seg_is_prose(s);
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

static int take_widget(seg *sg, const char *s)
{
	if (!np_seg_is_widget(s) && !np_lexicon_is_notice(s))
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
	int shaped = !sg->rail_bare && np_seg_record_read(sg, sg->i, &r) && np_seg_record_is_item(&r);
	if (!shaped && sg->rail_bare && is_teaser(s))
		return take_teaser(sg, s);
	if (!shaped) {
		int bare_ok = sg->rail_bare || (rail->heading && !rail->n_items);
		if (!bare_ok || !np_seg_headline_at(sg, sg->i) || sg->info[sg->i].kind == NP_LINE_PROSE) {
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
	int rank = np_seg_rank_of(s);
	long open = sg->rail;
	int continues = open >= 0 && (int)sg->st->rails[open].n_items == rank - 1;
	if (!rank || !(continues || (rank == 1 && np_seg_ranked_list_at(sg, sg->i, 1))) ||
	    !np_seg_ranked_read(sg, sg->i, rank, &r))
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
	if (!np_seg_record_read(sg, sg->i, &r) || !np_seg_record_is_item(&r))
		return 0;
	if (!past_body(sg, sg->i) && !np_seg_rail_starts_at(sg, sg->i))
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
		return np_seg_outlet_like(s, n) ? set_dateline(sg, s, n, iso, d, d + 1) : 0;
	}
	record r = {0};
	np_seg_read_outlet_date(sg, d, &r);
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

static int find_body(seg *sg)
{
	size_t n = sg->pg.n ? sg->pg.n : 1;
	sg->info = calloc(n, sizeof *sg->info);
	sg->flag = calloc(n, sizeof *sg->flag);
	if (!sg->info || !sg->flag)
		return -1;
	np_seg_classify_lines(sg);
	np_seg_mark_rails(sg);
	if (np_mark_repeats((const char *const *)sg->pg.lines, sg->info, sg->pg.n))
		return -1;
	np_mark_labelled(sg->info, sg->pg.n);
	sg->body = np_body_region(sg->info, sg->pg.n);
	return 0;
}

np_status np_segment_opts_init(np_segment_opts *opts, unsigned version, np_error *err)
{
	np_status rc = np_check_version("np_segment_opts", version, NP_SEGMENT_OPTS_VERSION, err);
	if (rc == NP_OK)
		*opts = (np_segment_opts)NP_SEGMENT_OPTS_INIT;
	return rc;
}

np_status np_segment_ex(const char *text, size_t len, const np_segment_opts *opts,
                        np_story **out, np_error *err)
{
	if (!out || (!text && len))
		return np_fail(err, NP_EINVAL, "segment: no text or no place for the story");
	*out = NULL;
	if (opts && np_check_version("np_segment_opts", opts->version, NP_SEGMENT_OPTS_VERSION, err))
		return NP_EINVAL;
	seg sg = {.rail = -1, .opts = opts};
	sg.st = np_story_new();
	int rc = !sg.st || np_seg_page_split(&sg.pg, text, len) || find_body(&sg) || read_head(&sg) ||
	         read_lines(&sg);
	np_seg_page_free(&sg.pg);
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
