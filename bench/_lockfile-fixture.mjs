// Large lockfiles for bench/scale.mjs and the 150,000-entry regression tests (test/scale/*): written by
// reelform's own writer (dist/: npm run build first) in batches of entries, so they are in the format reelform
// writes today, byte for byte, and building one costs little more than writing its bytes.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { deriveSessionId } from "../dist/lockfile/session-id.js";
import { defaultSessionContext } from "../dist/lockfile/session-context.js";
import { serializeLockfile } from "../dist/lockfile/serialize.js";

export const CAMPAIGN = "scale";

/** The key of entry i: sorted order equals numeric order (zero-padded). */
export function scaleKey(i) {
  return `item-${String(i).padStart(7, "0")}`;
}

/**
 * The manifest the lockfile belongs to: a matrix whose keys are exactly the lockfile's (`count` a multiple of
 * 1,000): item-0000000 .. item-<count-1>.
 */
export function scaleManifestYaml(count) {
  const thousands = Array.from({ length: Math.ceil(count / 1000) }, (_, i) => `"${String(i).padStart(4, "0")}"`);
  const units = Array.from({ length: 1000 }, (_, i) => `"${String(i).padStart(3, "0")}"`);
  return [
    "version: 1",
    `campaign: ${CAMPAIGN}`,
    "defaults:",
    "  model_name: Kling",
    '  model_version: "2.1"',
    '  output_config: { resolution: 1080P, aspect_ratio: "16:9", duration: 5, storage_mode: Permanent }',
    "videos:",
    '  - name: "item-{{k}}{{u}}"',
    '    prompt: "Product {{k}}{{u}} turning slowly, cinematic lighting, shallow depth of field"',
    "    matrix:",
    `      k: [${thousands.join(", ")}]`,
    `      u: [${units.join(", ")}]`,
    "",
  ].join("\n");
}

/** What `pull` records of a complete download; bench/scale.mjs writes the file ("x") where pull puts it. */
export const PULLED = { size: 1, sha256: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" };

const hex = (i, width) => i.toString(16).padStart(width, "0");
const iso = (ms) => new Date(ms).toISOString();
/** The API's times are whole seconds (`2026-05-01T10:00:02Z`). */
const apiTime = (ms) => `${iso(ms).slice(0, 19)}Z`;
const BASE = Date.parse("2026-05-01T10:00:00.000Z");

/**
 * Entry i of a campaign of `count`: every 1,000th is only created (not checked yet), every 997th failed
 * (transient), every 1,009th has an earlier generation; the rest succeeded with one Permanent output.
 * `pending: true` makes every entry created and not ended (for follower benchmarks). `identity(i, generation)`
 * may give the real `{ hash, session_id, body }` of request i (bench/scale.mjs, so that plan sees it unchanged);
 * `pulled: true` records each output as downloaded (PULLED).
 */
export function scaleEntry(i, options = {}) {
  const generation = i % 1009 === 5 ? 2 : 1;
  const real = options.identity?.(i, generation);
  const key = scaleKey(i);
  const hash = real?.hash ?? `sha256:${hex(i, 8).repeat(8)}`;
  const session_id = real?.session_id ?? deriveSessionId(CAMPAIGN, key, hash, generation);
  const submittedMs = BASE + i * 10;
  const body = real?.body ?? {
    model_name: "Kling",
    model_version: "2.1",
    prompt: `Product ${String(i).padStart(7, "0")} turning slowly, cinematic lighting, shallow depth of field`,
    output_config: { resolution: "1080P", aspect_ratio: "16:9", duration: 5, storage_mode: "Permanent" },
    session_id,
  };
  // As apply sends it: with the session_context it adds when the manifest sets none.
  body.session_context ??= defaultSessionContext(CAMPAIGN, key);
  const task_id = `1500000-AigcVideoTask-${hex(i, 12)}t`;
  const entry = {
    hash,
    generation,
    session_id,
    submission: "created",
    task_id,
    request_id: `req-${hex(i, 8)}-4c1e-9a3b-${hex(i, 12)}`,
    submitted_at: iso(submittedMs),
    body,
  };
  if (options.pending) {
    entry.task = {
      state: i % 3 === 0 ? "waiting" : "processing",
      api_status: i % 3 === 0 ? "WAITING" : "PROCESSING",
      checked_at: iso(submittedMs + 1000),
      create_time: apiTime(submittedMs),
      outputs: [],
    };
  } else if (i % 1000 !== 7) {
    const finishMs = submittedMs + 90_000 + (i % 60) * 1000;
    const task = {
      state: "succeeded",
      api_status: "FINISH",
      progress: 100,
      checked_at: iso(finishMs + 5000),
      create_time: apiTime(submittedMs),
      begin_process_time: apiTime(submittedMs + 2000),
      finish_time: apiTime(finishMs),
      output_seconds: 5,
    };
    if (i % 997 === 3) {
      task.state = "failed";
      task.api_status = "FAIL";
      delete task.progress;
      task.error = {
        err_code: 70000,
        err_code_ext: "InternalError.Busy",
        message: "the upstream is busy, try again later",
        transient: true,
      };
      task.outputs = [];
    } else {
      task.outputs = [
        {
          url: `https://1500000.vod-qcloud.com/f0a1b2c3vodcq1500000/${hex(i, 12)}/${key}.mp4`,
          expires_at: apiTime(finishMs + 7 * 86_400_000),
          storage_mode: "Permanent",
          file_id: `5285890${hex(i, 12)}`,
          file_type: "video",
          media_name: `${key}.mp4`,
        },
      ];
      if (options.pulled) Object.assign(task.outputs[0], PULLED);
    }
    entry.task = task;
  }
  if (generation === 2) {
    const { task: _task, ...earlier } = {
      ...entry,
      generation: 1,
      task_id: `1500000-AigcVideoTask-${hex(i, 12)}e`,
      session_id: `${session_id.slice(0, -1)}0`,
    };
    entry.earlier = [earlier];
  }
  return entry;
}

const BATCH = 5000;

/**
 * Writes a lockfile of `count` entries to `path` as reelform writes it (keys sorted, the current format): each
 * batch of entries through serializeLockfile, its lockfile head and tail cut off. `transform(entry, i)`, when
 * given, may change each entry before it is written (bench/scale.mjs's real follow: the simulator's TaskIds).
 */
export async function writeScaleLockfile(path, count, options = {}) {
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, "drain");
  };
  const empty = serializeLockfile({ format_version: 1, campaign: CAMPAIGN, entries: {} }); // ..."entries": {}\n}\n
  const head = empty.slice(0, empty.lastIndexOf("{") + 1);
  const tail = "\n  }\n}\n";
  if (count === 0) await write(empty);
  for (let from = 0; from < count; from += BATCH) {
    const entries = Object.create(null);
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const entry = scaleEntry(i, options);
      entries[scaleKey(i)] = options.transform?.(entry, i) ?? entry;
    }
    const text = serializeLockfile({ format_version: 1, campaign: CAMPAIGN, entries });
    await write(`${from === 0 ? head : ","}${text.slice(head.length, text.length - tail.length)}`);
  }
  if (count > 0) await write(tail);
  out.end();
  await once(out, "finish");
}
