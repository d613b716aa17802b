#!/usr/bin/env bash
# Print the path of a Python interpreter whose version starts with $1 (e.g. 3.10),
# looking at pythonX.Y on PATH, then at pyenv's versions. Exit 1 if none is found.
set -u
want="$1"
try() { "$1" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$want'" >/dev/null 2>&1 && { command -v "$1" || echo "$1"; exit 0; }; }
try "python$want"
for root in "${PYENV_ROOT:-$HOME/.pyenv}" /usr/local /usr; do
  for cand in "$root"/versions/"$want"*/bin/python"$want" "$root"/bin/python"$want"; do
    [ -x "$cand" ] && try "$cand"
  done
done
exit 1
