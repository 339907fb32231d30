// Rebuilding the workspace as it was at a moment: every stored update up to then, applied in
// order to a fresh document (Yjs updates are commutative, so order only matters for speed).
import * as Y from "yjs";

function bytes(base64) {
  const raw = atob(base64);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** The workspace at `atMs`: code, notes, whiteboard shapes (plain objects) and canvas fields. */
export function stateAt(updates, atMs) {
  const doc = new Y.Doc();
  for (const update of updates) {
    if (update.at_ms <= atMs) Y.applyUpdate(doc, bytes(update.body));
  }
  const canvas = {};
  doc.getMap("canvas").forEach((value, key) => { canvas[key] = value.toString(); });
  return {
    code: doc.getText("code").toString(),
    notes: doc.getText("notes").toString(),
    shapes: doc.getArray("shapes").toArray().map((shape) => shape.toJSON()),
    canvas,
  };
}
