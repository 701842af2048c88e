/**
 * The hash that tells a retried command from another command sent with the same id: SHA-256
 * of the command's canonical JSON (`CanonicalJson`) without its `commandId`, in lowercase hex.
 * Two decodings of one command give one hash, whatever the order of their fields; an absent
 * field and one set to `undefined` are the same. The hash is stored with the command id, so
 * this form is part of the stored data: changing it makes every command retried across the
 * change count as another command.
 */
import { canonicalJson } from "../CanonicalJson.ts"
import { sha256Hex } from "./sha256.ts"

/** SHA-256 of the command's canonical JSON without its `commandId` (UTF-8), in hex. */
export const commandHash = (command: object): string => sha256Hex(canonicalJson({ ...command, commandId: undefined }))
