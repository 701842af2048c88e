/**
 * Canonical JSON, as the store defines it (`@fulian/store/CanonicalJson`): re-exported here
 * for the domain's own hashes (a command's hash, a report's content hash).
 *
 * @since 0.1.0
 */
export { canonicalJson } from "@fulian/store/CanonicalJson"
