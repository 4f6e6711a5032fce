// The UUID check lives in src/shared/ids.ts; this re-export only keeps src/server/ingest/ (changed on another branch) compiling until it imports it from there.
export { isUuid } from '../shared/ids';
