/*
 * newsprint.h — the public API of libnewsprint, a near-duplicate and
 * syndication detector for republished news.
 *
 * One story flows one way through the library:
 *
 *   read -> segment -> fingerprint -> index -> match -> passages
 *        -> cluster -> attribute -> store -> report
 *
 * docs/architecture.md describes each stage, docs/cli.md the newsprint
 * program built on this API, and docs/api.md the rules this header keeps.
 *
 * Conventions (after libgit2):
 *   - every symbol starts with np_ (functions and types) or NP_ (constants);
 *   - the library exports exactly the functions declared here, each marked
 *     NP_EXTERN; everything else in it is hidden;
 *   - handles (np_db, np_reader) are opaque; plain records (np_story,
 *     np_fingerprint, np_decision) are public structs the caller may read;
 *   - an options struct the caller fills (np_params, np_segment_opts) opens
 *     with a version field, set by its *_INIT macro or *_init function, so
 *     that it can grow without breaking a caller built against an older
 *     header; the library refuses a version it does not know;
 *   - a function that can fail returns an np_status and, when it fails,
 *     fills the caller's np_error with a message. The library never prints
 *     and never exits.
 */
#ifndef NEWSPRINT_H
#define NEWSPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "newsprint_version.h"

/* Marks a function the shared library exports. The library is built with
 * every other symbol hidden (-fvisibility=hidden), so a declaration here
 * without it names nothing a program can link to. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define NP_EXTERN __attribute__((visibility("default")))
#else
#define NP_EXTERN
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Version                                                             */
/* ------------------------------------------------------------------ */

/* The version of the library loaded at run time, "MAJOR.MINOR.PATCH"; the
 * header's own is NP_VERSION (newsprint_version.h). */
NP_EXTERN const char *np_version(void);

/* The same as a number, MAJOR * 10000 + MINOR * 100 + PATCH, to compare
 * with NP_VERSION_NUMBER: a program may refuse a library older than the
 * header it was built with. */
NP_EXTERN int np_version_number(void);

/* ------------------------------------------------------------------ */
/* Status and errors                                                   */
/* ------------------------------------------------------------------ */

typedef enum np_status {
	NP_OK = 0,
	NP_DONE = 1,    /* a reader has no more records */
	NP_EINPUT = -1, /* one input record is unusable; the run may go on */
	NP_EINVAL = -2, /* a bad argument or parameter */
	NP_ENOMEM = -3,
	NP_EIO = -4,    /* a file could not be read or written */
	NP_ESTORE = -5, /* the store is unusable (not SQLite, wrong params, ...) */
	NP_ENOTFOUND = -6,
	NP_EBUSY = -7   /* the store is being written by another process */
} np_status;

#define NP_ERRMSG_MAX 512

typedef struct np_error {
	np_status code;
	char msg[NP_ERRMSG_MAX];
} np_error;

/* ------------------------------------------------------------------ */
/* Parameters: every tunable, with its default, in one place           */
/* ------------------------------------------------------------------ */

/* The version of np_params this header describes: it rises when fields are
 * added, and the library reads a caller's struct by the version it holds. */
#define NP_PARAMS_VERSION 1

typedef struct np_params {
	unsigned version;        /* NP_PARAMS_VERSION: set by NP_PARAMS_INIT,
	                          * np_params_init or np_params_default */
	unsigned shingle_words;  /* words per shingle */
	unsigned cjk_gram;       /* characters per token in scripts without spaces */
	unsigned minhash_k;      /* MinHash values per signature (16..1024) */
	unsigned lead_shingles;  /* shingles at the start of a body that make its lead */
	unsigned lead_k;         /* MinHash values of the lead fingerprint */
	unsigned rails_k;        /* MinHash values of the rails fingerprint */
	uint64_t seed;           /* seed of every hash; fixed => same output */
	int fold_accents;        /* 1: strip combining marks (e -> e, đ -> d) */
	unsigned tokenizer;      /* how text is cut into words: NP_TOKENIZER_* (fixed per store) */
	double threshold;        /* Jaccard at which two bodies are near-duplicates */
	double containment;      /* containment at which a shorter copy is a near-duplicate */
	unsigned bands, rows;    /* LSH banding; 0,0 = chosen from threshold and K */
	unsigned min_shingles;   /* bodies with fewer shingles are never matched */
	uint64_t window_seconds; /* match only stories published this close; 0: no window */
	unsigned batch;          /* stories per write transaction */
	/* The passage tier (partial reuse; see the README, "Derived stories"): */
	unsigned passages;       /* 1: run it (fixed when a store is made); 0: off */
	unsigned passage_words;  /* words per passage n-gram */
	unsigned passage_window; /* winnowing window in n-grams: every shared run of
	                          * passage_window + passage_words - 1 words is seen */
	unsigned passage_cap;    /* a fingerprint in more stored stories than this is a
	                          * stock phrase and links nothing */
	unsigned passage_min_words; /* fewest distinct words a pair shares to link */
	double passage_overlap;  /* IDF-weighted share of the copy's words found in the
	                          * source: partially derived, when also ... */
	double passage_source;   /* ... this share of the source's words is in the copy */
	double passage_wholly;   /* share of the copy in shared passages: wholly derived */
	unsigned passage_spelling; /* which other spellings of the copy's words the source
	                            * may hold them in: NP_SPELLING_* (fixed per store) */
} np_params;

/* How text is cut into words (np_params.tokenizer). A new store takes
 * NP_TOKENIZER; a store keeps the way it was made with, and one that records
 * no tokenizer was made with NP_TOKENIZER_FIRST. */
#define NP_TOKENIZER_FIRST 1      /* at white space, punctuation and changes of script */
#define NP_TOKENIZER_RTL_DIGITS 2 /* also between a number and a right-to-left word:
                                   * "11ارب" is "11" and "ارب" */
#define NP_TOKENIZER NP_TOKENIZER_RTL_DIGITS

/* Which other spellings of a copy's words count as held by its source in the
 * word overlap (np_params.passage_spelling). A new store takes NP_SPELLING; a
 * store that records no spelling keeps NP_SPELLING_JOINED. */
#define NP_SPELLING_JOINED 1 /* two neighbouring words the source writes as one:
                              * "وزیر اعظم" held by "وزیراعظم" */
#define NP_SPELLING_LETTER 2 /* also a word with one letter more than the source's:
                              * "اسکور" held by "سکور", "reports" by "report" */
#define NP_SPELLING NP_SPELLING_LETTER

/* Parameters with nothing given: every field 0 but the version, for
 * np_db_open to take the store's values or the defaults. */
#define NP_PARAMS_INIT {.version = NP_PARAMS_VERSION}

/* The same at run time, for a struct of the given version (the caller's
 * NP_PARAMS_VERSION): NP_EINVAL when the library does not know it. */
NP_EXTERN np_status np_params_init(np_params *p, unsigned version, np_error *err);

/* Fills *p, of the given version, with the defaults (docs/cli.md lists them
 * with the options that set them). */
NP_EXTERN np_status np_params_default(np_params *p, unsigned version, np_error *err);

/* Fills every field of p that is 0 ("not given") from base. NP_EINVAL when
 * either is of a version the library does not know. */
NP_EXTERN np_status np_params_fill(np_params *p, const np_params *base, np_error *err);

/* Checks the version and the ranges; fills err and returns NP_EINVAL when a
 * value is out of range. */
NP_EXTERN np_status np_params_validate(const np_params *p, np_error *err);

/* ------------------------------------------------------------------ */
/* Stories: what read + segment produce                                */
/* ------------------------------------------------------------------ */

typedef enum np_credit_kind {
	NP_CREDIT_SOURCE_URL = 0, /* "Source: https://..." */
	NP_CREDIT_AGENCY = 1,     /* "(Reuters) -", "Theo TTXVN", "Source: AFP" */
	NP_CREDIT_BYLINE = 2      /* "By Jane Roe, PA News" */
} np_credit_kind;

typedef struct np_credit {
	np_credit_kind kind;
	char *value;
} np_credit;

typedef struct np_rail_item {
	char *title;
	char *outlet; /* may be NULL */
	char *date;   /* as printed, may be NULL */
} np_rail_item;

typedef struct np_rail {
	char *heading; /* may be NULL for a rail without a heading */
	np_rail_item *items;
	size_t n_items;
} np_rail;

typedef struct np_strv {
	char **v;
	size_t n;
} np_strv;

typedef struct np_story {
	char *id;        /* required */
	char *url;       /* optional fields are NULL when absent */
	char *outlet;
	char *published; /* as given: ISO 8601, YYYY-MM-DD or DD/MM/YYYY */
	char *title;
	char *lang;
	np_strv body;        /* paragraphs */
	np_credit *credits;
	size_t n_credits;
	np_rail *rails;
	size_t n_rails;
	np_strv boilerplate; /* lines dropped as widget text */
	char *extra_json;    /* unknown JSON Lines fields, as a JSON object, or NULL */
	/* invalid UTF-8 sequences the reader replaced by U+FFFD in every field
	 * but the body (which is kept as given: the fingerprint counts its own) */
	size_t n_invalid_utf8;
	/* a page file's path as given, when its id is not that (ids are the
	 * path relative to the folder given): what a store made before ids were
	 * canonical holds as its id; NULL otherwise */
	char *path_id;
} np_story;

/* Replaces the malloc'd string *s (NULL is left alone) by a copy with each
 * invalid UTF-8 sequence (or NUL) replaced by U+FFFD, when it has one, and
 * adds how many to *n_invalid: what goes into JSON, CSV, Markdown or HTML
 * must be valid UTF-8. */
NP_EXTERN np_status np_utf8_repair(char **s, size_t *n_invalid, np_error *err);

NP_EXTERN np_story *np_story_new(void);
NP_EXTERN void np_story_free(np_story *s);

/* Splits a page dump (UTF-8 text, len bytes) into a story. The id is not
 * set. Never fails on odd text: what it cannot place is body or boilerplate. */
NP_EXTERN np_status np_segment(const char *text, size_t len, np_story **out, np_error *err);

/* The version of np_segment_opts this header describes. */
#define NP_SEGMENT_OPTS_VERSION 1

/* What a caller may know about a page beyond its text. Every field but the
 * version is optional (NULL / 0 = not known). */
typedef struct np_segment_opts {
	unsigned version; /* NP_SEGMENT_OPTS_VERSION: set by NP_SEGMENT_OPTS_INIT or
	                   * np_segment_opts_init */
	/* When the page was fetched, ISO 8601 ("2024-10-24T17:34:00+07:00" or
	 * "2024-10-24"): relative dates ("8 giờ trước", "3 hours ago") are then
	 * resolved against it; without it they are kept as printed. */
	const char *fetched;
} np_segment_opts;

/* Options with nothing known. */
#define NP_SEGMENT_OPTS_INIT {.version = NP_SEGMENT_OPTS_VERSION}

/* The same at run time, for a struct of the given version: NP_EINVAL when
 * the library does not know it. */
NP_EXTERN np_status np_segment_opts_init(np_segment_opts *opts, unsigned version,
                                         np_error *err);

/* np_segment with what the caller knows of the page; opts may be NULL.
 * NP_EINVAL when opts is of a version the library does not know. */
NP_EXTERN np_status np_segment_ex(const char *text, size_t len, const np_segment_opts *opts,
                                  np_story **out, np_error *err);

/* Adds the entries of a lexicon file (TSV: language, kind, text; see
 * data/lexicon/README.md) to the built-in lexicon, for every later call in
 * this process. Not thread-safe with concurrent segmenting: load first. */
NP_EXTERN np_status np_lexicon_load(const char *path, np_error *err);

/* Forgets every loaded lexicon file (the built-in lexicon stays). */
NP_EXTERN void np_lexicon_unload(void);

/* Adds the wire agencies of a file shaped like data/agencies.tsv (name,
 * aliases, dateline forms, web domains) to the built-in ones, searched
 * first, for every later attribution in this process: a credit "(TTXVN)"
 * then names "Vietnam News Agency". Not thread-safe with concurrent
 * ingesting or reporting: load first. */
NP_EXTERN np_status np_agencies_load(const char *path, np_error *err);

/* Likewise for outlet kinds, a file shaped like data/outlets.tsv (name,
 * kind: wire, release, paper, broadcaster, magazine, online or aggregator,
 * aliases, web domains). Attribution weighs a wire above a paper and a
 * paper above an aggregator. */
NP_EXTERN np_status np_outlets_load(const char *path, np_error *err);

/* Forgets every loaded agencies and outlets file (the built-in ones stay). */
NP_EXTERN void np_outlets_unload(void);

/* For a body extracted elsewhere (a JSON Lines `text`): moves credit lines
 * ("Source: ...", "Theo ...", "By ...") from s->body to s->credits, and
 * reads a wire dateline ("CITY (Agency) -") opening the first paragraph. */
NP_EXTERN np_status np_segment_credits(np_story *s, np_error *err);

/* ------------------------------------------------------------------ */
/* Reading input                                                       */
/* ------------------------------------------------------------------ */

typedef enum np_format {
	NP_FORMAT_AUTO = 0, /* by extension: .jsonl/.ndjson/- => jsonl, else text */
	NP_FORMAT_TEXT,
	NP_FORMAT_JSONL
} np_format;

typedef struct np_reader np_reader;

/* Opens paths in order; "-" is standard input; a folder is read
 * recursively in byte order of paths. */
NP_EXTERN np_status np_reader_open(np_reader **out, const char *const *paths, size_t n_paths,
                                   np_format format, np_error *err);

/* Next story. Returns NP_OK with *out set, NP_DONE at the end, or NP_EINPUT
 * with *out NULL and err saying which record (file, line or id) and why: the
 * caller reports it and calls again. Other errors are fatal for the reader. */
NP_EXTERN np_status np_reader_next(np_reader *r, np_story **out, np_error *err);

/* When the pages were fetched (ISO 8601), for relative dates ("3 hours
 * ago") in page dumps; a JSON Lines record's own `fetched` field wins. */
NP_EXTERN np_status np_reader_set_fetched(np_reader *r, const char *iso, np_error *err);

NP_EXTERN void np_reader_free(np_reader *r);

/* One JSON Lines record (len bytes of JSON text, one object) as a story,
 * read as the reader reads a line of a .jsonl file: the same fields, checks
 * and error messages (without a file and line). NP_EINPUT for a bad
 * record. */
NP_EXTERN np_status np_story_from_json(const char *record, size_t len, np_story **out,
                                       np_error *err);

/* ------------------------------------------------------------------ */
/* Fingerprints                                                        */
/* ------------------------------------------------------------------ */

typedef struct np_fingerprint {
	unsigned k;               /* number of MinHash values */
	uint32_t *minhash;        /* k values over the body's shingles */
	unsigned lead_k;
	uint32_t *lead;           /* lead_k values over the first lead_shingles shingles:
	                           * a copy cut to its first paragraphs keeps its lead */
	unsigned rails_k;
	uint32_t *rails;          /* rails_k values over the normalized rail headlines,
	                           * kept apart from the body's */
	uint64_t simhash;         /* SimHash-64, shingles weighted by their count */
	uint64_t content_hash[2]; /* XXH3-128 of the normalized body: hi, lo */
	uint32_t n_shingles;      /* distinct shingles in the body */
	uint32_t n_rail_items;    /* rail headlines signed into rails */
	uint32_t n_invalid;       /* invalid UTF-8 sequences replaced by U+FFFD */
	uint64_t *shingles;       /* the distinct shingle hashes, sorted (may be NULL) */
	struct np_body_text *text; /* with NP_SIGN_TEXT: the normalized body, paragraph
	                            * by paragraph (private; freed with the fingerprint) */
} np_fingerprint;

/* What np_sign keeps besides the fingerprints (flags, or-ed). */
#define NP_SIGN_SHINGLES 1 /* the sorted shingle set (for exact Jaccard), else
                            * fp->shingles is NULL */
#define NP_SIGN_TEXT 2     /* the normalized body: np_ingest_signed and
                            * np_check_signed then sign the body less its
                            * outlet's template lines without normalizing it
                            * again (a signing thread's work spared to the
                            * ingesting one) */

/* Signs a story's body, keeping what flags ask. */
NP_EXTERN np_status np_sign(const np_params *p, const np_story *s, int flags, np_fingerprint **out,
                            np_error *err);
NP_EXTERN void np_fingerprint_free(np_fingerprint *fp);

/* Estimated Jaccard of two signatures of the same k; 0 when either body
 * has no shingles (an empty body is like nothing, not like another empty
 * one). */
NP_EXTERN double np_jaccard_estimate(const np_fingerprint *a, const np_fingerprint *b);
/* Exact Jaccard of two shingle sets (both signed with keep_shingles). */
NP_EXTERN double np_jaccard_exact(const np_fingerprint *a, const np_fingerprint *b);
/* Share of a's shingles that are in b, from a Jaccard value and the set sizes. */
NP_EXTERN double np_containment(double jaccard, uint32_t n_a, uint32_t n_b);
/* Number of shingles two fingerprints share (both signed with keep_shingles). */
NP_EXTERN size_t np_shingles_shared(const np_fingerprint *a, const np_fingerprint *b);
/* Hamming distance of the two SimHashes. */
NP_EXTERN int np_simhash_distance(const np_fingerprint *a, const np_fingerprint *b);

/* ------------------------------------------------------------------ */
/* Shared passages (the passage tier)                                  */
/* ------------------------------------------------------------------ */

/* One passage two bodies share: words [a, a + words) of the first body are
 * words [b, b + words) of the second (words as normalize counts them). */
typedef struct np_shared_passage {
	uint32_t a, b, words;
	char *text;               /* the passage's normalized words */
} np_shared_passage;

typedef struct np_passages {
	const char *derivation;   /* "wholly", "partially" or NULL; static */
	int copy_is_a;            /* the copy: a when published later (or, dates
	                           * unknown or equal, when more of a is shared
	                           * tiled against b than of b tiled against a) */
	uint32_t words_a, words_b;
	double a_in_b, b_in_a;    /* share of each body's words in shared passages,
	                           * the copy tiled against the source, as ingest
	                           * does: compare A B and compare B A agree */
	double overlap;           /* IDF-weighted share of the copy's distinct words
	                           * the other holds (see passage_overlap) */
	uint32_t shared_words;    /* distinct words the two share */
	double source_share;      /* shared_words over the source's distinct words */
	np_shared_passage *v;     /* in the order of the copy */
	size_t n;
} np_passages;

NP_EXTERN void np_passages_free(np_passages *ps);

/* ------------------------------------------------------------------ */
/* The store and its index                                             */
/* ------------------------------------------------------------------ */

typedef struct np_db np_db;

typedef enum np_open_mode {
	NP_OPEN_READWRITE = 0, /* creates the store if missing */
	NP_OPEN_READONLY = 1,  /* for check and report: never writes */
	/* a second read-write handle of the process that holds the store's
	 * writer lock (a checkpointing thread): takes no lock of its own */
	NP_OPEN_SAME_WRITER = 2
} np_open_mode;

/* Opens (or creates) a store. In params, a field left 0 means "not given":
 * it takes the store's value, or the default for a new store (params may be
 * NULL: nothing given). A store made with other fingerprint parameters
 * (shingle size, K, seed, ...) than those given is an NP_ESTORE error.
 * NP_OPEN_READWRITE takes the store's writer lock: NP_EBUSY, naming the
 * holder's process, while another handle (of any process) writes the store.
 * A handle is used by one thread at a time (it holds the index and the
 * clusters unlocked, and its SQLite connection takes no lock of its own);
 * threads that work on a store at once each open a handle. */
NP_EXTERN np_status np_db_open(np_db **out, const char *path, np_open_mode mode,
                               const np_params *params, np_error *err);
/* For a read-only handle: every read from now until np_db_close sees one
 * snapshot, the store as its last commit left it, whatever a writer commits
 * meanwhile (a report, a run of check). While it is held, the writer's log
 * cannot be copied back past it, so a handle that lives as long as a writer
 * (a reading thread of ingest) does not take one. */
NP_EXTERN np_status np_db_snapshot(np_db *db, np_error *err);
/* Commits pending writes, stores the attribution of changed clusters, closes. */
NP_EXTERN np_status np_db_close(np_db *db, np_error *err);
NP_EXTERN const np_params *np_db_params(const np_db *db);

typedef enum np_decision_status {
	NP_NEW = 0,
	NP_DUPLICATE,      /* same normalized body as a stored story */
	NP_NEAR_DUPLICATE, /* Jaccard or containment above the thresholds */
	NP_SKIPPED         /* not stored: empty body, id already stored, ... */
} np_decision_status;

typedef struct np_decision {
	np_decision_status status;
	int64_t cluster;        /* 0 when none */
	char *match_id;         /* best matching stored story, or NULL */
	double jaccard;         /* estimated, with match_id */
	double containment;     /* share of this story found in match_id */
	double contains;        /* share of match_id found in this story */
	int simhash_distance;   /* SimHash Hamming distance to match_id */
	double lead;            /* estimated Jaccard of the two leads (lead fingerprints) */
	const char *decided_by; /* what made it a match: "identical" (content hash),
	                         * "jaccard", "containment", "lead" (containment at a
	                         * Jaccard too low to decide alone, with equal leads:
	                         * a copy cut to its first paragraphs) or "passages" (the
	                         * passage tier: shared passages, see derivation); static,
	                         * NULL if new */
	char *reason;           /* with NP_SKIPPED: why */
	/* The passage tier. A story that is no near-duplicate may still be
	 * derived from a stored one through shared passages: status
	 * NP_NEAR_DUPLICATE, decided_by "passages", containment the share of this
	 * story in them, contains the share of match_id. */
	const char *derivation; /* "wholly" or "partially"; static, NULL otherwise */
	unsigned passages;      /* shared passages with match_id (passage tier only) */
	double overlap;         /* the copy's IDF-weighted word overlap with its source */
	/* The closest stored story that matched by shingles but was kept apart
	 * as another story filled into the same frame (another day's market
	 * wrap, weather, results): its id and why, or NULL. */
	char *distinct_id;
	char *distinct_reason;
} np_decision;

NP_EXTERN void np_decision_clear(np_decision *d);

/* The decision as the JSON object `ingest --json` prints (docs/cli.md): id
 * (NULL prints null), status, cluster, match, distinct, and error (error,
 * or d's reason) and warning when not NULL. Malloc'd text, freed with
 * np_free; NULL when out of memory. */
NP_EXTERN char *np_decision_json(const char *id, const np_decision *d, const char *error,
                                 const char *warning);

/* Frees text the library made and handed over (np_decision_json,
 * np_report_string): a binding calls the library's free, not its own. */
NP_EXTERN void np_free(void *p);
NP_EXTERN const char *np_decision_status_name(np_decision_status s);

/* Decides and stores one story. A story that cannot be stored (empty body,
 * id already stored) gives NP_OK with status NP_SKIPPED and a reason. */
NP_EXTERN np_status np_ingest(np_db *db, const np_story *s, np_decision *out, np_error *err);

/* The decision np_ingest would make, without writing anything. */
NP_EXTERN np_status np_check(np_db *db, const np_story *s, np_decision *out, np_error *err);

/* np_ingest and np_check for a story already signed with np_sign under
 * np_db_params(db): signing needs no store, so a caller can sign on other
 * threads while one thread ingests (the newsprint program does). */
NP_EXTERN np_status np_ingest_signed(np_db *db, const np_story *s, const np_fingerprint *fp,
                                     np_decision *out, np_error *err);
NP_EXTERN np_status np_check_signed(np_db *db, const np_story *s, const np_fingerprint *fp,
                                    np_decision *out, np_error *err);

/* Builds the in-memory index from the store now, rather than at the first
 * check or ingest (which otherwise pay for it): a service does this before
 * it takes requests. */
NP_EXTERN np_status np_db_load_index(np_db *db, np_error *err);

/* Commits pending writes and attributes changed clusters now. */
NP_EXTERN np_status np_db_flush(np_db *db, np_error *err);

/* Aligns the bodies of a and b under the store's parameters and classifies
 * the pair as the passage tier does, with word weights from the store's
 * document frequencies; db NULL: under p, every word weighing 1. */
NP_EXTERN np_status np_passages_compare(np_db *db, const np_params *p, const np_story *a,
                                        const np_story *b, np_passages *out, np_error *err);

/* Copies the pages of committed writes from the write-ahead log into the
 * store file, waiting for no reader or writer (SQLite's passive
 * checkpoint). The writing handle does this itself now and then; a program
 * may instead call this from a thread with a handle of its own, so that the
 * copying is not done by the thread that ingests (the newsprint program
 * does). */
NP_EXTERN np_status np_db_checkpoint(np_db *db, np_error *err);

/* Bytes the write-ahead log may hold before the writing handle copies them
 * into the store itself, waiting for the disk (default 64 MB; rounded up to
 * whole pages of the store, 16 KB in a new store).
 * A program that checkpoints from a thread of its own raises it, so that
 * its writing thread seldom does: the newsprint program sets
 * NP_WAL_LIMIT_WITH_CHECKPOINTER. 0 turns the writer's own checkpoints off
 * (the log then grows until someone checkpoints). */
NP_EXTERN np_status np_db_set_wal_limit(np_db *db, uint64_t bytes, np_error *err);

/* 1 GB of log: a backstop for when the checkpointing thread falls behind.
 * At the default limit a writing thread with a checkpointer beside it would
 * still wait for the disk after most large commits (benchmarks/README.md,
 * "Ingest at a million stories"). */
#define NP_WAL_LIMIT_WITH_CHECKPOINTER (1ull << 30)

/* Forgets stored story id: removes it from the store (with its fingerprints,
 * passages and links) and from the warm index, in one transaction after
 * committing what is pending. Its cluster re-chooses its origin, and splits
 * where the story was the only bridge: the members a chain of matches still
 * joins stay together; the component of the earliest member (publication
 * time, then id) keeps the cluster's id, the others get new ids. *found is
 * 0 (and NP_OK returned) when no story has this id. */
NP_EXTERN np_status np_forget(np_db *db, const char *id, int *found, np_error *err);

/* Forgets every story published more than `seconds` before the newest
 * stored publication time (stories without a readable one stay), each as
 * np_forget does; *forgotten: how many. */
NP_EXTERN np_status np_forget_older(np_db *db, int64_t seconds, size_t *forgotten,
                                    np_error *err);

/* Loads a stored story (body, credits, rails) by id: NP_ENOTFOUND if absent. */
NP_EXTERN np_status np_db_get_story(np_db *db, const char *id, np_story **out, np_error *err);

/* *found: whether a story with this id is stored (committed, or written in
 * this handle's open transaction). */
NP_EXTERN np_status np_db_contains(np_db *db, const char *id, int *found, np_error *err);

/* A link between two stored pages through a related-story rail: the page
 * with the rail, the page its item names, and the item as printed. */
typedef struct np_rail_link {
	char *id;       /* the other page's story id */
	char *outlet;   /* its outlet, or NULL */
	char *heading;  /* the rail's heading, or NULL */
	char *title;    /* the rail item's headline as printed */
} np_rail_link;

typedef struct np_rail_links {
	np_rail_link *from; /* pages whose rails name this story's title */
	size_t n_from;
	np_rail_link *to;   /* stored stories this page's rail items name */
	size_t n_to;
	size_t n_items;     /* rail items on this page */
} np_rail_links;

/* Resolves rail headlines to stored stories by title (NFKC, case folded,
 * punctuation and spacing ignored) for the stored story id: which pages'
 * rails name it, and which stored stories its own rails name. Reads every
 * stored rail item and title, so its time grows with the store: no index is
 * kept for it, and ingest pays nothing (benchmarks/README.md, "Outlet
 * templates"). NP_ENOTFOUND when id is not stored. */
NP_EXTERN np_status np_db_rail_links(np_db *db, const char *id, np_rail_links *out, np_error *err);
NP_EXTERN void np_rail_links_free(np_rail_links *l);

/* Moves the body paragraphs of s that are its outlet's template (lines the
 * store has seen on NP_TEMPLATE_MIN_PAGES or more other pages of the outlet,
 * digits masked: footers, fixed rails) to s->boilerplate, as np_ingest and
 * np_check do before matching; *moved says how many. */
NP_EXTERN np_status np_db_apply_template(np_db *db, np_story *s, size_t *moved, np_error *err);

/* What np_migrate copied. */
typedef struct np_migrate_stats {
	size_t tables;   /* tables copied (empty ones included) */
	uint64_t rows;   /* rows copied, of every table */
	int64_t stories; /* stories the copy holds */
} np_migrate_stats;

/* Called by np_migrate as it copies: the table being copied, the rows of it
 * copied so far, and the rows of every table copied so far; after each
 * NP_MIGRATE_PROGRESS_ROWS rows and at the end of each table. */
typedef void (*np_migrate_fn)(void *ctx, const char *table, uint64_t table_rows,
                              uint64_t rows);

/* How often np_migrate reports: often enough for a line at a terminal to
 * move several times a second, seldom enough to cost nothing. */
#define NP_MIGRATE_PROGRESS_ROWS 10000

/* Copies the store `from` into the store `to` (each a SQLite path or a
 * PostgreSQL connection string, as np_db_open takes), backends alike or
 * not: every story, fingerprint, cluster and origin, the passage tier's
 * rows, outlet templates and the parameters, with their sids, cluster ids
 * and schema version. `to` must be new or empty (NP_ESTORE otherwise), and
 * both stores must hold the same tables and columns. The copy is one
 * transaction on `to`: a failure, or a process killed mid-copy, leaves it
 * as it was. `from` is read in one snapshot, so a writer may go on.
 * progress may be NULL; out (may be NULL) is filled on success. */
NP_EXTERN np_status np_migrate(const char *from, const char *to, np_migrate_fn progress,
                               void *ctx, np_migrate_stats *out, np_error *err);

/* ------------------------------------------------------------------ */
/* Reports                                                             */
/* ------------------------------------------------------------------ */

typedef enum np_report_format {
	NP_REPORT_JSON = 0,
	NP_REPORT_CSV,
	NP_REPORT_MD,
	NP_REPORT_HTML
} np_report_format;

/* Writes the cluster report of clusters with at least min_size stories. */
NP_EXTERN np_status np_report_write(np_db *db, np_report_format fmt, unsigned min_size, FILE *out,
                                    np_error *err);

/* The same report as text in *out (malloc'd, freed with np_free), for a
 * caller with no FILE to give: a binding, a service. */
NP_EXTERN np_status np_report_string(np_db *db, np_report_format fmt, unsigned min_size,
                                     char **out, np_error *err);

/* One cluster as an object of the JSON report's "clusters" (id, size,
 * origin, members, edges, chains), as text in *out (np_free).
 * NP_ENOTFOUND when the store holds no cluster of that id. */
NP_EXTERN np_status np_cluster_report_string(np_db *db, int64_t cluster, char **out,
                                             np_error *err);

/* One stored story as JSON text in *out (np_free): its id, outlet,
 * published, title, url, cluster and the cluster's size, the cluster's
 * origin (as the report gives it), is_origin, copied_from (whom it was
 * copied from, or null) and matches: the other members of its cluster with
 * their estimated Jaccard with it and the share of it found in each, most
 * similar first. NP_ENOTFOUND when id is not stored. */
NP_EXTERN np_status np_story_report_string(np_db *db, const char *id, char **out,
                                           np_error *err);

/* The number of stories stored (committed, or in this handle's open
 * transaction). */
NP_EXTERN np_status np_db_count_stories(np_db *db, int64_t *stories, np_error *err);

/* The canonical order of a store's stories is their publication time
 * (stories without one last), then their id; the final state of a store is
 * that of one sequential ingest in that order. Writers sharing a store
 * store stories in the order they arrive: *stories is how many were stored
 * from the first one out of canonical order on, whose decisions are
 * provisional (0: the store is final). */
NP_EXTERN np_status np_db_provisional(np_db *db, int64_t *stories, np_error *err);

/* Makes a provisional store final: decides its stories again in canonical
 * order, in one transaction under the writers' lock (the store empties and
 * fills again; a reconcile stopped half-way keeps the store as it was).
 * *redecided: how many stories were decided again (0 when the store was
 * final). It holds every story in memory while it works. */
NP_EXTERN np_status np_db_reconcile(np_db *db, int64_t *redecided, np_error *err);

#ifdef __cplusplus
}
#endif

#endif /* NEWSPRINT_H */
