#!/usr/bin/env bash
# Makes the simulator's clips (data/sim-clips/*.mp4), committed to the repository. For maintainers only:
# run again after changing the lists below. Needs Debian's ffmpeg (apt-get install -y ffmpeg).
#
# One clip per aspect ratio x resolution x duration the simulator honours, so a request's framing can be
# judged and `reelform check` passes on what was asked: H.264 (baseline, yuv420p, 2 fps, moov first) of
# a flat colour with a box that moves every frame (overlay: drawbox does not move per frame) (never frozen, never black), and a 440 Hz tone in
# mono AAC. Flat colour and a low frame rate keep a 1080P clip at a few tens of KB. Two flawed variants
# of each serve the simulator's bad outputs on purpose (--bad-output-rate): "-black" (black picture,
# same tone) and "-mute" (no audio stream). Wrong duration, wrong aspect and truncation reuse the good
# clips (another duration, another aspect, bytes cut).
#   <aspect>-<resolution>-<seconds>s[-black|-mute].mp4, e.g. 9x16-1080p-5s.mp4
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/sim-clips
rm -f "$out"/*.mp4
mkdir -p "$out"
declare -A colour=([16x9]=0x1e88e5 [9x16]=0x43a047 [1x1]=0x8e24aa)
encode() { # size seconds picture audio(yes|no) file
  local audio=(-f lavfi -i "sine=frequency=440:sample_rate=8000")
  local codec=(-c:a aac -b:a 4k -ac 1)
  if [ "$4" = no ]; then audio=(); codec=(-an); fi
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$3" "${audio[@]}" -t "$2" \
    -c:v libx264 -profile:v baseline -pix_fmt yuv420p -preset veryslow -crf 40 -g 25 "${codec[@]}" \
    -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact "$5"
}
for aspect in 16x9 9x16 1x1; do
  for res in 720 1080; do
    case $aspect in
      16x9) w=$((res * 16 / 9)); h=$res ;;
      9x16) w=$res; h=$((res * 16 / 9)) ;;
      1x1) w=$res; h=$res ;;
    esac
    for seconds in 5 10; do
      box=$((h / 6))
      moving="color=c=${colour[$aspect]}:size=${w}x${h}:rate=2[bg];color=c=yellow:size=${box}x${box}:rate=2[fg];[bg][fg]overlay=x='mod(t*${w}/3,${w}-${box})':y=${h}/3"
      black="color=c=black:size=${w}x${h}:rate=2"
      base="$out/${aspect}-${res}p-${seconds}s"
      encode "${w}x${h}" "$seconds" "$moving" yes "$base.mp4"
      encode "${w}x${h}" "$seconds" "$black" yes "$base-black.mp4"
      encode "${w}x${h}" "$seconds" "$moving" no "$base-mute.mp4"
    done
  done
done
du -sh "$out"
