// The create body's snake_case names -> the PascalCase names of Tencent's API, read from the official SDK's
// types (tencentcloud-sdk-nodejs 4.1.313, vod_models.d.ts, a devDependency read for types only: CreateAigcVideoTaskRequest, AigcVideoTaskInputFileInfo,
// AigcVideoTaskInputSubjectInfo, AigcVideoOutputConfig). Written out rather than computed: Tencent's names are not regular (EnableBGM), and
// the compiler checks every right-hand side against the SDK's interfaces.
import type {
  AigcVideoOutputConfig,
  AigcVideoTaskInputFileInfo,
  AigcVideoTaskInputSubjectInfo,
  CreateAigcVideoTaskRequest,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/vod/v20180717/vod_models.js";

type NameMap<T> = Readonly<Record<string, keyof T & string>>;

export const REQUEST_FIELDS: NameMap<CreateAigcVideoTaskRequest> = {
  model_name: "ModelName",
  model_version: "ModelVersion",
  file_infos: "FileInfos",
  subject_infos: "SubjectInfos",
  last_frame_file_id: "LastFrameFileId",
  last_frame_url: "LastFrameUrl",
  prompt: "Prompt",
  negative_prompt: "NegativePrompt",
  enhance_prompt: "EnhancePrompt",
  output_config: "OutputConfig",
  input_region: "InputRegion",
  scene_type: "SceneType",
  procedure: "Procedure",
  seed: "Seed",
  session_id: "SessionId",
  session_context: "SessionContext",
  tasks_priority: "TasksPriority",
  ext_info: "ExtInfo",
};

export const FILE_INFO_FIELDS: NameMap<AigcVideoTaskInputFileInfo> = {
  type: "Type",
  category: "Category",
  file_id: "FileId",
  url: "Url",
  base64: "Base64",
  reference_type: "ReferenceType",
  object_id: "ObjectId",
  voice_id: "VoiceId",
  keep_original_sound: "KeepOriginalSound",
  usage: "Usage",
  text: "Text",
};

export const SUBJECT_INFO_FIELDS: NameMap<AigcVideoTaskInputSubjectInfo> = {
  id: "Id",
  name: "Name",
  voice_id: "VoiceId",
  image_urls: "ImageUrls",
  video_urls: "VideoUrls",
};

export const OUTPUT_CONFIG_FIELDS: NameMap<AigcVideoOutputConfig> = {
  storage_mode: "StorageMode",
  media_name: "MediaName",
  class_id: "ClassId",
  expire_time: "ExpireTime",
  duration: "Duration",
  resolution: "Resolution",
  aspect_ratio: "AspectRatio",
  audio_generation: "AudioGeneration",
  person_generation: "PersonGeneration",
  input_compliance_check: "InputComplianceCheck",
  output_compliance_check: "OutputComplianceCheck",
  enhance_switch: "EnhanceSwitch",
  off_peak: "OffPeak",
  frame_interpolate: "FrameInterpolate",
  logo_add: "LogoAdd",
  enable_bgm: "EnableBGM",
};

/** The same tables the other way round (the simulator reads Tencent's names back). */
export function reversed(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([snake, pascal]) => [pascal, snake]));
}
