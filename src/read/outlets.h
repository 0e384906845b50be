/*
 * outlets.h — who an outlet or a credit is: the wire agencies (names,
 * aliases, dateline forms, web domains) of data/agencies.tsv and the outlet
 * kinds of data/outlets.tsv, both built in, plus the files a user adds with
 * np_agencies_load / np_outlets_load (newsprint.h). Attribution asks it
 * whether "AP", "(AP) —" and "The Associated Press" are one publisher, and
 * whether that publisher is a wire, a paper or an aggregator.
 */
#ifndef NP_OUTLETS_H
#define NP_OUTLETS_H

#include "newsprint.h"

typedef enum np_outlet_kind {
	NP_KIND_UNKNOWN = 0,
	NP_KIND_WIRE,        /* a news agency: its stories are written to be copied */
	NP_KIND_RELEASE,     /* a press-release wire: likewise */
	NP_KIND_PAPER,
	NP_KIND_BROADCASTER,
	NP_KIND_MAGAZINE,
	NP_KIND_ONLINE,      /* a news site of its own */
	NP_KIND_AGGREGATOR,  /* republishes others' stories */
	NP_KIND_COUNT
} np_outlet_kind;

/* One known publisher; entries live until np_outlets_unload. */
typedef struct np_publisher np_publisher;

/* The publisher text names (an outlet's name, a credit's value such as
 * "By Jane Roe, PA News" or "Theo TTXVN"): the one whose name or alias
 * appears in it as whole words, the longest such alias winning; or NULL. */
const np_publisher *np_publisher_named(const char *text);

/* The publisher whose web domain serves url (a host equal to a domain or
 * under it), or NULL. */
const np_publisher *np_publisher_of_url(const char *url);

/* url without its scheme and a "www." prefix, lower-cased and without
 * trailing slashes, up to the first byte of stop ("" for all of it, "/:?#"
 * for the host), into out (n bytes). */
void np_url_fold(const char *url, const char *stop, char *out, size_t n);

/* The publisher of an outlet known by its name and/or URL (either may be NULL). */
const np_publisher *np_publisher_of(const char *outlet, const char *url);

/* Whether two stories, each known by its outlet's name and/or its URL
 * (any may be NULL), are one outlet's: one known publisher, else the same
 * outlet name (ASCII case aside), else the same web host. 0 when either is
 * known by nothing. */
int np_same_outlet(const char *outlet_a, const char *url_a, const char *outlet_b,
                   const char *url_b);

const char *np_publisher_name(const np_publisher *p);
np_outlet_kind np_publisher_kind(const np_publisher *p); /* NP_KIND_UNKNOWN for NULL */

/* "wire", "paper", ...; "unknown" for NP_KIND_UNKNOWN. */
const char *np_outlet_kind_name(np_outlet_kind k);

/* 1 when a user's file was loaded (reports then attribute anew). */
int np_outlets_user_loaded(void);

#endif
