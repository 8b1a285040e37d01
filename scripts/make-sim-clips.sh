#!/usr/bin/env bash
# Makes the simulator's tiny playable clips (data/sim-clips/clip-N.mp4), committed to the repository.
# For maintainers only: run again after changing the list below. Needs Debian's ffmpeg
# (apt-get update && apt-get install -y ffmpeg). Each clip is 1 s of H.264 (baseline, yuv420p, 160x90,
# 10 fps, no audio, moov first) of one of ffmpeg's test sources in a distinct colour, a few KB each,
# so a browser plays them and each looks different. The simulator serves clip (hash of TaskId) mod N.
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/sim-clips
mkdir -p "$out"
sources=(
  "testsrc2=size=160x90:rate=10"
  "smptebars=size=160x90:rate=10"
  "mandelbrot=size=160x90:rate=10"
  "testsrc=size=160x90:rate=10"
  "color=c=0x43a047:size=160x90:rate=10"
  "rgbtestsrc=size=160x90:rate=10"
  "smptehdbars=size=160x90:rate=10"
  "testsrc2=size=160x90:rate=10,hue=h=180"
)
for i in "${!sources[@]}"; do
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "${sources[$i]}" -t 1 \
    -c:v libx264 -profile:v baseline -pix_fmt yuv420p -preset veryslow -crf 35 -g 10 \
    -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact \
    "$out/clip-$((i + 1)).mp4"
done
ls -l "$out"
