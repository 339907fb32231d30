// The candidate's shared workspace, synced through the round's Yjs document with the standard
// y-websocket provider: a CodeMirror 6 editor (code, or shared notes) with remote cursors, and a
// whiteboard whose shapes live in the same document. Bundled with esbuild into
// assets/workspace.js (npm run build); mockloop serves the bundle.
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { keymap } from "@codemirror/view";
import { python } from "@codemirror/lang-python";
import { sql } from "@codemirror/lang-sql";
import { mountWhiteboard, renderShapes } from "./whiteboard.js";
import { stateAt } from "./replay.js";
import { mountCanvas } from "./canvas.js";

const COLORS = ["#1f5fbf", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00"];

/** Connects to the round's document; one connection serves every pane of the room. */
export function connectWorkspace({ serverUrl, name }) {
  const ydoc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, "doc", ydoc, { maxBackoffTime: 4000 });
  const color = COLORS[Math.floor(Math.random() * COLORS.length)];
  provider.awareness.setLocalStateField("user", { name, color, colorLight: color + "33" });
  return { ydoc, provider };
}

/** A shared editor over the document's text `textName` ("code" or "notes"). */
export function mountEditor(workspace, parent, { textName = "code", language = null } = {}) {
  const text = workspace.ydoc.getText(textName);
  const undoManager = new Y.UndoManager(text);
  const extensions = [
    basicSetup,
    keymap.of(yUndoManagerKeymap),
    yCollab(text, workspace.provider.awareness, { undoManager }),
    EditorView.lineWrapping,
  ];
  if (language === "sql") extensions.push(sql());
  if (language === "python") extensions.push(python());
  const view = new EditorView({ state: EditorState.create({ doc: text.toString(), extensions }), parent });
  return { text, view };
}

export { mountWhiteboard, mountCanvas, renderShapes, stateAt };
