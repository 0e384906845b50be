/*
 * region.h — where a page's body lies, from the kinds of its lines alone.
 *
 * The segmenter labels every line (prose, a short line, a date, a widget, a
 * credit, a rail line, ...); this module weighs the labels and finds the run
 * of lines with the most prose in it and the least furniture: the body. It
 * knows nothing of any site's layout: only that article text is made of
 * sentences and page furniture of short lines, lists and records.
 */
#ifndef NP_REGION_H
#define NP_REGION_H

#include <stddef.h>

typedef enum np_line_kind {
	NP_LINE_BLANK = 0,
	NP_LINE_PROSE,    /* a long sentence: article text */
	NP_LINE_SENTENCE, /* a shorter line ending like a sentence */
	NP_LINE_SHORT,    /* anything else: a menu entry, a headline, a label */
	NP_LINE_DATE,     /* a date alone on its line */
	NP_LINE_WIDGET,   /* interface text: "Share", "Print", "Comments (3)" */
	NP_LINE_END,      /* a line no body runs past: "Leave a comment", "Post a comment" */
	NP_LINE_CREDIT,   /* "Source: ...", "Theo TTXVN", "By Jane Roe" */
	NP_LINE_CAPTION,  /* a photo caption: dropped, but it does not end the body */
	NP_LINE_HEADING,  /* a rail heading: "Related stories" */
	NP_LINE_RAIL,     /* a line of a record (headline, outlet, date) in a list of them */
	NP_LINE_NOTICE    /* a copyright notice: "(Copyright 2008 by The Associated Press.)" */
} np_line_kind;

typedef struct np_line_info {
	np_line_kind kind;
	unsigned words; /* words, the characters of unspaced scripts counted as words */
} np_line_info;

/* The body: lines lo..hi (inclusive). found is 0 when no line holds prose. */
typedef struct np_region {
	size_t lo, hi;
	int found;
} np_region;

/* The run of lines whose weight (prose for, furniture against) is largest. */
np_region np_body_region(const np_line_info *lines, size_t n);

#endif
