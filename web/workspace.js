// The candidate's shared workspace: a CodeMirror 6 editor bound to the round's Yjs document
// (y-codemirror.next), synced through the standard y-websocket provider with remote cursors.
// Bundled with esbuild into assets/workspace.js (npm run build); mockloop serves the bundle.
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { yCollab } from "y-codemirror.next";
import { EditorView, basicSetup } from "codemirror";
import { EditorState } from "@codemirror/state";
import { python } from "@codemirror/lang-python";
import { sql } from "@codemirror/lang-sql";

const COLORS = ["#1f5fbf", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00"];

/** Mounts the editor in `parent` and returns {ydoc, text, provider, view}. */
export function mountWorkspace({ parent, serverUrl, name, language, readOnly = false }) {
  const ydoc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, "doc", ydoc, { maxBackoffTime: 4000 });
  const text = ydoc.getText("code");
  const color = COLORS[Math.floor(Math.random() * COLORS.length)];
  provider.awareness.setLocalStateField("user", { name, color, colorLight: color + "33" });
  const state = EditorState.create({
    doc: text.toString(),
    extensions: [
      basicSetup,
      language === "sql" ? sql() : python(),
      yCollab(text, provider.awareness),
      EditorState.readOnly.of(readOnly),
      EditorView.lineWrapping,
    ],
  });
  const view = new EditorView({ state, parent });
  return { ydoc, text, provider, view };
}
