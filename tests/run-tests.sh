#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: restores, builds (plugins included), tests,
# and prints one closing line "N passed, N failed, N skipped". Exits non-zero when any test fails.
set -uo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# The end-to-end tests render with Debian's real Blender and FFmpeg (reference/blender-debian.md).
if ! command -v blender >/dev/null || ! command -v ffmpeg >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq blender ffmpeg >/dev/null ||
    { echo "could not install blender and ffmpeg with apt-get"; echo "0 passed, 1 failed"; exit 1; }
fi

dotnet build Flamenco.Extensible.sln -c Release -nologo -v minimal || { echo "0 passed, 1 failed"; exit 1; }

dotnet test Flamenco.Extensible.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" 2>&1 | tee "$results/test.log"
rc=${PIPESTATUS[0]}

# dotnet test prints one summary per test assembly; add them up into the line CI reads.
grep -ho 'Failed: *[0-9]*, Passed: *[0-9]*, Skipped: *[0-9]*' "$results/test.log" |
  awk -F'[:,]' '{f+=$2; p+=$4; s+=$6} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
exit "$rc"
