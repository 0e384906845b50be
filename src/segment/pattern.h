/*
 * pattern.h — furniture found by the shape of a page rather than by what a
 * line says: lines the page prints again and again ("Report this comment",
 * "Reply"), and lists of labelled blurbs (a headline over a one-sentence
 * teaser, a commenter's name over a comment).
 */
#ifndef NP_PATTERN_H
#define NP_PATTERN_H

#include <stddef.h>

#include "segment/region.h"

/* Marks as widgets the short lines printed NP_REPEAT_MIN times or more.
 * Returns -1 when out of memory, else 0. */
int np_mark_repeats(const char *const *lines, np_line_info *info, size_t n);

/* Marks as rail lines the runs of two or more labelled blurbs: a short
 * line glued (no blank line between) to the text under it, one after another. */
void np_mark_labelled(np_line_info *info, size_t n);

#endif
