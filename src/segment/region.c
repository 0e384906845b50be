/*
 * region.c — the body as the heaviest run of lines (see region.h).
 *
 * Each line weighs for or against the body: prose by its words, furniture
 * by a fixed cost. The body is the run with the largest total weight (the
 * maximum-sum subarray, found in one pass). Short lines between paragraphs
 * cost little against the prose around them and stay in; a menu of forty
 * entries, a list of headlines or a rail costs more than any paragraph next
 * to it brings and stays out. Lines of kind NP_LINE_END are walls: no body
 * runs across one.
 */
#include "segment/region.h"

/* A line of prose weighs its words. A shorter sentence weighs half of its
 * words: it is as likely a body's short paragraph ("He declined to comment.")
 * as a teaser or a notice. */
#define SENTENCE_WEIGHT_DIV 2
/* One short line (a menu entry, a label, a bare headline) costs about as much
 * as a short sentence brings: three of them in a row outweigh a ten-word
 * paragraph, and the 40-entry menus of news sites outweigh any lead. */
#define SHORT_COST 3
/* A date or a widget line inside a body is rare; in headers and comment
 * threads (a date per comment) it is the rule. */
#define FURNITURE_COST 4
/* A credit, a rail heading or a copyright notice ends an article more often than not: it costs
 * as much as a typical paragraph of 20 words brings, so that only a body
 * that goes on for more than a paragraph after it is read across it. */
#define BOUNDARY_COST 20
/* A line of a rail record (headline, outlet, date in a list of three or more). */
#define RAIL_COST 6

/* The weight of one line; *wall is set for a line no body crosses. */
static long line_weight(const np_line_info *l, int *wall)
{
	*wall = 0;
	switch (l->kind) {
	case NP_LINE_BLANK:
	case NP_LINE_CAPTION:
		return 0;
	case NP_LINE_PROSE:
		return (long)l->words;
	case NP_LINE_SENTENCE:
		return (long)(l->words / SENTENCE_WEIGHT_DIV);
	case NP_LINE_SHORT:
		return -SHORT_COST;
	case NP_LINE_DATE:
	case NP_LINE_WIDGET:
		return -FURNITURE_COST;
	case NP_LINE_CREDIT:
	case NP_LINE_HEADING:
	case NP_LINE_NOTICE:
		return -BOUNDARY_COST;
	case NP_LINE_RAIL:
		return -RAIL_COST;
	case NP_LINE_END:
		*wall = 1;
		return 0;
	}
	return 0;
}

/* A comment thread can hold more prose than the article above it: the first
 * line that opens one, once this many words of prose are above it, ends the
 * lines a body is looked for in. Fewer words above it, it is a link in the
 * page's header ("Comments (12)" next to the headline). */
#define END_MIN_PROSE_WORDS 40

/* The lines a body can lie in: up to the first comment opener after prose. */
static size_t body_limit(const np_line_info *lines, size_t n)
{
	unsigned long prose = 0;
	for (size_t k = 0; k < n; k++) {
		if (lines[k].kind == NP_LINE_PROSE)
			prose += lines[k].words;
		else if (lines[k].kind == NP_LINE_END && prose >= END_MIN_PROSE_WORDS)
			return k;
	}
	return n;
}

np_region np_body_region(const np_line_info *lines, size_t n)
{
	n = body_limit(lines, n);
	np_region best = {0, 0, 0};
	long best_sum = 0, sum = 0;
	size_t start = 0;
	int open = 0; /* a run is being summed from start */
	for (size_t k = 0; k < n; k++) {
		int wall;
		long w = line_weight(&lines[k], &wall);
		if (wall || (open && sum + w < 0)) {
			open = 0;
			sum = 0;
			continue;
		}
		if (!open) {
			if (w <= 0)
				continue; /* a body starts with text that weighs for it */
			open = 1;
			start = k;
		}
		sum += w;
		/* ">=" on a line of weight 0 would stretch the body over blank
		 * lines; only lines that weigh for it move its end */
		if (sum > best_sum || (sum == best_sum && w > 0)) {
			best_sum = sum;
			best = (np_region){start, k, 1};
		}
	}
	return best;
}
