/* What the fuzz targets (tests/fuzz/fuzz_*.c) share.
 *
 * Each target is a function that takes one input and returns 0, or -1 after
 * printing which invariant the input broke. The libFuzzer entry point at the
 * bottom of each file aborts on -1, so libFuzzer keeps the input as a crash;
 * tests/unit/test_fuzz_corpus.c includes the same files with
 * FUZZ_NO_LIBFUZZER defined and replays every corpus and crash file through
 * the same functions, so an input that once failed stays a test for ever.
 * Sanitizer reports (ASan, UBSan, LeakSanitizer) fail both ways too. */
#ifndef TAFLEN_FUZZ_H
#define TAFLEN_FUZZ_H

#include <stdint.h>
#include <stdio.h>

/* Reports a broken invariant and makes the enclosing function return -1. */
#define FUZZ_REQUIRE(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", __FILE__, __LINE__, \
				#cond); \
			return -1; \
		} \
	} while (0)

/* Propagates a helper's -1. */
#define FUZZ_TRY(call) \
	do { \
		if ((call) != 0) \
			return -1; \
	} while (0)

#ifndef FUZZ_NO_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif

#endif
