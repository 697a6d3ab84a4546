#!/bin/sh
# Runs every libFuzzer target that `make fuzz` built, for SECONDS each:
#   sh tests/fuzz/run.sh BUILD SECONDS      (the targets are BUILD/fuzz/fuzz_NAME)
#
# Each target starts from its seed corpus tests/fuzz/corpus/NAME/, with
# tests/fuzz/NAME.dict when there is one. The seeds are only read: what a run
# discovers goes to a scratch folder, so a clean run leaves the repository
# as it was. A crash, a sanitizer report (ASan, UBSan, LeakSanitizer), a
# broken invariant, a timeout or running out of memory is copied to
# tests/fuzz/crashes/NAME/ and the run fails. Commit that file:
# tests/unit/test_fuzz_corpus.c replays every seed and every crash file in
# `make test`, so once fixed it stays a regression test for ever.
#
# Prints one line a target: time, executions, executions per second, the
# corpus at the end and peak memory; ends with "N targets, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 2
usage() {
	echo "usage: sh tests/fuzz/run.sh BUILD SECONDS" >&2
	exit 2
}
[ $# -eq 2 ] || usage
case $2 in '' | *[!0-9]* | 0) usage ;; esac
build=$1
secs=$2
ran=0
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

stat_of() { # stat_of NAME LOG -> libFuzzer's final "stat::NAME: VALUE"
	sed -n "s/^stat::$1: *//p" "$2" | tail -n 1
}

for bin in "$build"/fuzz/fuzz_*; do
	[ -x "$bin" ] || continue
	case "$bin" in *.d) continue ;; esac
	name=${bin##*/fuzz_}
	seeds=tests/fuzz/corpus/$name
	found="$scratch/$name-corpus"
	artifacts="$scratch/$name-artifacts"
	log="$scratch/$name.log"
	mkdir -p "$seeds" "$found" "$artifacts"
	set --
	[ -f "tests/fuzz/$name.dict" ] && set -- "-dict=tests/fuzz/$name.dict"
	# UBSan only reports by default; halting makes it a crash libFuzzer keeps.
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
		"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$artifacts/" "$@" "$found" "$seeds" >"$log" 2>&1
	rc=$?
	ran=$((ran + 1))
	runs=$(stat_of number_of_executed_units "$log")
	rate=$(stat_of average_exec_per_sec "$log")
	rss=$(stat_of peak_rss_mb "$log")
	corp=$(grep -o 'corp: [0-9]*/[0-9A-Za-z]*' "$log" | tail -n 1 | cut -d' ' -f2)
	seed_count=$(find "$seeds" -type f | wc -l)
	new_count=$(find "$found" -type f | wc -l)
	bad=$(find "$artifacts" -type f | wc -l)
	line="fuzz_$name: ${secs} s, ${runs:-?} runs, ${rate:-?} exec/s, corpus ${corp:-?} (${seed_count} seeds + ${new_count} new inputs), peak RSS ${rss:-?} MB"
	if [ "$rc" -eq 0 ] && [ "$bad" -eq 0 ]; then
		echo "$line: ok"
		continue
	fi
	failed=$((failed + 1))
	echo "$line: FAILED (exit $rc)"
	sed 's/^/    /' "$log" | grep -v '^    #[0-9]' | tail -n 40
	if [ "$bad" -gt 0 ]; then
		mkdir -p "tests/fuzz/crashes/$name"
		for f in "$artifacts"/*; do
			cp "$f" "tests/fuzz/crashes/$name/"
			echo "    kept tests/fuzz/crashes/$name/${f##*/}: fix the bug and commit the file"
		done
	fi
done

if [ "$ran" -eq 0 ]; then
	echo "no fuzz targets in $build/fuzz/ (make fuzz builds them)" >&2
	exit 2
fi
echo "$ran targets, $failed failed"
[ "$failed" -eq 0 ]
