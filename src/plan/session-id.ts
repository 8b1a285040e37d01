// The session id is derived in the lockfile's layer: its stored shape leaves out a session_id it can derive
// again (lockfile/stored-shape.ts). Plans and imports take it from here as before.
export { deriveSessionId } from "../lockfile/session-id.js";
