#!/usr/bin/env bash
# clang-format 14 over our C++ (src, bench, tests, examples). --fix rewrites files.
set -euo pipefail
cd "$(dirname "$0")/.."
format="$(command -v clang-format-14 || command -v clang-format)"
mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cpp' 'src/*.hpp' 'bench/*.cpp' \
  'tests/*.cpp' 'tests/*.hpp' 'examples/*.cpp' 'examples/*.hpp')
if [[ "${1:-}" == "--fix" ]]; then
  "$format" -i "${files[@]}"
  echo "check_format: formatted ${#files[@]} files"
  exit 0
fi
if ! "$format" --dry-run --Werror "${files[@]}" 2>/tmp/check_format.$$; then
  grep -E '^[^ ].*: (error|warning):' /tmp/check_format.$$ | cut -d: -f1 | sort -u | sed 's/^/needs formatting: /'
  rm -f /tmp/check_format.$$
  echo "check_format: run tools/check_format.sh --fix"
  exit 1
fi
rm -f /tmp/check_format.$$
echo "check_format: ${#files[@]} files ok"
