#!/bin/sh
# A small real executable for ProcessRunnerTest and the Syft adapter tests. It is run as
# `/bin/sh tool.sh MODE ARGS...`; every mode does one thing a scanner can do.
#   replay FILE          write a recorded tool output FILE to stdout, exit 0
#   tree PIDFILE         start a grandchild (sleep), write "CHILD_PID GRANDCHILD_PID" to PIDFILE,
#                        then sleep until killed
#   fail CODE LINES      write LINES numbered lines to stderr, then exit with CODE
#   flood BYTES          write BYTES zero bytes to stdout
#   env NAME...          print NAME=value for each variable (value empty when unset)
#   pwd                  print the working directory
#   args ARG...          print each argument on its own line, between [ and ]
#   orphan PIDFILE       start a child that keeps stdout open, write its pid, exit 0 at once
mode="$1"
shift
case "$mode" in
  replay)
    cat "$1"
    ;;
  tree)
    sleep 300 &
    echo "$$ $!" > "$1.tmp"
    mv "$1.tmp" "$1"
    sleep 300
    ;;
  fail)
    i=1
    while [ "$i" -le "$2" ]; do
      echo "error line $i of $2" >&2
      i=$((i + 1))
    done
    exit "$1"
    ;;
  flood)
    head -c "$1" /dev/zero
    ;;
  env)
    for name in "$@"; do
      eval "value=\${$name}"
      echo "$name=$value"
    done
    ;;
  pwd)
    pwd
    ;;
  args)
    for arg in "$@"; do
      echo "[$arg]"
    done
    ;;
  orphan)
    sleep 300 &
    echo "$!" > "$1"
    exit 0
    ;;
  *)
    echo "unknown mode $mode" >&2
    exit 64
    ;;
esac
