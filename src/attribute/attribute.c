/*
 * attribute.c — choosing each cluster's origin from credits (direct and
 * through chains), publication times and their precision, the outlets' own
 * datelines, outlet kinds and containment direction; the origin outside the
 * corpus that members credit; the evidence and confidence (see attribute.h).
 */
#include "attribute/attribute.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "fingerprint/minhash.h"
#include "read/outlets.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/timestamp.h"

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

/* The publisher a credit names: an agency alias in its words ("Theo
 * TTXVN"), or the owner of the domain of a Source: URL. */
static const np_publisher *credit_publisher(const np_credit *cr)
{
	if (cr->kind == NP_CREDIT_SOURCE_URL)
		return np_publisher_of_url(cr->value);
	return np_publisher_named(cr->value);
}

static const np_publisher *member_publisher(const np_member *m)
{
	return np_publisher_of(m->outlet, member_url(m));
}

/* What np_credit_names compares of a credit or a member, found once. */
typedef struct side {
	const char *key;          /* url_key of a source-URL credit or a member's URL */
	const np_publisher *pub;
} side;

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
	return names_known(cr, (side){ck, credit_publisher(cr)}, m,
	                   (side){mk, member_publisher(m)});
}

/* The URL key and publisher of every member and of every credit, found
 * once: a cluster compares each member's credits with every other member
 * (finding them again at each comparison was a fifth of the ingest thread
 * at a million stories, in clusters of 40). */
typedef struct publishers {
	side *member;
	side *credit;   /* credits of member i from credit[first[i]] */
	size_t *first;
	size_t n_member, n_credit;
} publishers;

static void publishers_free(publishers *p)
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
			                       credit_publisher(cr)};
			oom |= !p->credit[at].key;
		}
	}
	return oom ? -1 : 0;
}

/* Whether credit j of member i names member o. */
static int credit_names(const np_cluster_rec *c, const publishers *p, size_t i, size_t j,
                        size_t o)
{
	return names_known(&c->m[i].credits[j], p->credit[p->first[i] + j], &c->m[o], p->member[o]);
}

static int member_credits(const np_cluster_rec *c, const publishers *p, size_t i, size_t o)
{
	for (size_t j = 0; j < c->m[i].n_credits; j++)
		if (credit_names(c, p, i, j, o))
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
		publishers_free(p);
		free(*out);
		*out = NULL;
		return np_fail(err, NP_ENOMEM, "out of memory comparing credits");
	}
	fill_columns(c, p, cols, *out);
	return NP_OK;
}

static np_status matrix_with(const np_cluster_rec *c, publishers *p, unsigned char **out,
                             np_error *err)
{
	return columns_with(c, c->n, p, out, err);
}

np_status np_credit_columns(const np_cluster_rec *c, size_t cols, unsigned char **out,
                            np_error *err)
{
	publishers p;
	np_status rc = columns_with(c, cols, &p, out, err);
	publishers_free(&p);
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

/* ------------------------------------------------------------------ */
/* Publication times                                                   */
/* ------------------------------------------------------------------ */

/* A date alone says only the day (its zone unknown, taken as UTC). */
np_when np_member_when(const np_member *m)
{
	np_when w = {0};
	int64_t t;
	int has_time = 0;
	if (!m->published || !np_timestamp_parse(m->published, &t, &has_time))
		return w;
	w.known = 1;
	w.precise = has_time;
	w.lo = (long long)t;
	w.hi = has_time ? w.lo : w.lo + SECONDS_PER_DAY - 1;
	return w;
}

int np_when_cmp(np_when a, np_when b)
{
	if (!a.known || !b.known)
		return 0;
	if (a.hi < b.lo)
		return -1;
	return b.hi < a.lo ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* What is known of each member                                        */
/* ------------------------------------------------------------------ */

/* A text whose share found in another member is at least this, while the
 * other's share found in it is below, is "found whole" in it: an expanded
 * copy (a new intro, added context) contains its original. */
#define NESTED_MIN 0.9

/* Outlet kinds by how likely they are to be where a story starts. */
enum { RANK_AGGREGATOR, RANK_OTHER, RANK_WIRE };

typedef struct cand {
	np_when when;
	size_t direct;    /* members whose credits name it */
	size_t reach;     /* members whose chain of credits leads to it */
	int time;         /* 1: the one earliest; 0: cannot tell; -1: certainly after another */
	int own_credit;   /* it carries its own dateline or byline */
	int kind_rank;
	int derived;      /* the passage tier found it derived from another member */
	size_t sourced;   /* members the passage tier found derived from it */
	size_t contained; /* members its text is found whole in */
} cand;

typedef struct attrib {
	np_cluster_rec *c;
	unsigned k;
	cand *cd;
	unsigned char *names; /* names[i * n + o]: member i credits member o */
	publishers pub;       /* what names was made from */
	uint64_t compared;    /* member pairs compared */
} attrib;

static int kind_rank(np_outlet_kind k)
{
	if (k == NP_KIND_WIRE || k == NP_KIND_RELEASE)
		return RANK_WIRE;
	return k == NP_KIND_AGGREGATOR ? RANK_AGGREGATOR : RANK_OTHER;
}

/* Members whose chain of credits reaches o (o itself excluded). */
static size_t credit_reach(const attrib *a, size_t o, unsigned char *seen, size_t *queue)
{
	size_t n = a->c->n, head = 0, tail = 0, count = 0;
	memset(seen, 0, n);
	seen[o] = 1;
	queue[tail++] = o;
	while (head < tail) {
		size_t t = queue[head++];
		for (size_t i = 0; i < n; i++)
			if (!seen[i] && a->names[i * n + t]) {
				seen[i] = 1;
				queue[tail++] = i;
				count++;
			}
	}
	return count;
}

static int own_credit(const np_member *m)
{
	for (size_t j = 0; j < m->n_credits; j++)
		if (m->credits[j].kind != NP_CREDIT_SOURCE_URL && np_credit_names(&m->credits[j], m))
			return 1;
	return 0;
}

/* How many members the passage tier found to be member i's copies (copies
 * 1) or its sources (copies 0). The copy of a pair is the later story, or,
 * of two published at once, the one more of which lies in their shared
 * passages (passage.h): the direction is known where the times tie. */
static size_t derivations(const attrib *a, size_t i, int copies)
{
	size_t n = 0;
	for (size_t j = 0; j < a->c->n; j++)
		if (j != i)
			n += copies ? np_member_derives_from(&a->c->m[j], &a->c->m[i])
			            : np_member_derives_from(&a->c->m[i], &a->c->m[j]);
	return n;
}

static size_t contained_in(const attrib *a, size_t i)
{
	const np_member *m = a->c->m;
	size_t count = 0;
	if (!m[i].minhash)
		return 0;
	for (size_t j = 0; j < a->c->n; j++) {
		if (j == i || !m[j].minhash)
			continue;
		double jac = np_minhash_jaccard(m[i].minhash, m[j].minhash, a->k);
		double in_j = np_containment(jac, m[i].n_shingles, m[j].n_shingles);
		double j_in = np_containment(jac, m[j].n_shingles, m[i].n_shingles);
		count += in_j >= NESTED_MIN && j_in < NESTED_MIN;
	}
	return count;
}

/* time: -1 for a member certainly after another, 1 for the only member no
 * other is certainly before, 0 otherwise (unknown times never compete). */
static void time_ranks(attrib *a)
{
	size_t n = a->c->n, first = 0, n_first = 0;
	for (size_t i = 0; i < n; i++) {
		a->cd[i].time = 0;
		if (!a->cd[i].when.known)
			continue;
		for (size_t j = 0; j < n; j++)
			if (np_when_cmp(a->cd[j].when, a->cd[i].when) < 0)
				a->cd[i].time = -1;
		if (a->cd[i].time == 0) {
			first = i;
			n_first++;
		}
	}
	if (n_first == 1 && n > 1)
		a->cd[first].time = 1;
}

static np_status gather(attrib *a, np_error *err)
{
	size_t n = a->c->n;
	a->cd = calloc(n, sizeof *a->cd);
	unsigned char *seen = malloc(n);
	size_t *queue = malloc(n * sizeof *queue);
	np_status rc = matrix_with(a->c, &a->pub, &a->names, err);
	if (rc == NP_OK && (!a->cd || !seen || !queue))
		rc = np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
	a->compared += (uint64_t)n * n; /* the credit matrix, then containment below */
	for (size_t o = 0; rc == NP_OK && o < n; o++) {
		cand *cd = &a->cd[o];
		const np_member *m = &a->c->m[o];
		for (size_t i = 0; i < n; i++)
			cd->direct += a->names[i * n + o];
		cd->reach = credit_reach(a, o, seen, queue);
		cd->when = np_member_when(m);
		cd->own_credit = own_credit(m);
		cd->kind_rank = kind_rank(np_publisher_kind(member_publisher(m)));
		cd->derived = derivations(a, o, 0) > 0;
		cd->sourced = derivations(a, o, 1);
		cd->contained = contained_in(a, o);
		a->compared += n;
	}
	if (rc == NP_OK)
		time_ranks(a);
	free(seen);
	free(queue);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Choosing                                                            */
/* ------------------------------------------------------------------ */

#define CMP(x, y) if ((x) != (y)) return (x) > (y) ? 1 : -1

/* > 0 when member a makes a better origin than member b: credits outrank
 * time, time outranks the outlet's own dateline, which outranks its kind,
 * which outranks being no member's copy by shared passages, which outranks
 * containment; then a precise time over a date alone of the same day (a
 * date is not midnight), then the earlier, then stored order. */
static int better(const attrib *at, size_t a, size_t b)
{
	const cand *x = &at->cd[a], *y = &at->cd[b];
	CMP(x->reach, y->reach);
	CMP(x->time, y->time);
	CMP(x->own_credit, y->own_credit);
	CMP(x->kind_rank, y->kind_rank);
	CMP(!x->derived, !y->derived);
	CMP(x->contained > 0, y->contained > 0);
	CMP(x->when.known, y->when.known);
	CMP(x->when.precise, y->when.precise);
	CMP(-x->when.lo, -y->when.lo);
	return a < b ? 1 : -1;
}

static size_t choose(const attrib *a)
{
	size_t best = 0;
	for (size_t i = 1; i < a->c->n; i++)
		if (better(a, i, best) > 0)
			best = i;
	return best;
}

/* ------------------------------------------------------------------ */
/* Evidence and confidence                                             */
/* ------------------------------------------------------------------ */

/* Confidence is a noisy-OR of the evidence for the origin: each piece alone
 * would make it right with its probability, and they are taken as
 * independent. Credits are statements by the copies themselves; a chain
 * credit only names the origin's copy; an order by timestamps is strong
 * unless minutes apart (clocks and edits), an order by dates weaker. */
#define P_CREDIT 0.6          /* each member crediting the origin */
#define P_CHAIN_CREDIT 0.3    /* each member crediting it through another copy */
#define P_OWN_CREDIT 0.3      /* its own dateline or byline: original reporting */
#define P_EARLIEST_CLEAR 0.6  /* earliest by at least an hour, timestamps */
#define P_EARLIEST_CLOSE 0.4  /* earliest by less than an hour */
#define P_EARLIEST_DATE 0.4   /* earliest, but a date alone on one side */
#define P_WIRE 0.2            /* a wire or press-release service */
#define P_CONTAINED 0.2       /* its text is found whole in a copy */
#define P_SOURCE 0.2          /* copies derive from it by shared passages: a measured
                               * direction, as containment's */
#define CONF_NONE 0.3         /* nothing tells the members apart: a guess */
#define CONF_MAX 0.99         /* never certain: a true origin may be outside */
#define CONF_CONTRADICTED 0.5 /* another member certainly published earlier */
#define CONF_SINGLE 1.0       /* a story alone is its own origin */

typedef struct evidence {
	cJSON *lines;
	double miss; /* product of (1 - p) over the evidence found */
	int any;
} evidence;

static void support(evidence *ev, double p, size_t times)
{
	for (size_t i = 0; i < times; i++)
		ev->miss *= 1.0 - p;
	ev->any |= times > 0;
}

static void say(evidence *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(evidence *ev, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	cJSON_AddItemToArray(ev->lines, cJSON_CreateString(line));
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void credit_evidence(evidence *ev, const cand *o)
{
	size_t chain = o->reach - o->direct;
	if (o->direct && chain)
		say(ev, "credited by %zu member%s, and by %zu more through another copy", o->direct,
		    plural(o->direct), chain);
	else if (o->direct)
		say(ev, "credited by %zu member%s", o->direct, plural(o->direct));
	support(ev, P_CREDIT, o->direct);
	support(ev, P_CHAIN_CREDIT, chain);
}

/* The nearest member certainly after o: the gap to it, and whether both
 * times are timestamps. */
static long long next_gap(const attrib *a, size_t o, int *precise)
{
	long long gap = -1;
	for (size_t j = 0; j < a->c->n; j++) {
		np_when w = a->cd[j].when;
		if (j == o || np_when_cmp(a->cd[o].when, w) >= 0)
			continue;
		long long g = w.lo - a->cd[o].when.lo;
		if (gap < 0 || g < gap) {
			gap = g;
			*precise = w.precise && a->cd[o].when.precise;
		}
	}
	return gap;
}

static void earliest_evidence(evidence *ev, const attrib *a, size_t o)
{
	int precise = 0;
	long long gap = next_gap(a, o, &precise);
	if (!precise) {
		long long days = gap / SECONDS_PER_DAY;
		say(ev, "earliest by date: %lld day%s before the next", days ? days : 1,
		    plural((size_t)(days ? days : 1)));
		support(ev, P_EARLIEST_DATE, 1);
	} else if (gap >= SECONDS_PER_HOUR) {
		say(ev, "earliest by %lld h", gap / SECONDS_PER_HOUR);
		support(ev, P_EARLIEST_CLEAR, 1);
	} else {
		say(ev, "earliest by %lld min", gap / SECONDS_PER_MINUTE);
		support(ev, P_EARLIEST_CLOSE, 1);
	}
}

/* Members as early as o by time (neither certainly before the other), and
 * how many of them have a date alone or the same timestamp. */
static void tied_evidence(evidence *ev, const attrib *a, size_t o)
{
	size_t same = 0, dated = 0;
	for (size_t j = 0; j < a->c->n; j++) {
		const np_when *w = &a->cd[j].when;
		if (j == o || !w->known || a->cd[j].time < 0)
			continue;
		if (w->precise && a->cd[o].when.precise)
			same++;
		else
			dated++;
	}
	if (dated)
		say(ev, "published the same day as %zu member%s with a date alone", dated,
		    plural(dated));
	else if (same)
		say(ev, "published at the same time as another member");
}

/* The earliest member certainly before o (o has time -1). */
static size_t earlier_member(const attrib *a, size_t o)
{
	size_t e = o;
	for (size_t j = 0; j < a->c->n; j++)
		if (np_when_cmp(a->cd[j].when, a->cd[o].when) < 0 &&
		    (e == o || a->cd[j].when.lo < a->cd[e].when.lo))
			e = j;
	return e;
}

static void time_evidence(evidence *ev, const attrib *a, size_t o)
{
	const cand *cd = &a->cd[o];
	if (cd->time > 0)
		earliest_evidence(ev, a, o);
	else if (cd->time == 0 && cd->when.known)
		tied_evidence(ev, a, o);
	else if (cd->time < 0) {
		const np_member *e = &a->c->m[earlier_member(a, o)];
		say(ev, "but %s published earlier", e->outlet ? e->outlet : e->id);
	} else
		say(ev, "no publication times to compare");
}

static void other_evidence(evidence *ev, const attrib *a, size_t o)
{
	const cand *cd = &a->cd[o];
	if (cd->own_credit)
		say(ev, "carries its own dateline or byline");
	support(ev, P_OWN_CREDIT, (size_t)cd->own_credit);
	if (cd->kind_rank == RANK_WIRE)
		say(ev, "a wire service");
	support(ev, P_WIRE, cd->kind_rank == RANK_WIRE);
	if (cd->sourced && !cd->derived)
		say(ev, "%zu member%s derive%s from it by shared passages", cd->sourced,
		    plural(cd->sourced), cd->sourced == 1 ? "s" : "");
	support(ev, P_SOURCE, cd->sourced && !cd->derived);
	if (cd->contained)
		say(ev, "its text is found whole in %zu member%s", cd->contained, plural(cd->contained));
	support(ev, P_CONTAINED, cd->contained > 0);
}

static void external_evidence(evidence *ev, const np_external *x)
{
	if (x->outlet[0])
		say(ev, "%s, credited by %zu member%s, not in the corpus", x->outlet, x->credited_by,
		    plural(x->credited_by));
}

static double confidence(const evidence *ev, const attrib *a, size_t o)
{
	if (a->c->n == 1)
		return CONF_SINGLE;
	double conf = ev->any ? 1.0 - ev->miss : CONF_NONE;
	if (conf > CONF_MAX)
		conf = CONF_MAX;
	return a->cd[o].time < 0 ? conf * CONF_CONTRADICTED : conf;
}

/* ------------------------------------------------------------------ */
/* External origins                                                    */
/* ------------------------------------------------------------------ */

/* A name only credits from agency-kind lines ("Source: Foo Agency", "(Foo)
 * -") with no entry in the publisher table: two members must agree on it,
 * as one line could be a quoted source rather than the story's. */
#define EXTERNAL_MIN_UNKNOWN 2
#define MAX_EXTERNAL_NAMES 16

typedef struct ext_count {
	char name[128];
	int known; /* from the publisher table */
	size_t members;
} ext_count;

/* The name credit j of member i gives to an origin outside the corpus, or
 * NULL when it names a member or cannot name an outlet. */
static const char *external_name(const np_cluster_rec *c, const publishers *p, size_t i,
                                 size_t j, int *known)
{
	for (size_t o = 0; o < c->n; o++)
		if (credit_names(c, p, i, j, o))
			return NULL;
	const np_publisher *cp = p->credit[p->first[i] + j].pub;
	*known = cp != NULL;
	if (cp)
		return np_publisher_name(cp);
	const np_credit *cr = &c->m[i].credits[j];
	return cr->kind == NP_CREDIT_AGENCY ? cr->value : NULL;
}

static void count_external(ext_count *e, size_t *n, const char *name, int known)
{
	for (size_t i = 0; i < *n; i++)
		if (strcasecmp(e[i].name, name) == 0) {
			e[i].members++;
			return;
		}
	if (*n == MAX_EXTERNAL_NAMES)
		return;
	snprintf(e[*n].name, sizeof e[*n].name, "%s", name);
	e[*n].known = known;
	e[(*n)++].members = 1;
}

/* Adds member i's external names, each once. */
static void member_externals(const np_cluster_rec *c, const publishers *p, size_t i,
                             ext_count *e, size_t *n)
{
	const char *seen[MAX_EXTERNAL_NAMES];
	size_t n_seen = 0;
	for (size_t j = 0; j < c->m[i].n_credits && n_seen < MAX_EXTERNAL_NAMES; j++) {
		int known = 0;
		const char *name = external_name(c, p, i, j, &known);
		int dup = 0;
		for (size_t s = 0; name && s < n_seen; s++)
			dup |= strcasecmp(seen[s], name) == 0;
		if (!name || dup)
			continue;
		seen[n_seen++] = name;
		count_external(e, n, name, known);
	}
}

/* The most members crediting one member, from the credit matrix. */
static size_t most_direct_credits(const np_cluster_rec *c, const unsigned char *names)
{
	size_t most = 0;
	for (size_t o = 0; o < c->n; o++) {
		size_t n = 0;
		for (size_t i = 0; i < c->n; i++)
			n += names[i * c->n + o];
		most = n > most ? n : most;
	}
	return most;
}

/* c's first NP_ATTRIBUTE_PANEL members as a cluster of their own, sharing
 * c's members. */
static np_cluster_rec panel_of(const np_cluster_rec *c)
{
	np_cluster_rec p = *c;
	p.n = c->n < NP_ATTRIBUTE_PANEL ? c->n : NP_ATTRIBUTE_PANEL;
	p.evidence_json = NULL;
	return p;
}

/* np_attribute_external with the credit matrix and its publishers known. */
static void external_with(const np_cluster_rec *c, const publishers *p,
                          const unsigned char *names, np_external *out)
{
	memset(out, 0, sizeof *out);
	ext_count e[MAX_EXTERNAL_NAMES];
	size_t n = 0, best = MAX_EXTERNAL_NAMES;
	for (size_t i = 0; i < c->n; i++)
		member_externals(c, p, i, e, &n);
	/* fewer credits than a member has are a stray mention, not the source */
	size_t floor = n ? most_direct_credits(c, names) : 0;
	for (size_t i = 0; i < n; i++) {
		if ((!e[i].known && e[i].members < EXTERNAL_MIN_UNKNOWN) || e[i].members < floor)
			continue;
		if (best == MAX_EXTERNAL_NAMES || e[i].members > e[best].members ||
		    (e[i].members == e[best].members && e[i].known > e[best].known))
			best = i;
	}
	if (best == MAX_EXTERNAL_NAMES)
		return;
	snprintf(out->outlet, sizeof out->outlet, "%s", e[best].name);
	out->credited_by = e[best].members;
	out->confidence = 1.0;
	for (size_t i = 0; i < out->credited_by; i++)
		out->confidence *= 1.0 - P_CREDIT;
	out->confidence = 1.0 - out->confidence;
}

void np_attribute_external(const np_cluster_rec *c, np_external *out)
{
	publishers p;
	unsigned char *names = NULL;
	np_cluster_rec panel = panel_of(c);
	memset(out, 0, sizeof *out);
	if (matrix_with(&panel, &p, &names, NULL) == NP_OK)
		external_with(&panel, &p, names, out);
	publishers_free(&p);
	free(names);
}

int np_credits_external(const np_member *m, const np_external *x)
{
	if (!x->outlet[0])
		return 0;
	for (size_t j = 0; j < m->n_credits; j++) {
		const np_credit *cr = &m->credits[j];
		const np_publisher *p = credit_publisher(cr);
		const char *name = p ? np_publisher_name(p) : cr->value;
		if (name && strcasecmp(name, x->outlet) == 0)
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Attribution                                                         */
/* ------------------------------------------------------------------ */

static void mark_crediting(np_cluster_rec *c, size_t o, const np_external *x,
                           const unsigned char *names)
{
	for (size_t i = 0; i < c->n; i++)
		c->m[i].credits_origin = i != o && (names[i * c->n + o] || np_credits_external(&c->m[i], x));
}

/* c is attributed on panel (a) of its first members: the evidence counts
 * only the panel's members, and says so when they are not all. */
static np_status write_evidence(np_cluster_rec *c, const attrib *a, size_t o,
                                const np_external *x, np_error *err)
{
	evidence ev = {cJSON_CreateArray(), 1.0, 0};
	if (!ev.lines)
		return np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
	if (a->c->n > 1) {
		external_evidence(&ev, x);
		credit_evidence(&ev, &a->cd[o]);
		time_evidence(&ev, a, o);
		other_evidence(&ev, a, o);
	}
	if (c->n > a->c->n)
		say(&ev, "compared among its %zu first published members only", a->c->n);
	free(c->evidence_json);
	c->evidence_json = cJSON_PrintUnformatted(ev.lines);
	c->confidence = confidence(&ev, a, o);
	cJSON_Delete(ev.lines);
	return c->evidence_json ? NP_OK : np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
}

/* The credits_origin flags of the members after the panel's: compared
 * with the origin alone, one member at a time. */
static void mark_rest(np_cluster_rec *c, size_t from, size_t o, const np_external *x,
                      attrib *a)
{
	for (size_t i = from; i < c->n; i++, a->compared++)
		c->m[i].credits_origin = np_member_credits(&c->m[i], &c->m[o]) ||
		                         np_credits_external(&c->m[i], x);
}

np_status np_attribute(np_cluster_rec *c, unsigned k, np_error *err)
{
	if (c->n == 0)
		return NP_OK;
	np_cluster_rec panel = panel_of(c);
	attrib a = {.c = &panel, .k = k};
	np_status rc = gather(&a, err);
	if (rc == NP_OK) {
		size_t o = choose(&a);
		np_external x;
		external_with(&panel, &a.pub, a.names, &x);
		mark_crediting(&panel, o, &x, a.names);
		mark_rest(c, panel.n, o, &x, &a);
		rc = write_evidence(c, &a, o, &x, err);
		c->origin_sid = c->m[o].sid;
		snprintf(c->external, sizeof c->external, "%s", x.outlet);
	}
	c->compared = a.compared;
	free(a.cd);
	free(a.names);
	publishers_free(&a.pub);
	return rc;
}
