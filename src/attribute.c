/*
 * attribute.c — choosing each cluster's origin from credits and publication
 * times, and saying why (see attribute.h).
 */
#include "attribute.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "error.h"
#include "timestamp.h"

/* Confidence of an origin, by the strongest evidence found. Credits are
 * explicit statements by the copies; times can be wrong or missing, and a
 * date alone cannot order two stories of one day. */
#define CONF_CREDITED_BASE 0.6   /* credited by one member */
#define CONF_CREDITED_STEP 0.1   /* each further crediting member, up to 3 */
#define CONF_CREDITED_MAX 0.95
#define CONF_EARLIEST_CLEAR 0.6  /* earliest by at least an hour */
#define CONF_EARLIEST_CLOSE 0.5  /* earliest, but by less than an hour */
#define CONF_TIE 0.3             /* no credit, no time difference */
#define SECONDS_PER_HOUR 3600

/* "https://www.Site.example/a/b/" -> "site.example/a/b" into out: the
 * scheme, a www. prefix, case and trailing slashes do not tell pages apart. */
static void url_key(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	if (strncasecmp(p, "www.", 4) == 0)
		p += 4;
	size_t i = 0;
	for (; *p && i + 1 < n; p++)
		out[i++] = (char)tolower((unsigned char)*p);
	while (i && out[i - 1] == '/')
		i--;
	out[i] = '\0';
}

static int same_url(const char *a, const char *b)
{
	char ka[1024] = "", kb[1024] = "";
	url_key(a, ka, sizeof ka);
	url_key(b, kb, sizeof kb);
	return strcmp(ka, kb) == 0;
}

/* Matches abbr from word w of the outlet on: each word gives its initial
 * and perhaps further letters of its own, in order ("NGW" = Northgate
 * Wire, "AP" = Associated Press); a word of lower-case letters only ("of",
 * "de") may give nothing. */
static int abbreviates(const char *abbr, char *const *words, size_t n_words)
{
	if (!*abbr)
		return n_words == 0;
	if (n_words == 0)
		return 0;
	const char *w = words[0];
	if (!isupper((unsigned char)w[0]) && abbreviates(abbr, words + 1, n_words - 1))
		return 1;
	if (toupper((unsigned char)w[0]) != *abbr)
		return 0;
	/* the initial, then 0, 1, 2... more letters of this word */
	const char *a = abbr + 1;
	for (const char *p = w + 1;; p++) {
		if (abbreviates(a, words + 1, n_words - 1))
			return 1;
		if (!*a || !*p)
			return 0;
		if (toupper((unsigned char)*p) == *a)
			a++;
	}
}

#define MAX_OUTLET_WORDS 12

/* "NGW" abbreviates "Northgate Wire": value is 2+ capital letters. */
static int is_abbreviation(const char *value, const char *outlet)
{
	size_t n = strlen(value);
	if (n < 2 || strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != n)
		return 0;
	char buf[256], *words[MAX_OUTLET_WORDS];
	size_t n_words = 0;
	snprintf(buf, sizeof buf, "%s", outlet);
	for (char *tok = strtok(buf, " -"); tok && n_words < MAX_OUTLET_WORDS; tok = strtok(NULL, " -"))
		words[n_words++] = tok;
	return n_words >= 2 && abbreviates(value, words, n_words);
}

static int names_outlet(const char *value, const char *outlet)
{
	if (!outlet || !*outlet)
		return 0;
	return strcasecmp(value, outlet) == 0 || strstr(value, outlet) || is_abbreviation(value, outlet);
}

/* Letters and digits of s, accents stripped and lower-cased: "Báo Thanh
 * niên" -> "baothanhnien", to compare with a web address. */
static void ascii_key(const char *s, char *out, size_t n)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
	                                    UTF8PROC_NULLTERM | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
	                                        UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	size_t w = 0;
	for (utf8proc_ssize_t i = 0; i < len && w + 1 < n; i++)
		if (isalnum(folded[i]) && folded[i] < 0x80)
			out[w++] = (char)folded[i];
	out[w] = '\0';
	free(folded);
}

/* The first label of a URL's host: "https://www.thanhnien.vn/x" -> "thanhnien". */
static void host_label(const char *url, char *out, size_t n)
{
	char key[1024];
	url_key(url, key, sizeof key);
	size_t len = strcspn(key, "./:");
	snprintf(out, n, "%.*s", (int)len, key);
}

/* Labels this short ("bbc" aside) match too many outlet names by chance. */
#define HOST_LABEL_MIN 4

/* Whether url's host names the outlet: its first label is in the outlet's
 * name ("thanhnien" in "Báo Thanh niên") or the name in it. */
static int url_of_outlet(const char *url, const char *outlet)
{
	char label[128], key[256];
	host_label(url, label, sizeof label);
	ascii_key(outlet ? outlet : "", key, sizeof key);
	if (strlen(label) < HOST_LABEL_MIN || strlen(key) < HOST_LABEL_MIN)
		return 0;
	return strstr(key, label) || strstr(label, key);
}

/* A member's URL. A page dump has none of its own, but many pages print
 * their own address as a "Source:" line (the seed page does): a page
 * without a URL is known by a source-URL credit whose host names its own
 * outlet. A credit to another site is never taken for the page's own. */
static const char *member_url(const np_member *m)
{
	if (m->url)
		return m->url;
	for (size_t i = 0; i < m->n_credits; i++)
		if (m->credits[i].kind == NP_CREDIT_SOURCE_URL && m->credits[i].value &&
		    url_of_outlet(m->credits[i].value, m->outlet))
			return m->credits[i].value;
	return "";
}

int np_credit_names(const np_credit *cr, const np_member *m)
{
	if (!cr->value || !*cr->value)
		return 0;
	if (cr->kind == NP_CREDIT_SOURCE_URL)
		return same_url(cr->value, member_url(m));
	return names_outlet(cr->value, m->outlet);
}

/* How many other members credit member o. */
static size_t credited_by(const np_cluster_rec *c, size_t o)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (i == o)
			continue;
		for (size_t j = 0; j < c->m[i].n_credits; j++)
			if (np_credit_names(&c->m[i].credits[j], &c->m[o])) {
				n++;
				break;
			}
	}
	return n;
}

/* Seconds since the epoch of an ISO date, or -1 when there is none. */
static long long iso_epoch(const char *s, int *has_time)
{
	int64_t t;
	return np_timestamp_parse(s, &t, has_time) ? (long long)t : -1;
}

static int add_evidence(cJSON *ev, const char *fmt, long long a, long long b)
{
	char line[160];
	snprintf(line, sizeof line, fmt, a, b);
	return cJSON_AddItemToArray(ev, cJSON_CreateString(line)) ? 0 : -1;
}

/* Members are stored in published order, so member 0 is the earliest. */
static double time_evidence(const np_cluster_rec *c, size_t o, cJSON *ev)
{
	int t0, t1;
	long long a = iso_epoch(c->m[o].published, &t0);
	long long gap = -1;
	for (size_t i = 0; i < c->n; i++) {
		long long b = i == o ? -1 : iso_epoch(c->m[i].published, &t1);
		if (a >= 0 && b >= 0 && (gap < 0 || b - a < gap))
			gap = b - a;
	}
	if (gap <= 0) {
		add_evidence(ev, gap == 0 ? "published at the same time as another member"
		                          : "no publication times to compare", 0, 0);
		return CONF_TIE;
	}
	if (gap >= SECONDS_PER_HOUR) {
		add_evidence(ev, "earliest by %lld h", gap / SECONDS_PER_HOUR, 0);
		return CONF_EARLIEST_CLEAR;
	}
	add_evidence(ev, "earliest by %lld min", gap / 60, 0);
	return CONF_EARLIEST_CLOSE;
}

static size_t most_credited(const np_cluster_rec *c, size_t *best_n)
{
	size_t best = 0;
	*best_n = 0;
	for (size_t i = 0; i < c->n; i++) {
		size_t n = credited_by(c, i);
		if (n > *best_n) { /* ties keep the earlier member */
			*best_n = n;
			best = i;
		}
	}
	return best;
}

static void mark_crediting(np_cluster_rec *c, size_t o)
{
	for (size_t i = 0; i < c->n; i++) {
		c->m[i].credits_origin = 0;
		for (size_t j = 0; i != o && j < c->m[i].n_credits; j++)
			if (np_credit_names(&c->m[i].credits[j], &c->m[o]))
				c->m[i].credits_origin = 1;
	}
}

np_status np_attribute(np_cluster_rec *c, np_error *err)
{
	if (c->n == 0)
		return NP_OK;
	cJSON *ev = cJSON_CreateArray();
	if (!ev)
		return np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
	size_t n_cred = 0;
	size_t o = most_credited(c, &n_cred);
	double conf;
	if (n_cred) {
		add_evidence(ev, n_cred == 1 ? "credited by %lld member" : "credited by %lld members",
		             (long long)n_cred, 0);
		conf = CONF_CREDITED_BASE + CONF_CREDITED_STEP * (double)((n_cred > 3 ? 3 : n_cred) - 1);
		if (o == 0 && c->n > 1)
			conf += time_evidence(c, o, ev) > CONF_TIE ? CONF_CREDITED_STEP : 0.0;
		if (conf > CONF_CREDITED_MAX)
			conf = CONF_CREDITED_MAX;
	} else {
		conf = c->n > 1 ? time_evidence(c, o, ev) : 1.0;
	}
	mark_crediting(c, o);
	free(c->evidence_json);
	c->evidence_json = cJSON_PrintUnformatted(ev);
	cJSON_Delete(ev);
	if (!c->evidence_json)
		return np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
	c->origin_sid = c->m[o].sid;
	c->confidence = conf;
	return NP_OK;
}
