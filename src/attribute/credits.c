/*
 * credits.c — whether a credit names a member of its cluster: by its URL,
 * its site, its outlet's name or initials, or an alias of its agency in the
 * publisher table; and the cluster's credit matrix (see credits.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "attribute/credits_int.h"
#include "util/error.h"
#include "util/strbuf.h"

/* "https://www.Site.example/a/b/" -> "site.example/a/b" into out: the
 * scheme, a www. prefix, case and trailing slashes do not tell pages apart. */
static void url_key(const char *url, char *out, size_t n)
{
	np_url_fold(url, "", out, n);
}

/* Room for a URL's key: longer addresses are compared on their first
 * 1,023 bytes. */
#define URL_KEY_MAX 1024

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
	char key[URL_KEY_MAX];
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

const np_publisher *attr_credit_publisher(const np_credit *cr)
{
	if (cr->kind == NP_CREDIT_SOURCE_URL)
		return np_publisher_of_url(cr->value);
	return np_publisher_named(cr->value);
}

const np_publisher *attr_member_publisher(const np_member *m)
{
	return np_publisher_of(m->outlet, member_url(m));
}

static int names_known(const np_credit *cr, side c, const np_member *m, side ms)
{
	if (!cr->value || !*cr->value)
		return 0;
	int direct = cr->kind == NP_CREDIT_SOURCE_URL ? strcmp(c.key, ms.key) == 0
	                                              : names_outlet(cr->value, m->outlet);
	return direct || (c.pub && c.pub == ms.pub);
}

int np_credit_names(const np_credit *cr, const np_member *m)
{
	char ck[URL_KEY_MAX] = "", mk[URL_KEY_MAX] = "";
	if (cr->kind == NP_CREDIT_SOURCE_URL && cr->value) {
		url_key(cr->value, ck, sizeof ck);
		url_key(member_url(m), mk, sizeof mk);
	}
	return names_known(cr, (side){ck, attr_credit_publisher(cr)}, m,
	                   (side){mk, attr_member_publisher(m)});
}

void attr_publishers_free(publishers *p)
{
	for (size_t i = 0; p->member && i < p->n_member; i++)
		free((char *)p->member[i].key);
	for (size_t i = 0; p->credit && i < p->n_credit; i++)
		free((char *)p->credit[i].key);
	free(p->member);
	free(p->credit);
	free(p->first);
	memset(p, 0, sizeof *p);
}

/* A malloc'd url_key of url ("" for NULL), or NULL when out of memory. */
static char *key_of(const char *url)
{
	char k[URL_KEY_MAX] = "";
	if (url)
		url_key(url, k, sizeof k);
	return np_strdup(k);
}

static int publishers_find(const np_cluster_rec *c, publishers *p)
{
	size_t total = 0;
	for (size_t i = 0; i < c->n; i++)
		total += c->m[i].n_credits;
	p->member = calloc(c->n ? c->n : 1, sizeof *p->member);
	p->credit = calloc(total ? total : 1, sizeof *p->credit);
	p->first = malloc((c->n ? c->n : 1) * sizeof *p->first);
	if (!p->member || !p->credit || !p->first)
		return -1;
	p->n_member = c->n;
	p->n_credit = total;
	int oom = 0;
	for (size_t i = 0, at = 0; i < c->n; i++) {
		const char *url = member_url(&c->m[i]);
		p->member[i] = (side){key_of(url), np_publisher_of(c->m[i].outlet, url)};
		oom |= !p->member[i].key;
		p->first[i] = at;
		for (size_t j = 0; j < c->m[i].n_credits; j++, at++) {
			const np_credit *cr = &c->m[i].credits[j];
			p->credit[at] = (side){key_of(cr->kind == NP_CREDIT_SOURCE_URL ? cr->value : NULL),
			                       attr_credit_publisher(cr)};
			oom |= !p->credit[at].key;
		}
	}
	return oom ? -1 : 0;
}

int attr_credit_names(const np_cluster_rec *c, const publishers *p, size_t i, size_t j,
                      size_t o)
{
	return names_known(&c->m[i].credits[j], p->credit[p->first[i] + j], &c->m[o], p->member[o]);
}

static int member_credits(const np_cluster_rec *c, const publishers *p, size_t i, size_t o)
{
	for (size_t j = 0; j < c->m[i].n_credits; j++)
		if (attr_credit_names(c, p, i, j, o))
			return 1;
	return 0;
}

static void fill_columns(const np_cluster_rec *c, const publishers *p, size_t cols,
                         unsigned char *out)
{
	for (size_t i = 0; i < c->n; i++)
		for (size_t o = 0; o < cols; o++)
			out[i * cols + o] = i != o && member_credits(c, p, i, o);
}

/* The first cols columns of the credit matrix and the publishers they were
 * made from (free both). */
static np_status columns_with(const np_cluster_rec *c, size_t cols, publishers *p,
                              unsigned char **out, np_error *err)
{
	memset(p, 0, sizeof *p);
	*out = calloc(c->n * cols + 1, 1);
	if (!*out || publishers_find(c, p) != 0) {
		attr_publishers_free(p);
		free(*out);
		*out = NULL;
		return np_fail(err, NP_ENOMEM, "out of memory comparing credits");
	}
	fill_columns(c, p, cols, *out);
	return NP_OK;
}

np_status attr_matrix_with(const np_cluster_rec *c, publishers *p, unsigned char **out,
                           np_error *err)
{
	return columns_with(c, c->n, p, out, err);
}

np_status np_credit_columns(const np_cluster_rec *c, size_t cols, unsigned char **out,
                            np_error *err)
{
	publishers p;
	np_status rc = columns_with(c, cols, &p, out, err);
	attr_publishers_free(&p);
	return rc;
}

np_status np_credit_matrix(const np_cluster_rec *c, unsigned char **out, np_error *err)
{
	return np_credit_columns(c, c->n, out, err);
}

int np_member_credits(const np_member *m, const np_member *o)
{
	if (m == o)
		return 0;
	for (size_t j = 0; j < m->n_credits; j++)
		if (np_credit_names(&m->credits[j], o))
			return 1;
	return 0;
}
