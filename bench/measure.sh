# Sourced by the whole-process benchmarks: measure COMMAND... prints "wall_seconds peak_rss_mb" of one run, with the
# command's stdout discarded and its stderr appended to $WORK/stderr.log (WORK is the caller's scratch folder).
measure() {
  local out="$WORK/time.txt" start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out" "$@" >/dev/null 2>>"$WORK/stderr.log"
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) $(echo "$(tail -1 "$out") / 1024" | bc -l)"
}
