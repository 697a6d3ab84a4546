/* Finding the shipped data (assets/ and fonts/): next to the executable in a
 * build tree (build/taflen -> ./assets), or under the install prefix
 * (PREFIX/bin/taflen -> PREFIX/share/taflen/assets). TAFLEN_DATA_DIR, when
 * set, overrides both. */
#ifndef TAFLEN_PATHS_H
#define TAFLEN_PATHS_H

#include <stddef.h>

/* Fills buf with the folder holding assets/ and fonts/; -1 when not found. */
int paths_data_dir(char *buf, size_t size);

#endif
