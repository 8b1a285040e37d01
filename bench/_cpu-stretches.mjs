// Reads a .cpuprofile (node --cpu-prof; bench/scale.mjs --follow-cpu-prof DIR) and prints every stretch of
// the main thread busy for longer than --over ms (default 50) without a sample of "(idle)" or
// "(program)" between: when it ended (seconds since the profile started), how long it was, and the
// functions that took most of it (self time), so a block of the event loop names its code.
//   node bench/_cpu-stretches.mjs PROFILE.cpuprofile [--over 50] [--top 6]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { over: { type: "string", default: "50" }, top: { type: "string", default: "6" } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error("usage: node bench/_cpu-stretches.mjs PROFILE.cpuprofile [--over 50] [--top 6]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0], "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const name = (node) => {
  const f = node.callFrame;
  const where = f.url ? `${f.url.replace(/^.*\/(dist|node_modules)\//, "$1/")}:${f.lineNumber + 1}` : "";
  return `${f.functionName || "(anonymous)"} ${where}`.trim();
};
const IDLE = new Set(["(idle)", "(program)"]);
const stretches = [];
let current;
let t = 0;
profile.samples.forEach((id, i) => {
  t += profile.timeDeltas[i] ?? 0;
  const node = nodes.get(id);
  if (IDLE.has(node.callFrame.functionName)) {
    if (current) stretches.push(current);
    current = undefined;
    return;
  }
  current ??= { start: t, end: t, self: new Map() };
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  current.end = t;
  const key = name(node);
  current.self.set(key, (current.self.get(key) ?? 0) + dt);
});
if (current) stretches.push(current);
const over = Number(values.over);
const long = stretches.filter((s) => (s.end - s.start) / 1000 > over);
console.log(`${stretches.length} busy stretches; ${long.length} over ${over} ms`);
for (const s of long) {
  const top = [...s.self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))
    .map(([f, ms]) => `${ms.toFixed(0)} ms ${f}`);
  console.log(
    `at ${(s.end / 1e6).toFixed(2)} s: ${((s.end - s.start) / 1000).toFixed(0)} ms\n    ${top.join("\n    ")}`,
  );
}
