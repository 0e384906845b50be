/* gen_corpus.c — writes a synthetic, deterministic benchmark corpus for newsprint: JSON Lines
 * stories (wire originals, their republished copies under several kinds of edits, independent
 * reports of the same events, unrelated singletons; some as whole page dumps) and a truth file
 * saying which stories belong together. Network-free; same flags and seed, same bytes.
 * Usage and every flag with its default: gen_corpus --help. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen/record.h"

#define EXIT_USAGE       2
#define MAX_STORIES      10000000u /* the plan keeps ~48 bytes a story in memory */
#define MAX_COPIES_LIMIT 1000
#define MAX_PAPERS       10000 /* outlet numbers must fit the plan's 16-bit field */
#define LATIN_WORDS      50000 /* vocabulary sizes: enough distinct words for a Zipf tail */
#define OTHER_WORDS      30000

enum opt_type { OT_COUNT, OT_REAL, OT_PATH, OT_DATE, OT_ORDER };

struct opt {
    const char *name;
    enum opt_type type;
    size_t offset;   /* into struct config */
    const char *def; /* default, parsed like a command-line value; NULL: required */
    double lo, hi;   /* accepted range for numbers */
    const char *help;
};

#define AT(field) offsetof(struct config, field)
#define MIX(k)    (AT(mix) + (k) * sizeof(double))

static const struct opt OPTS[] = {
    {"stories", OT_COUNT, AT(stories), "10000", 1, MAX_STORIES,
     "number of stories (records) to write"},
    {"seed", OT_COUNT, AT(seed), "1", 0, 18446744073709551615.0,
     "seed: the same seed and flags give the same bytes"},
    {"out", OT_PATH, AT(out), NULL, 0, 0, "corpus file, JSON Lines ('-' for standard output)"},
    {"truth", OT_PATH, AT(truth), NULL, 0, 0, "truth file, tab-separated, one line per story"},
    {"order", OT_ORDER, AT(order), "time", 0, 0,
     "record order: time (by publication), shuffle, group"},
    {"start", OT_DATE, AT(start_day), "2025-01-01", 0, 0,
     "first day originals are published (YYYY-MM-DD, UTC)"},
    {"days", OT_COUNT, AT(days), "365", 1, 36500, "days over which originals are spread"},
    {"cluster-share", OT_REAL, AT(cluster_share), "0.5", 0, 1,
     "share of stories in syndication clusters (originals and copies)"},
    {"copies-alpha", OT_REAL, AT(copies_alpha), "1.6", 0, 10,
     "copies per original ~ k^-alpha on 1..max-copies (heavy tail)"},
    {"max-copies", OT_COUNT, AT(max_copies), "40", 1, MAX_COPIES_LIMIT,
     "most copies of one original"},
    {"same-event", OT_REAL, AT(same_event), "0.05", 0, 1,
     "share of stories that independently report a clustered event"},
    {"non-latin", OT_REAL, AT(non_latin), "0.1", 0, 1,
     "share of events in ru, el, ar, zh or th (Cyrillic, Greek, Arabic, CJK, Thai)"},
    {"page-share", OT_REAL, AT(page_share), "0.3", 0, 1,
     "share of records written as whole page dumps (`page`)"},
    {"footer-share", OT_REAL, AT(footer_share), "0.25", 0, 1,
     "share of `text` records still ending with the outlet's footer"},
    {"credit-share", OT_REAL, AT(credit_share), "0.6", 0, 1,
     "share of copies with a 'Source: <agency or url>' line"},
    {"retitle-share", OT_REAL, AT(retitle_share), "0.5", 0, 1,
     "share of copies under a new headline"},
    {"mix-verbatim", OT_REAL, MIX(0), "25", 0, 1e6, "weight of verbatim copies"},
    {"mix-truncated", OT_REAL, MIX(1), "20", 0, 1e6,
     "weight of copies cut to their first paragraphs"},
    {"mix-new-intro", OT_REAL, MIX(2), "15", 0, 1e6, "weight of copies with a local intro added"},
    {"mix-copy-edit", OT_REAL, MIX(3), "25", 0, 1e6, "weight of lightly copy-edited copies"},
    {"mix-partial", OT_REAL, MIX(4), "15", 0, 1e6,
     "weight of partial derivations (some wire sentences kept)"},
    {"edit-min", OT_REAL, AT(edit_min), "0.02", 0, 1, "copy-edit: least share of words changed"},
    {"edit-max", OT_REAL, AT(edit_max), "0.10", 0, 1, "copy-edit: most share of words changed"},
    {"keep-min", OT_REAL, AT(keep_min), "0.2", 0, 1, "partial: least share of wire sentences kept"},
    {"keep-max", OT_REAL, AT(keep_max), "0.8", 0, 1, "partial: most share of wire sentences kept"},
    {"truncate-min", OT_REAL, AT(trunc_min), "0.25", 0, 1,
     "truncated: least share of paragraphs kept"},
    {"truncate-max", OT_REAL, AT(trunc_max), "0.75", 0, 1,
     "truncated: most share of paragraphs kept"},
    {"delay-min", OT_REAL, AT(delay_min), "0.5", 0.02, 1e5,
     "copies appear at least this many hours after the original"},
    {"delay-max", OT_REAL, AT(delay_max), "96", 0.02, 1e5,
     "... and at most this many (log-uniform in between)"},
    {"mean-words", OT_COUNT, AT(mean_words), "350", 20, 100000,
     "mean words in an original's body (+-40%)"},
    {"papers", OT_COUNT, AT(papers), "150", 1, MAX_PAPERS,
     "papers and aggregators writing in English (1/8 as many per other language)"},
    {"zipf", OT_REAL, AT(zipf), "1.0", 0.5, 2.0, "Zipf exponent of word frequencies"},
    {"template-share", OT_REAL, AT(template_share), "0.04", 0, 1,
     "share of stories that are template fills (formula copy filled anew) or their copies"},
    {"template-outlets", OT_REAL, AT(template_outlets), "0.07", 0, 1,
     "share of outlets owning frames (market wrap, weather, results, earnings, lottery, police "
     "log): 1-3 each, more where needed for each to be filled about once a day"},
    {"template-copy", OT_REAL, AT(template_copy), "0.15", 0, 1,
     "odds that a fill is carried verbatim by 1-2 other outlets"},
    {"template-diff-min", OT_REAL, AT(template_diff_min), "0.04", 0, 1,
     "least share of words two fills of a frame differ in (names, places, numbers)"},
    {"template-diff-max", OT_REAL, AT(template_diff_max), "0.14", 0, 1,
     "most share of words two fills differ in (drawn per frame)"},
    {"brief-share", OT_REAL, AT(brief_share), "0.06", 0, 1,
     "share of stories that are briefs (1-2 paragraphs, then the outlet's furniture paragraph "
     "as long again) or their copies"},
    {"brief-outlets", OT_REAL, AT(brief_outlets), "0.15", 0, 1, "share of papers running briefs"},
    {"brief-copy", OT_REAL, AT(brief_copy), "0.2", 0, 1,
     "odds that a brief is carried by 1-3 other outlets, each with its own furniture"},
    {"update-share", OT_REAL, AT(update_share), "0.05", 0, 1,
     "share of news originals and singletons their outlet updates 1-12 hours later"},
    {"update-fix", OT_REAL, AT(update_fix), "0.6", 0, 1,
     "update: odds that a number is corrected (everywhere it appears)"},
    {"update-add", OT_REAL, AT(update_add), "0.6", 0, 1,
     "update: odds that a paragraph is added at the end (always when no number is fixed)"},
    {"giant-share", OT_REAL, AT(giant_share), "0.01", 0, 1,
     "share of stories that are copies of one English wire story (at most 10,000 copies)"},
};
#define NOPTS (sizeof OPTS / sizeof OPTS[0])

static void usage(FILE *f)
{
    fputs("usage: gen_corpus --out FILE --truth FILE [--stories N] [--seed S] [options]\n\n"
          "Writes a synthetic corpus of republished news for newsprint benchmarks: JSON Lines\n"
          "records with id, url, outlet, outlet_kind, published, lang and either title + text\n"
          "or a page dump, and a truth file (id, truth_cluster, is_original, kind, origin_id,\n"
          "event, credited, format, genre). Deterministic: the same flags give the same bytes.\n\n"
          "Options (--name VALUE or --name=VALUE):\n",
          f);
    for (size_t i = 0; i < NOPTS; i++) {
        const struct opt *o = &OPTS[i];
        fprintf(f, "  --%-17s %s", o->name, o->help);
        if (o->def)
            fprintf(f, " [default: %s]\n", o->def);
        else
            fputs(" [required]\n", f);
    }
    fputs("  --help            this text\n\n"
          "Kinds in the truth file: original, verbatim, truncated, new-intro, copy-edit, partial\n"
          "and update (copies and updates share their origin's truth_cluster), same-event and\n"
          "singleton (clusters of their own). Genres: news, template (a fill: its own cluster\n"
          "with its copies), brief, giant (the much-copied wire story). --cluster-share,\n"
          "--same-event and --mix-* describe the news stories. With --template-share,\n"
          "--brief-share, --update-share and --giant-share 0 the corpus is the one made before\n"
          "these existed. Exit status: 0 done, 1 run-time error, 2 usage error.\n",
          f);
}

_Noreturn static void usage_error(const char *fmt, const char *a, const char *b)
{
    fputs("gen_corpus: ", stderr);
    fprintf(stderr, fmt, a, b);
    fputs("\n(see gen_corpus --help)\n", stderr);
    exit(EXIT_USAGE);
}

static bool parse_date(const char *s, int64_t *day)
{
    int y, m, d, end = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &end) != 3 || s[end] || y < 1970 || m < 1 ||
        m > 12 || d < 1 || d > 31)
        return false;
    *day = days_from_civil(y, (unsigned)m, (unsigned)d);
    int64_t yy;
    unsigned mm, dd;
    civil_from_days(*day, &yy, &mm, &dd);
    return mm == (unsigned)m && dd == (unsigned)d; /* rejects 2025-02-30 */
}

/* Parses one value into cfg; returns false if it is malformed or out of range. */
static bool set_value(const struct opt *o, const char *v, struct config *cfg)
{
    char *field = (char *)cfg + o->offset, *end;
    errno = 0;
    switch (o->type) {
    case OT_COUNT: {
        if (*v == '-' || *v == '\0')
            return false;
        unsigned long long n = strtoull(v, &end, 10);
        if (errno || *end || (double)n < o->lo || (double)n > o->hi)
            return false;
        *(uint64_t *)(void *)field = n;
        return true;
    }
    case OT_REAL: {
        double x = strtod(v, &end);
        if (errno || *end || end == v || !(x >= o->lo && x <= o->hi)) /* !(...) also rejects NaN */
            return false;
        *(double *)(void *)field = x;
        return true;
    }
    case OT_PATH:
        if (!*v)
            return false;
        *(const char **)(void *)field = v;
        return true;
    case OT_DATE: return parse_date(v, (int64_t *)(void *)field);
    default: {
        static const char *const ORDERS[] = {"time", "shuffle", "group"};
        for (int i = 0; i < 3; i++)
            if (strcmp(v, ORDERS[i]) == 0) {
                *(enum order *)(void *)field = (enum order)i;
                return true;
            }
        return false;
    }
    }
}

static const struct opt *find_opt(const char *name, size_t len)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (strlen(OPTS[i].name) == len && strncmp(OPTS[i].name, name, len) == 0)
            return &OPTS[i];
    return NULL;
}

static void apply(const struct opt *o, const char *v, struct config *cfg)
{
    if (set_value(o, v, cfg))
        return;
    char range[96] = "";
    if (o->type == OT_COUNT)
        snprintf(range, sizeof range, " (expected a whole number from %.0f to %.0f)", o->lo, o->hi);
    else if (o->type == OT_REAL)
        snprintf(range, sizeof range, " (expected a number from %g to %g)", o->lo, o->hi);
    else if (o->type == OT_DATE)
        snprintf(range, sizeof range, " (expected a date YYYY-MM-DD from 1970 on)");
    else if (o->type == OT_ORDER)
        snprintf(range, sizeof range, " (expected time, shuffle or group)");
    fprintf(stderr, "gen_corpus: bad value '%s' for --%s%s\n(see gen_corpus --help)\n", v, o->name,
            range);
    exit(EXIT_USAGE);
}

/* Checks that need several flags at once. */
static void check_config(const struct config *c)
{
    if (!c->out || !c->truth)
        usage_error("both %s and %s are required", "--out", "--truth");
    if (strcmp(c->out, "-") != 0 && strcmp(c->out, c->truth) == 0)
        usage_error("--out and --truth name the same file %s%s", c->out, "");
    if (strcmp(c->truth, "-") == 0 && strcmp(c->out, "-") == 0)
        usage_error("only one of %s and %s can be standard output", "--out", "--truth");
    if (c->edit_min > c->edit_max)
        usage_error("%s is larger than %s", "--edit-min", "--edit-max");
    if (c->keep_min > c->keep_max)
        usage_error("%s is larger than %s", "--keep-min", "--keep-max");
    if (c->trunc_min > c->trunc_max)
        usage_error("%s is larger than %s", "--truncate-min", "--truncate-max");
    if (c->delay_min > c->delay_max)
        usage_error("%s is larger than %s", "--delay-min", "--delay-max");
    if (c->template_diff_min > c->template_diff_max)
        usage_error("%s is larger than %s", "--template-diff-min", "--template-diff-max");
    if (c->template_share + c->brief_share + c->giant_share > 1)
        usage_error("%s, %s and --giant-share add up to more than 1", "--template-share",
                    "--brief-share");
    if (c->cluster_share + c->same_event > 1)
        usage_error("%s and %s add up to more than 1", "--cluster-share", "--same-event");
    if (c->same_event > 0 && c->cluster_share == 0)
        usage_error("%s needs clustered events to report on (%s > 0)", "--same-event",
                    "--cluster-share");
    double mix = 0;
    for (int k = 0; k < COPY_KINDS; k++)
        mix += c->mix[k];
    if (!(mix > 0))
        usage_error("the %s weights add up to 0%s", "--mix-*", "");
}

static void parse_args(int argc, char **argv, struct config *cfg)
{
    for (size_t i = 0; i < NOPTS; i++)
        if (OPTS[i].def)
            apply(&OPTS[i], OPTS[i].def, cfg); /* defaults go through the same parser */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strncmp(a, "--", 2) != 0)
            usage_error("unexpected argument '%s'%s", a, "");
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        const struct opt *o = find_opt(a + 2, len);
        if (!o)
            usage_error("unknown option '%s'%s", a, "");
        if (!eq && i + 1 == argc)
            usage_error("option '%s' needs a value%s", a, "");
        apply(o, eq ? eq + 1 : argv[++i], cfg);
    }
    check_config(cfg);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) * 1e-9;
}

int main(int argc, char **argv)
{
    struct config cfg = {0};
    parse_args(argc, argv, &cfg);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    struct lexicon lx[SC_COUNT];
    for (int sc = 0; sc < SC_COUNT; sc++)
        lexicon_build(
            &lx[sc], (enum script)sc, sc == SC_LATIN ? LATIN_WORDS : OTHER_WORDS, cfg.zipf,
            seed_derive(cfg.seed, LABEL_LEXICON + 16 * (uint64_t)sc)); /* 16: past the labels */
    struct outlet_pool pool;
    outlets_build(&pool, lx, (uint32_t)cfg.papers, seed_derive(cfg.seed, LABEL_OUTLETS));
    struct plan plan;
    plan_build(&plan, &cfg, &pool);
    plan_order(&plan, cfg.order, cfg.seed);

    struct writer w;
    writer_open(&w, &cfg, lx, &pool, &plan);
    for (size_t i = 0; i < plan.n; i++)
        writer_story(&w, i);
    writer_close(&w);

    double secs = seconds_since(&t0);
    fprintf(stderr, "gen_corpus: %zu stories, %.1f MB in %.2f s\n", plan.n,
            (double)w.json.bytes / 1e6, secs);
    plan_free(&plan);
    outlets_free(&pool);
    for (int sc = 0; sc < SC_COUNT; sc++)
        lexicon_free(&lx[sc]);
    return 0;
}
