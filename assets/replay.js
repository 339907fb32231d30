// The replay page: the round's timeline and a scrubber that shows the workspace (code or notes,
// whiteboard, canvas) as it was at any moment, rebuilt from the stored Yjs updates.
const root = document.getElementById("replay");
const $ = (id) => document.getElementById(id);

function mmss(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

const [{ stateAt, renderShapes }, data] = await Promise.all([
  import("/assets/workspace.js"),
  fetch(root.dataset.source).then((r) => r.json()),
]);
const times = [...data.updates.map((u) => u.at_ms), ...data.events.map((e) => e.at_ms)];
const start = times.length ? Math.min(...times) : 0;
const end = times.length ? Math.max(...times) : 0;
const scrubber = $("scrubber");
// A range input snaps to its step: round the end up so the last moment is reachable.
scrubber.max = String(Math.ceil((end - start) / 100) * 100);
scrubber.value = scrubber.max;

for (const event of data.events) {
  const li = document.createElement("li");
  const jump = Object.assign(document.createElement("button"), { type: "button", className: "link-button", textContent: mmss(event.at_ms - start) });
  jump.addEventListener("click", () => { scrubber.value = String(event.at_ms - start); show(); });
  li.append(jump, ` ${event.detail}`);
  $("timeline").append(li);
}
if (data.notes.length) {
  $("replay-notes-card").hidden = false;
  for (const note of data.notes) $("replay-notes").append(Object.assign(document.createElement("li"), { textContent: `${mmss(note.at_ms)} ${note.body}` }));
}

function show() {
  const at = start + Number(scrubber.value);
  $("scrubber-time").textContent = mmss(at - start);
  const state = stateAt(data.updates, at);
  $("replay-text").textContent = state.code || state.notes;
  renderShapes($("replay-board"), state.shapes);
  $("replay-canvas").replaceChildren(...Object.entries(state.canvas).filter(([, v]) => v).flatMap(([k, v]) => [
    Object.assign(document.createElement("dt"), { textContent: k.replaceAll("_", " ") }),
    Object.assign(document.createElement("dd"), { textContent: v }),
  ]));
  for (const item of $("timeline").children) item.classList.toggle("past", false);
}
scrubber.addEventListener("input", show);
show();
