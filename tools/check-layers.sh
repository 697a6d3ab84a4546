#!/bin/sh
# Checks every #include in src/ against the rules in docs/architecture.md, so
# that the map of the modules cannot drift from the code.
#
# The rules are the fenced block after the line "<!-- layers -->" in that
# file: one line per folder (or single file), then the folders of src/ and
# the libraries its files may include. Library names are the ones below
# (lib_of); "libc" is any other system header. A word "NAME:FILE" allows
# NAME in that one file of the folder only. A file takes the rule of the
# longest path that names it. A header named *_internal.h is private to its
# folder, whatever the rules allow.
#
# Usage: tools/check-layers.sh [ROOT]   (ROOT defaults to the repository)
# Prints one line per forbidden include, "FILE:LINE: ...", and a summary;
# exits 1 if there is any.
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"

rules=$(awk '/^<!-- layers -->$/ { on = 1; next }
	on && /^```/ { if (inblock) exit; inblock = 1; next }
	inblock && NF { print }' docs/architecture.md)
[ -n "$rules" ] || { echo "docs/architecture.md: no layers block" >&2; exit 2; }

# Every project include and system header, as "file line target".
grep -rn --include='*.c' --include='*.h' '^[[:space:]]*#[[:space:]]*include' src |
awk -v rules="$rules" '
function lib_of(h) {
	if (h ~ /^hb(-[a-z]+)?\.h$/) return "harfbuzz"
	if (h ~ /^(ft2build\.h|freetype\/)/) return "freetype"
	if (h ~ /^unicode\//) return "icu"
	if (h ~ /^SDL_image\.h$/) return "sdl_image"
	if (h == "png.h") return "libpng"
	if (h == "zlib.h") return "zlib"
	if (h ~ /^SDL/) return "sdl"
	if (h == "ini.h") return "inih"
	if (h == "sodium.h" || h ~ /^sodium\//) return "sodium"
	if (h == "sqlite3.h") return "sqlite"
	if (h ~ /^espeak-ng\//) return "espeak"
	if (h == "qrencode.h") return "qrencode"
	return "libc"
}
BEGIN {
	n = split(rules, line, "\n")
	for (i = 1; i <= n; i++) {
		k = split(line[i], w, /[ \t]+/)
		path[i] = w[1]
		allow[i] = " "
		for (j = 2; j <= k; j++) allow[i] = allow[i] w[j] " "
	}
	nrules = n
	bad = 0
}
{
	# grep -n: FILE:LINE:#include ...
	split($0, f, ":")
	file = f[1]; lno = f[2]
	inc = $0
	sub(/^[^#]*#[ \t]*include[ \t]*/, "", inc)
	if (inc ~ /^"/) {
		gsub(/"/, "", inc); sub(/[ \t].*/, "", inc)
		if (inc !~ /\//) { print file ":" lno ": include \"" inc "\" needs its folder (\"base/" inc "\")"; bad++; next }
		need = inc; sub(/\/.*/, "", need)
	} else {
		gsub(/[<>]/, "", inc); sub(/[ \t].*/, "", inc)
		need = lib_of(inc)
	}
	best = 0; bestlen = -1
	for (i = 1; i <= nrules; i++) {
		p = path[i]
		if ((file == p || index(file, p "/") == 1) && length(p) > bestlen) { best = i; bestlen = length(p) }
	}
	if (!best) { print file ":" lno ": no rule in docs/architecture.md covers this file"; bad++; next }
	base = file; sub(/.*\//, "", base)
	own = file; sub(/^src\//, "", own); sub(/\/.*/, "", own)
	if (need == own) next
	if (inc ~ /_internal\.h$/) { print file ":" lno ": includes " inc ", which is private to src/" need " (docs/architecture.md)"; bad++; next }
	if (index(allow[best], " " need " ") || index(allow[best], " " need ":" base " ")) next
	print file ":" lno ": includes " inc " (" need "), which " path[best] " may not (docs/architecture.md)"
	bad++
}
END {
	if (bad) { print bad " forbidden include(s)"; exit 1 }
	print "layers: every include in src/ follows docs/architecture.md"
}'
