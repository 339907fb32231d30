// The round room: renders the server's state (timer, prompt, hints, presence), sends the
// interviewer's commands, and keeps the interviewer's private notes saved as they are typed.
const root = document.getElementById("room");
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
const $ = (id) => document.getElementById(id);

let state = null;
let receivedAt = 0;
let socket = null;
let retry = 500;

function mmss(ms) {
  const sign = ms < 0 ? "-" : "";
  const total = Math.floor(Math.abs(ms) / 1000);
  return `${sign}${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

// Times are the server's: while running, they advance by the time passed since the state arrived.
function renderClock() {
  if (!state) return;
  const t = state.timer;
  const passed = t.status === "running" ? Date.now() - receivedAt : 0;
  const phase = t.phases[t.phase_index];
  const phaseEnd = t.phases.slice(0, t.phase_index + 1).reduce((sum, p) => sum + p.duration_ms, 0);
  const elapsed = t.elapsed_ms + passed;
  const total = t.phases.reduce((sum, p) => sum + p.duration_ms, 0);
  const inPhase = phase ? phaseEnd - elapsed : total - elapsed;
  const current = phase && inPhase > 0 ? phase.name : "Overtime";
  $("timer-phase").textContent = t.status === "not_started" ? "Not started" : `${current}${t.status === "paused" ? " · paused" : ""}${t.status === "ended" ? " · ended" : ""}`;
  $("timer-clock").textContent = mmss(phase && inPhase > 0 ? inPhase : total - elapsed);
  $("timer-total").textContent = `${mmss(total - elapsed)} left in the round`;
}

function renderState() {
  const you = state.you;
  $("timer-controls").hidden = !you.may_command || state.ended;
  // Only the controls that apply to the timer as it stands.
  const status = state.timer.status;
  const applies = { start_timer: status === "not_started", pause_timer: status === "running", resume_timer: status === "paused", extend: status !== "not_started", skip_phase: status === "running" || status === "paused" };
  for (const button of $("timer-controls").querySelectorAll("[data-command]")) {
    const command = button.dataset.command;
    if (command in applies) button.hidden = !applies[command];
  }
  for (const button of root.querySelectorAll("[data-command='reveal_hint']")) {
    const revealed = state.hints.some((h) => h.number === Number(button.dataset.index) + 1);
    button.disabled = revealed || !you.may_command || state.ended;
    button.textContent = revealed ? "Revealed" : "Reveal to the candidate";
  }
  const prompt = $("prompt");
  if (state.prompt && !prompt.dataset.filled) {
    prompt.dataset.filled = "1";
    prompt.replaceChildren(...[state.prompt.title, state.prompt.prompt].map((text, i) => {
      const el = document.createElement(i === 0 ? "h3" : "pre");
      el.textContent = text;
      if (i === 1) el.className = "prompt-text";
      return el;
    }));
  }
  const hints = $("hints");
  hints.replaceChildren(...(state.hints.length ? state.hints.map((h) => {
    const li = document.createElement("li");
    li.value = h.number;
    li.textContent = h.text;
    return li;
  }) : [Object.assign(document.createElement("li"), { className: "muted", textContent: "No hints yet." })]));
  $("presence").textContent = "In the room: " + state.presence.map((p) => `${p.name} (${p.role})`).join(", ");
  const probes = state.probes ?? [];
  $("solo-probes").hidden = !probes.length;
  $("probes").replaceChildren(...probes.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
  if (state.ended) $("time-check").hidden = false, $("time-check").textContent = "The round has ended: time for feedback.";
  $("feedback-link").hidden = !state.ended;
  renderClock();
}

const checks = { half_time: "Half time.", five_minutes_left: "Five minutes left.", overtime: "Time is up: the round is in overtime." };

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}${root.dataset.socket}`);
  socket.addEventListener("open", () => { retry = 500; $("room-error").hidden = true; });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "state") {
      state = message;
      receivedAt = Date.now();
      renderState();
    } else if (message.type === "time_check") {
      $("time-check").hidden = false;
      $("time-check").textContent = checks[message.check] ?? message.check;
    } else if (message.type === "run") {
      renderRun(message.run);
    } else if (message.type === "error") {
      $("room-error").hidden = false;
      $("room-error").textContent = message.message;
    }
  });
  socket.addEventListener("close", () => {
    $("room-error").hidden = false;
    $("room-error").textContent = "Connection lost; reconnecting…";
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 8000);
  });
}

root.addEventListener("click", (event) => {
  const button = event.target.closest("[data-command]");
  if (!button || !socket || socket.readyState !== WebSocket.OPEN) return;
  if (button.dataset.confirmClick && !window.confirm(button.dataset.confirmClick)) return;
  const message = { type: "command", command: button.dataset.command };
  if (button.dataset.minutes) message.minutes = Number(button.dataset.minutes);
  if (button.dataset.index) message.index = Number(button.dataset.index);
  socket.send(JSON.stringify(message));
});

// ---- private notes (interviewer and shadow) ----
async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error((await response.json()).error?.message ?? response.statusText);
  return response.status === 204 ? null : response.json();
}

function noteItem(note) {
  const li = document.createElement("li");
  const stamp = document.createElement("span");
  stamp.className = "badge";
  stamp.textContent = `${mmss(note.at_ms)}${note.tags.length ? " · " + note.tags.join(", ") : ""}`;
  const text = document.createElement("textarea");
  text.value = note.body;
  text.rows = 2;
  text.setAttribute("aria-label", `Note at ${mmss(note.at_ms)}`);
  let timer = null;
  text.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        await api("PUT", `${root.dataset.notes}/${note.id}`, { body: text.value, tags: note.tags });
        stamp.dataset.saved = "1";
      } catch (error) {
        $("room-error").hidden = false;
        $("room-error").textContent = `Note not saved: ${error.message}`;
      }
    }, 600);
  });
  li.append(stamp, text);
  return li;
}

const form = $("note-form");
if (form) {
  api("GET", root.dataset.notes).then((notes) => $("notes").replaceChildren(...notes.map(noteItem)));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = $("note-body").value.trim();
    if (!body) return;
    const tags = [...form.querySelectorAll("input[name=tag]:checked")].map((box) => box.value);
    try {
      const note = await api("POST", root.dataset.notes, { body, tags });
      $("notes").append(noteItem(note));
      $("note-body").value = "";
    } catch (error) {
      $("room-error").hidden = false;
      $("room-error").textContent = `Note not saved: ${error.message}`;
    }
  });
}

connect();
setInterval(renderClock, 250);

// ---- the shared code editor and its runs (coding rounds) ----
function renderRun(run) {
  const box = $("run-result");
  if (!box) return;
  const report = run.report;
  const lines = [`${run.by} ${run.hidden ? "submitted" : "ran the examples"}: ${report.verdict.replaceAll("_", " ")} (${report.time_ms} ms)`];
  if (report.message) lines.push(report.message);
  for (const c of report.cases.filter((c) => !c.hidden)) {
    lines.push(`${c.passed ? "✓" : "✗"} ${c.name}${c.passed ? "" : c.error ? ` — ${c.error}` : ` — expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.got)}`}`);
  }
  if (report.hidden.total) lines.push(`hidden tests: ${report.hidden.passed}/${report.hidden.total} passed`);
  if (report.stdout) lines.push(`stdout:\n${report.stdout}`);
  const pre = document.createElement("pre");
  pre.textContent = lines.join("\n");
  pre.className = `verdict verdict-${report.verdict}`;
  box.replaceChildren(pre);
}

// One document connection serves every pane: the code editor, the whiteboard, the shared notes.
import("/assets/workspace.js").then(({ connectWorkspace, mountEditor, mountWhiteboard, mountCanvas }) => {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const workspace = connectWorkspace({ serverUrl: `${scheme}://${location.host}${root.dataset.workspace}`, name: root.dataset.me });
  if ($("editor")) mountEditor(workspace, $("editor"), { textName: "code", language: $("editor").dataset.language });
  if ($("whiteboard")) mountWhiteboard(workspace, $("whiteboard"));
  if ($("canvas")) mountCanvas(workspace, $("canvas"));
  if ($("notes-doc")) mountEditor(workspace, $("notes-doc"), { textName: "notes" });
  window.mockloopWorkspace = workspace;
});

const editor = $("editor");
if (editor) {
  for (const [id, hidden] of [["run-visible", false], ["run-hidden", true]]) {
    $(id).addEventListener("click", async () => {
      $(id).disabled = true;
      try {
        await api("POST", root.dataset.runs, { hidden });
      } catch (error) {
        $("run-result").textContent = `The run failed: ${error.message}`;
      } finally {
        $(id).disabled = false;
      }
    });
  }
}
