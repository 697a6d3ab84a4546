/* Growable arrays: one doubling rule for the whole program instead of a
 * hand-written realloc loop at every array.
 *
 * A void * + element size API, not a typed vector struct: the arrays it
 * grows already live in their owners' structs as a pointer, a count and a
 * capacity (often several arrays sharing one count and capacity, as the
 * layout's glyph ids, positions and clusters do), and a struct-per-type
 * macro would force each owner into a new shape. VEC_RESERVE takes the
 * element size from the array's own type, so a caller cannot get it wrong.
 *
 * Growth: to the larger of twice the capacity, VEC_MIN_CAP, and what is
 * needed, so n pushes cost O(n) copies. On failure (out of memory, or a
 * size that would overflow) nothing changes: the arrays keep their contents
 * and *cap its value. */
#ifndef TAFLEN_BASE_VEC_H
#define TAFLEN_BASE_VEC_H

#include <stddef.h>

#define VEC_MIN_CAP 8

/* The slow paths of the two below, out of line. */
int vec_grow(void *arrp, size_t *cap, size_t need, size_t elem);
int vec_grow_many(void *const arrps[], const size_t elems[], size_t n, size_t *cap, size_t need);

/* Makes room for `need` elements of `elem` bytes in the array whose pointer
 * is at arrp (a T **, passed as void *), of capacity *cap. Returns 0, or -1
 * when out of memory. Inline, so that the common case (room already) costs
 * a comparison: callers reserve once per pushed element. */
static inline int vec_reserve(void *arrp, size_t *cap, size_t need, size_t elem)
{
	return need <= *cap ? 0 : vec_grow(arrp, cap, need, elem);
}

/* The same for n arrays that share one capacity: arrps[i] is a T_i ** and
 * elems[i] its element size. *cap changes only when every array has grown,
 * so a failure leaves each array valid at the old capacity (the ones already
 * grown are merely larger). */
static inline int vec_reserve_many(void *const arrps[], const size_t elems[], size_t n,
				   size_t *cap, size_t need)
{
	return need <= *cap ? 0 : vec_grow_many(arrps, elems, n, cap, need);
}

/* VEC_RESERVE(t->items, t->cap, t->n + 1) */
#define VEC_RESERVE(arr, cap, need) vec_reserve(&(arr), &(cap), (need), sizeof *(arr))

#endif
