/*
 * lexicon.h — the word lists the segment stage recognises page furniture by:
 * rail headings, widget strings, credit and byline prefixes, image-caption
 * markers, the words of dates and relative dates. The lists are the TSV files
 * of data/lexicon/ (built in at build time) and any file a user loads with
 * np_lexicon_load() at run time.
 *
 * Matching rules, shared by every list (see np_lex_match):
 *   - ASCII letters compare case-insensitively, every other byte exactly;
 *   - a space in an entry matches one or more spaces or tabs;
 *   - a '#' in an entry matches any run of digits ("Comments (#)" matches
 *     "Comments (12)");
 *   - a '*' ending an entry matches the non-empty rest ("More from *");
 *   - an entry ending in a letter or digit must end at a word boundary in the
 *     text ("hour" does not match the start of "hours"), unless it ends in a
 *     script written without spaces ("小时" in "3小时前").
 */
#ifndef NP_LEXICON_H
#define NP_LEXICON_H

#include <stddef.h>
#include <stdint.h>

/* The dashes pages print between a place and a story, or before a caption number. */
#define NP_EN_DASH "\xE2\x80\x93" /* U+2013 */
#define NP_EM_DASH "\xE2\x80\x94" /* U+2014 */

/* The lists, one per kind of entry; the names in the TSV files are in
 * np_lex_kind_names (generated with the tables by tools/lexicon_gen.py, whose
 * KINDS list is in this order). */
typedef enum np_lex_kind {
	NP_LEX_RAIL_HEADING = 0, /* a whole line: "Cùng chủ đề", "Related stories" */
	NP_LEX_WIDGET,           /* a whole line: "Comment (0)", "No data", "Share" */
	NP_LEX_BODY_END,         /* a whole line after which no article text follows */
	NP_LEX_CREDIT_PREFIX,    /* "Source:", "Nguồn:", "Theo", "According to" */
	NP_LEX_BYLINE_PREFIX,    /* "By", "Par", "Oleh" */
	NP_LEX_CAPTION,          /* a photo caption's word: "Ảnh", "Photo" */
	NP_LEX_REL_WHOLE,        /* a whole relative date: "yesterday"; value: days from now */
	NP_LEX_REL_PREFIX,       /* before the count: "il y a", "vor", "hace" */
	NP_LEX_REL_COUNT,        /* a count written as a word: "a", "one"; value: the count */
	NP_LEX_REL_UNIT,         /* "hours", "giờ", "jours"; value: seconds in one */
	NP_LEX_REL_SUFFIX,       /* after the unit: "ago", "trước", "назад" */
	NP_LEX_MONTH,            /* "October", "octobre"; value: 1..12 */
	NP_LEX_WEEKDAY,          /* "Thursday", "Thứ năm"; value: 1..7 from Monday */
	NP_LEX_DATE_WORD,        /* filler inside a worded date: "of", "de", "ngày" */
	NP_LEX_NOTICE,           /* a whole line: a copyright notice, "Copyright 2008 AP" */
	NP_LEX_KINDS
} np_lex_kind;

typedef struct np_lex_entry {
	const char *lang; /* ISO 639-1 code */
	const char *text;
	long value;       /* see np_lex_kind; 0 when the kind has none */
} np_lex_entry;

/* A built-in table is ordered by the lower-cased first byte of its entries,
 * so that a lookup tries only the entries that can start where the text
 * does: those of byte b are v[start[b] .. start[b + 1]), and the entries
 * starting with a class ('#' a number, ' ' blanks, '*' anything) come first,
 * v[0 .. start[0]). */
typedef struct np_lex_table {
	const np_lex_entry *v;
	size_t n;
	uint16_t start[257];
} np_lex_table;

/* Built from the TSV files of data/lexicon/ (lexicon_data.c, generated at build time). */
extern const np_lex_table np_lex_builtin[NP_LEX_KINDS];
extern const char *const np_lex_kind_names[NP_LEX_KINDS];

/* Bytes of s that entry matches at its start (rules above), or 0. */
size_t np_lex_match(const char *entry, const char *s);

/* Bytes of the longest entry of that kind s starts with (built in or
 * loaded), or 0; the entry's value in *value when value is not NULL. */
size_t np_lexicon_longest(np_lex_kind kind, const char *s, long *value);

/* 1 if the whole line (trimmed, an ending ':' allowed) is a rail heading:
 * "Cùng chủ đề", "Related stories", "More from BBC". */
int np_lexicon_is_rail_heading(const char *line);

/* 1 if the whole line opens what follows an article and is never part of
 * it: "Leave a comment", "Reader comments". */
int np_lexicon_is_body_end(const char *line);

/* 1 if the whole line is widget text: "Comment (0)", "No data", "Share". */
int np_lexicon_is_widget(const char *line);

/* 1 if the whole line is a copyright or rights notice: "© 2008 AAP",
 * "(Copyright 2008 by The Associated Press. All Rights Reserved.)". */
int np_lexicon_is_notice(const char *line);

/* If line starts with a credit prefix ("Source:", "Nguồn:", "Theo",
 * "According to"), a pointer past it and the spaces after it; else NULL. */
const char *np_lexicon_credit_prefix(const char *line);

/* Likewise for a byline prefix ("By"). */
const char *np_lexicon_byline_prefix(const char *line);

/* 1 if line is an image caption left over from a photo: it ends in
 * "- Ảnh 1." / "- Photo 2" or starts with "Photo:" / "Ảnh:". */
int np_lexicon_is_caption(const char *line);

#endif
