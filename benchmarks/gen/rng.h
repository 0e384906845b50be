/* gen/rng.h — the generator's only source of randomness: SplitMix64 for hashing seeds and
 * xoshiro256** streams for draws. Everything derives from --seed, so output is reproducible. */
#ifndef GEN_RNG_H
#define GEN_RNG_H

#include <stdbool.h>
#include <stdint.h>

/* 2^64 / golden ratio: the SplitMix64 increment. */
#define RNG_GOLDEN 0x9E3779B97F4A7C15ull

typedef struct {
    uint64_t s[4];
} rng_t;

/* SplitMix64 finaliser: a bijective 64-bit mix. */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* Derives a sub-seed from a seed and a small label, so streams never overlap. */
static inline uint64_t seed_derive(uint64_t seed, uint64_t label)
{
    return mix64(seed ^ mix64(label + RNG_GOLDEN));
}

static inline void rng_seed(rng_t *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        seed += RNG_GOLDEN;
        r->s[i] = mix64(seed);
    }
}

static inline uint64_t rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl64(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return out;
}

/* Uniform in [0, n): the high 32 bits scaled by n (Lemire's multiply-shift; the bias is
 * below 2^-32 relative, irrelevant here). n must be >= 1. */
static inline uint32_t rng_below(rng_t *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi], inclusive. */
static inline uint32_t rng_range(rng_t *r, uint32_t lo, uint32_t hi)
{
    return lo + rng_below(r, hi - lo + 1);
}

/* Uniform in [0, 1) with 53 random bits. */
static inline double rng_unit(rng_t *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static inline double rng_uniform(rng_t *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_unit(r);
}

static inline bool rng_chance(rng_t *r, double p)
{
    return rng_unit(r) < p;
}

#endif
