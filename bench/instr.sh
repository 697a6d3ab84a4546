#!/bin/sh
# `make bench-instr`: instruction counts under callgrind, one line each
# (docs/performance.md), checked against bench/instr-targets:
#
#   NAME VALUE UNIT [target <= GUARD (guard) ok|MISSED] [goal <= GOAL ok-goal|MISSED-goal]
#
#   sh bench/instr.sh BUILD
#
# Counts repeat exactly, so, unlike `make bench`, a missed guard is an
# error: the exit status is 1 when any figure misses its guard, when a
# figure has no line in bench/instr-targets or a line there has no figure,
# and 2 when a program is missing or fails. A missed goal is printed only.
set -u
cd "$(dirname "$0")/.." || exit 2
build=${1:-build}
targets=bench/instr-targets

for prog in taflen bench/text bench/app; do
	if [ ! -x "$build/$prog" ]; then
		echo "bench-instr: $build/$prog is missing (make bench-build)" >&2
		exit 2
	fi
done
if ! command -v valgrind >/dev/null 2>&1; then
	echo "bench-instr: valgrind is missing (sh tools/install-deps.sh)" >&2
	exit 2
fi

out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT

# cg NAME PROGRAM ARGS...: PROGRAM under callgrind; its dumps are
# $out/NAME (at exit) and $out/NAME.1, .2, ... (one per client request).
cg() {
	name=$1
	shift
	if ! valgrind --tool=callgrind --callgrind-out-file="$out/$name" "$@" \
		>"$out/$name.stdout" 2>"$out/$name.log"; then
		cat "$out/$name.log" >&2
		echo "bench-instr: FAILED: $*" >&2
		exit 2
	fi
}

# The bench programs count only what they bracket (bench.h), and run their
# set-up and warm-up uninstrumented.
cg text --collect-atstart=no --instr-atstart=no "$build/bench/text" --instr
cg app --collect-atstart=no --instr-atstart=no "$build/bench/app" --instr
# Start-up is the whole process, as startup_ms times it: to the first frame
# of the welcome screen, and the exit.
for size in 1080x1920 1920x1080; do
	cg "startup_instr_headless_$size" "$build/taflen" --headless --size "$size"
done

# "NAME COUNT" for every dump: the client request's name, or the file's.
for f in "$out"/text.* "$out"/app.* "$out"/startup_instr_*; do
	case $f in *.stdout | *.log) continue ;; esac
	awk -v file="${f##*/}" '
		/^desc: Trigger: Client Request: / { sub(/^desc: Trigger: Client Request: /, ""); name = $0 }
		/^totals: / { total = $2 }
		END { if (name == "" && file ~ /^startup_instr_/) name = file
		      if (name != "") print name, total }' "$f"
done >"$out/counts"

glyphs=$(awk '$1 == "corpus_glyphs" { print $2 }' "$out/text.stdout")
echo "# instructions (callgrind): text per glyph of the corpus of docs/performance.md, one pass" \
	"after an uncounted warm-up, word cache warm except layout_cold; one frame per screen," \
	"SDL's software renderer into memory, the largest over languages and pages; start-up the" \
	"whole taflen --headless process"
echo "corpus_glyphs $glyphs count"

awk -v glyphs="$glyphs" '
	# The figures: the largest count per name, the "@LANG:PAGE" dropped.
	FILENAME != targets {
		name = $1
		sub(/@.*/, "", name)
		gsub(/-/, "_", name)
		if (!(name in count) || $2 > count[name]) count[name] = $2
		next
	}
	/^#/ || NF == 0 { next }
	NF != 4 { printf "%s:%d: want FIGURE PER GUARD GOAL\n", targets, FNR > "/dev/stderr"; bad = 1; next }
	{ n++; fig[n] = $1; per[n] = $2; guard[n] = $3; goal[n] = $4; known[$1] = 1; perof[$1] = $2 }
	function value(name, p) {
		return p == "glyph" ? count[name] / glyphs : count[name]
	}
	function limit(g,   m, parts) {
		# "1.05*floor": a multiple of another figure.
		if (split(g, parts, "*") == 2) return parts[1] * value(parts[2], perof[parts[2]])
		return g
	}
	END {
		if (glyphs <= 0) { print "bench-instr: no corpus_glyphs" > "/dev/stderr"; exit 1 }
		for (i = 1; i <= n; i++) {
			name = fig[i]
			if (!(name in count)) {
				printf "bench-instr: %s: no such figure was counted\n", name > "/dev/stderr"
				bad = 1
				continue
			}
			v = value(name, per[i])
			unit = per[i] == "process" ? "instr" : "instr/" per[i]
			line = sprintf("%s%s %.0f %s", name, per[i] == "glyph" ? "_instr_per_glyph" : "", v, unit)
			if (guard[i] != "-") {
				ok = v <= guard[i]
				line = line sprintf(" target <= %s (guard) %s", guard[i], ok ? "ok" : "MISSED")
				if (!ok) bad = 1
			}
			if (goal[i] != "-") {
				g = limit(goal[i])
				line = line sprintf(" goal <= %.0f%s %s", g,
					goal[i] ~ /\*/ ? " (" goal[i] ")" : "", v <= g ? "ok-goal" : "MISSED-goal")
			}
			print line
		}
		for (name in count)
			if (!(name in known)) {
				printf "bench-instr: %s was counted but has no line in %s\n", name, targets > "/dev/stderr"
				bad = 1
			}
		# In instructions, the ratios of `make bench` (no targets here).
		printf "ratio_layout_cold_vs_floor_instr %.2f x\n", count["layout_cold"] / count["floor"]
		printf "ratio_layout_warm_vs_floor_instr %.2f x\n", count["layout_warm"] / count["floor"]
		printf "ratio_pango_vs_layout_cold_instr %.2f x\n", count["pango"] / count["layout_cold"]
		printf "ratio_sdl_ttf_vs_render_instr %.2f x\n", count["sdl_ttf"] / count["render"]
		printf "ratio_first_layout_vs_floor_instr %.2f x\n", count["first_layout"] / count["first_para_floor"]
		printf "ratio_first_layout_vs_new_font_instr %.2f x\n", count["first_layout"] / count["first_shape_new_font"]
		exit bad
	}
' targets="$targets" "$out/counts" "$targets"
status=$?
if [ $status -ne 0 ]; then
	echo "bench-instr: a guard was missed or $targets does not match the figures" >&2
	exit 1
fi
