#!/bin/sh
# Sums the Surefire and Failsafe XML reports of all modules into one plain closing line:
# "N passed, N failed, N skipped" (errors count as failed).
cd "$(dirname "$0")/.." || exit 1
find . -path '*/target/*-reports/TEST-*.xml' -print0 | xargs -0 -r sed -n 's/.*<testsuite [^>]*>.*/&/p' |
awk '{
  t=f=e=s=0
  if (match($0, / tests="[0-9]+"/))    t=substr($0, RSTART+8,  RLENGTH-9)
  if (match($0, / failures="[0-9]+"/)) f=substr($0, RSTART+11, RLENGTH-12)
  if (match($0, / errors="[0-9]+"/))   e=substr($0, RSTART+9,  RLENGTH-10)
  if (match($0, / skipped="[0-9]+"/))  s=substr($0, RSTART+10, RLENGTH-11)
  T+=t; F+=f+e; S+=s
} END { printf "%d passed, %d failed, %d skipped\n", T-F-S, F, S }'
