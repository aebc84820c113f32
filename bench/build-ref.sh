#!/usr/bin/env bash
# Builds the fake of one commit in a separate folder, so the benchmark can measure that
# commit while the work tree has uncommitted changes:
#   bash bench/build-ref.sh HEAD /tmp/fake-head && npm run bench -- --fake-root /tmp/fake-head
# The folder gets the commit's files (git archive), a symlink to this checkout's
# node_modules, a dist/ built by that commit's own `npm run build`, and the commit id in
# .source-commit. The commit must build with the packages installed here.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: bash bench/build-ref.sh COMMIT NEW_FOLDER" >&2
  exit 2
fi
ref=$1
target=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ -e "$target" ]]; then
  echo "build-ref: $target already exists; give a folder that does not exist yet" >&2
  exit 1
fi
commit=$(git -C "$root" rev-parse --verify "$ref^{commit}")

mkdir -p "$target"
git -C "$root" archive "$commit" | tar -x -C "$target"
echo "$commit" > "$target/.source-commit"
ln -s "$root/node_modules" "$target/node_modules"
(cd "$target" && npm run build --silent)
echo "build-ref: built $commit in $target"
