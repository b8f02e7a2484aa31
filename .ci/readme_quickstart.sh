#!/usr/bin/env bash
# Runs the README's quick-start lines against an API that scripts/up.sh started (the `up.sh &` line
# itself is left out: .ci/run started it), then checks that /docs and /redoc load every script and
# style sheet from the API itself. Usage: bash .ci/readme_quickstart.sh http://127.0.0.1:PORT
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
API_URL="$1"

# The first ```bash block after "## Quick start", without the line that starts the stack.
block="$(awk '/^## Quick start/{q=1} q&&/^```bash/{b=1;next} b&&/^```/{exit} b' README.md | grep -v '^bash scripts/up.sh')"
[[ -n "$block" ]] || { echo "no quick-start block found in README.md" >&2; exit 1; }
echo "--- README quick start, as written:"
echo "$block"
out="$(bash -euo pipefail -c "$block" 2>&1)" || { echo "$out" >&2; echo "quick start failed" >&2; exit 1; }
echo "--- its output:"
echo "$out"
grep -q '"content_span"' <<<"$out" || { echo "POST /v1/articles answered no triple" >&2; exit 1; }
grep -q 'Robert Palladino' <<<"$out" || { echo "Lavrov's opponents do not include Robert Palladino" >&2; exit 1; }

for page in /docs /redoc; do
  html="$(curl -sf "$API_URL$page")"
  refs="$(grep -oE '(src|href)="[^"]+"|url: ?'"'"'[^'"'"']+'"'" <<<"$html" | sed -E "s/^(src|href)=\"//; s/^url: ?'//; s/[\"']$//")"
  [[ -n "$refs" ]] || { echo "$page references no assets" >&2; exit 1; }
  while read -r ref; do
    case "$ref" in
      /*) curl -sf -o /dev/null "$API_URL$ref" || { echo "$page: $ref does not load" >&2; exit 1; } ;;
      *) echo "$page loads $ref from elsewhere" >&2; exit 1 ;;
    esac
  done <<<"$refs"
  echo "$page: every asset is served locally ($(wc -l <<<"$refs") references)"
done
