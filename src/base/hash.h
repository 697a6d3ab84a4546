/* The one hash function for in-memory tables (the layout cache, the word
 * cache, the glyph atlas): MurmurHash3's 64-bit finaliser, fmix64 (Austin
 * Appleby, public domain), applied to the running hash xor each new 64-bit
 * value. fmix64 is a bijection whose every output bit depends on every
 * input bit, so keys that differ in one byte land in unrelated slots.
 *
 * Bytes are folded eight at a time, which costs about a third of FNV-1a's
 * byte-at-a-time loop on the paragraphs the layout cache hashes on every
 * lookup. Not for files, the network or hostile keys: the values may change
 * between versions, and no seed hides them.
 *
 * Inline, because the word cache hashes every word of every layout. */
#ifndef TAFLEN_BASE_HASH_H
#define TAFLEN_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* h with v folded in. */
static inline uint64_t hash_mix(uint64_t h, uint64_t v)
{
	h ^= v;
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 33;
	return h;
}

/* h with s[0..n) folded in; the length is folded in too, so "a" and "a\0"
 * differ. */
static inline uint64_t hash_bytes(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v;
		memcpy(&v, p + i, 8);
		h = hash_mix(h, v);
	}
	uint64_t tail = 0;
	if (n > i)
		memcpy(&tail, p + i, n - i);
	return hash_mix(h, tail ^ (uint64_t)n << 56);
}

#endif
