/* Finding the shipped data (assets/ and fonts/). An installed program
 * (PREFIX/bin/taflen) uses PREFIX/share/taflen, always: never a copy that
 * happens to be in the current folder, such as a source tree it is run from.
 * A program in a build tree (build/taflen) uses the folder above it, else the
 * current folder (build/asan/taflen run from the source tree). A data folder
 * is known by its assets/content folder, not by one of its files, so that
 * a missing font only costs that font (the fonts module puts a stand-in in
 * its place). TAFLEN_DATA_DIR, when set, overrides all of this. */
#ifndef TAFLEN_PATHS_H
#define TAFLEN_PATHS_H

#include <stddef.h>

/* Fills buf with the data folder for a program in exe_dir (an absolute,
 * resolved folder, as SDL_GetBasePath gives it; NULL when unknown), ignoring
 * TAFLEN_DATA_DIR. Returns 0, or -1 when no data folder is found. */
int paths_data_dir_for(const char *exe_dir, char *buf, size_t size);

/* The data folder of this program, TAFLEN_DATA_DIR first. Returns 0, or -1
 * when not found. */
int paths_data_dir(char *buf, size_t size);

#endif
