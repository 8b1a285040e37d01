/**
 * The simulator's own model table: it plays the server, so it accepts what Tencent's current text
 * accepts (the broadest source in REFERENCE.md) and refuses the rest. Deliberately separate from
 * reelform's checker table, so a bug in one is caught by the other.
 */
export interface SimModel {
  versions: string[];
  /** Undefined: undocumented, anything goes. */
  resolutions?: string[];
  aspectRatios?: string[];
  durationRange?: [number, number];
  /** Seconds of output when output_config.duration is absent. */
  defaultDuration: number;
  sceneTypes?: string[];
}

export const SIM_MODELS: Record<string, SimModel> = {
  Kling: {
    versions: ["1.6", "2.0", "2.1", "2.5", "2.6", "O1", "3.0", "3.0-Omni"],
    resolutions: ["720P", "1080P"],
    aspectRatios: ["16:9", "9:16", "1:1"],
    durationRange: [3, 15],
    defaultDuration: 5,
    sceneTypes: ["motion_control", "avatar_i2v", "lip_sync"],
  },
  Hailuo: {
    versions: ["02", "2.3", "2.3-fast", "H3", "H3_regen"],
    resolutions: ["768P", "1080P", "2K", "4K"],
    aspectRatios: ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"],
    durationRange: [4, 15],
    defaultDuration: 6,
  },
  Vidu: {
    versions: ["q2", "q2-pro", "q2-turbo", "q3", "q3-pro", "q3-turbo"],
    resolutions: ["720P", "1080P"],
    aspectRatios: ["16:9", "9:16", "1:1", "4:3", "3:4"],
    durationRange: [1, 10],
    defaultDuration: 5,
  },
  GV: { versions: ["3.1", "3.1-fast"], resolutions: ["720P", "1080P"], aspectRatios: ["16:9", "9:16"], durationRange: [8, 8], defaultDuration: 8 },
  OS: { versions: ["2.0"], resolutions: ["720P"], aspectRatios: ["16:9", "9:16"], durationRange: [4, 12], defaultDuration: 8 },
  PixVerse: {
    versions: ["v5.6", "v6", "c1"],
    resolutions: ["540p", "720p", "1080p", "2k", "4k"],
    aspectRatios: ["16:9", "4:3", "1:1", "3:4", "9:16", "2:3", "3:2", "21:9"],
    durationRange: [1, 15],
    defaultDuration: 5,
  },
  Hunyuan: { versions: ["1.5"], defaultDuration: 5 },
  Mingmou: { versions: ["1.0"], defaultDuration: 5 },
};
