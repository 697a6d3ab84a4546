#!/bin/sh
# `make bench` and `make bench-smoke`: every figure of docs/performance.md,
# one line each (NAME VALUE UNIT [target OP LIMIT ok|MISSED]).
#   sh bench/run.sh BUILD [--smoke]
# BUILD holds taflen and bench/ (built by `make bench-build`). --smoke is one
# repeat of everything and none of the window figures (CI runs it so the
# bench cannot rot). A missed target is printed, not an error: the exit status is non-zero
# only when a bench program fails.
set -u
cd "$(dirname "$0")/.." || exit 2
build=${1:-build}
smoke=""
case "${2:-}" in
--smoke) smoke=--smoke ;;
"") ;;
*) echo "usage: sh bench/run.sh BUILD [--smoke]" >&2; exit 2 ;;
esac

for prog in taflen bench/text bench/app bench/stats bench/proc bench/speech bench/minimal_sdl; do
	if [ ! -x "$build/$prog" ]; then
		echo "bench: $build/$prog is missing (make bench-build)" >&2
		exit 2
	fi
done

failed=0
run() {
	"$@" || { echo "bench: FAILED: $*" >&2; failed=1; }
}

# The figures are CPU-bound and single-threaded: one core each, in turn.
run "$build/bench/text" $smoke
run "$build/bench/app" $smoke
run "$build/bench/stats" $smoke
run "$build/bench/proc" --taflen "$build/taflen" $smoke
run "$build/bench/speech" $smoke

# The real window's figures (first frame, idle CPU, peak RSS) on an Xvfb of
# our own, with a black root (-br) for the first-frame probe.
window() {
	if ! command -v Xvfb >/dev/null 2>&1; then
		echo "window figures skipped no-xvfb"
		return 0
	fi
	# A display number nobody uses: no lock file, no socket.
	n=90
	while [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; do
		n=$((n + 1))
	done
	Xvfb ":$n" -screen 0 1920x1080x24 -br -nolisten tcp >/dev/null 2>&1 &
	xvfb=$!
	i=0
	while [ ! -e "/tmp/.X11-unix/X$n" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ -e "/tmp/.X11-unix/X$n" ]; then
		run "$build/bench/proc" --taflen "$build/taflen" --window ":$n" \
			--minimal "$build/bench/minimal_sdl"
	else
		echo "bench: Xvfb :$n did not start" >&2
		failed=1
	fi
	kill "$xvfb" 2>/dev/null
	wait "$xvfb" 2>/dev/null
}

if [ -n "$smoke" ]; then
	echo "window figures skipped smoke"
else
	window
fi
exit $failed
