// The feedback page: the giver's form (autosaved draft, live lint, theme suggestions, explicit
// confirmation of problems kept on submit) and the candidate's actions (self-assessment, questions,
// thanks, takeaways). Everything goes through the JSON API with the page's CSRF token.

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  return { ok: response.ok, status: response.status, data };
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

function errorText(result) {
  return result.data?.error?.message ?? `The server answered ${result.status}; try again.`;
}

// ---------------------------------------------------------------- the candidate's side

function candidateSide(root) {
  const api = root.dataset.api;
  const error = document.getElementById("candidate-error");
  const fail = (result) => { error.textContent = errorText(result); error.hidden = false; };

  const assessment = document.getElementById("self-assessment");
  assessment?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(assessment);
    const rating = (name) => (form.get(name) ? Number(form.get(name)) : null);
    const body = {
      ratings: {
        communication: rating("communication"), problem_solving: rating("problem_solving"),
        technical_depth: rating("technical_depth"), tradeoffs: rating("tradeoffs"),
      },
      staff_bar: form.get("staff_bar"), went_well: form.get("went_well"), to_improve: form.get("to_improve"),
    };
    const result = await call("PUT", `${api}/self-assessment`, body);
    if (result.ok) location.reload();
    else {
      const message = assessment.querySelector(".error");
      message.textContent = errorText(result);
      message.hidden = false;
    }
  });

  for (const item of root.querySelectorAll(".feedback-item")) {
    const base = `${api}/feedback/${item.dataset.form}/items/${item.dataset.item}`;
    item.querySelector('[data-action="thanks"]')?.addEventListener("click", async () => {
      const result = await call("POST", `${base}/thanks`);
      result.ok ? location.reload() : fail(result);
    });
    item.querySelector('form[data-action="ask"]')?.addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = await call("POST", `${base}/messages`, { body: new FormData(event.target).get("body") });
      result.ok ? location.reload() : fail(result);
    });
    item.querySelector('form[data-action="takeaway"]')?.addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = await call("POST", `${base}/takeaway`, { text: new FormData(event.target).get("text") });
      result.ok ? location.reload() : fail(result);
    });
  }
}

// ---------------------------------------------------------------- the giver's form

const AUTO_THEME_CONFIDENCE = 0.5;

const FIELDS = [
  ["situation", "Situation", "When: the phase, minute or question (\"At 14:00, sizing the feature store\")"],
  ["behavior", "Behavior", "What they observably did or said"],
  ["impact", "Impact", "What that caused in the interview"],
  ["suggestion", "Suggestion", "A concrete action for next time"],
];

function formatMoment(ms) {
  if (ms === null || ms === undefined) return "";
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function parseMoment(text) {
  const match = /^\s*(\d{1,3}):([0-5]\d)\s*$/.exec(text);
  return match ? (Number(match[1]) * 60 + Number(match[2])) * 1000 : null;
}

function giverSide(root) {
  const api = root.dataset.api;
  const initial = JSON.parse(root.dataset.initial || "{}");
  const host = document.getElementById("giver-form");
  const mine = initial.mine;
  const state = {
    draft: mine?.draft ?? { items: [], ratings: {}, rating_comments: {}, staff_bar: null, focus: [] },
    report: initial.report ?? null,
    submitted: Boolean(mine?.submitted_at),
    released: Boolean(mine?.released_at),
    messages: mine?.messages ?? [],
    autoTheme: new Set(),
    suggestions: [],
  };
  const themes = initial.themes ?? [];
  const themeName = (id) => themes.find((theme) => theme.id === id)?.name ?? id;
  for (const [id] of initial.focus ?? []) {
    if (!state.draft.focus.some((answer) => answer.theme === id)) state.draft.focus.push({ theme: id, answer: "" });
  }
  if (state.draft.items.length === 0 && !state.submitted) {
    state.draft.items.push(blankItem("strength"), blankItem("improvement"));
  }
  const status = el("p", { class: "muted", role: "status", "aria-live": "polite" });

  function blankItem(kind) {
    return { id: "", kind, situation: "", behavior: "", impact: "", suggestion: "", theme: null, moment_ms: null };
  }

  let saveTimer = null;
  let saving = Promise.resolve();
  function scheduleSave() {
    status.textContent = "Unsaved changes…";
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => { saving = save(); }, 700);
  }

  async function save() {
    status.textContent = "Saving…";
    const result = await call("PUT", `${api}/feedback/draft`, state.draft);
    if (!result.ok) {
      status.textContent = `Not saved: ${errorText(result)}`;
      return false;
    }
    result.data.draft.items.forEach((item, index) => {
      if (state.draft.items[index]) state.draft.items[index].id = item.id;
    });
    state.report = result.data.report;
    status.textContent = `Saved at ${new Date().toLocaleTimeString()}`;
    showProblems();
    await suggestThemes();
    return true;
  }

  async function suggestThemes() {
    const items = state.draft.items.map((item) => ({
      situation: item.situation, behavior: item.behavior, impact: item.impact, suggestion: item.suggestion,
    }));
    if (items.length === 0) return;
    const result = await call("POST", "/api/v1/feedback/themes", items);
    if (!result.ok) return;
    state.suggestions = result.data;
    state.draft.items.forEach((item, index) => {
      const suggestion = state.suggestions[index];
      const select = host.querySelector(`[data-index="${index}"] select[name="theme"]`);
      const hint = host.querySelector(`[data-index="${index}"] .theme-hint`);
      if (!suggestion || !select) return;
      const words = item.situation + item.behavior + item.impact + item.suggestion;
      if (words.trim().length < 20) return;
      hint.textContent = `Suggested: ${themeName(suggestion.theme)} (${Math.round(suggestion.confidence * 100)}%)`;
      // Fill the theme in only when the suggester is fairly sure; otherwise the hint is enough.
      if ((!item.theme || state.autoTheme.has(index)) && suggestion.confidence >= AUTO_THEME_CONFIDENCE) {
        item.theme = suggestion.theme;
        select.value = suggestion.theme;
        state.autoTheme.add(index);
      }
    });
  }

  function problemList(problems, itemIndex) {
    const list = el("ul", { class: "problems" });
    for (const problem of problems) {
      const id = `confirm-${itemIndex ?? "form"}-${problem.code}-${problem.field}`.replace(/[^a-z0-9_-]/gi, "_");
      list.append(el("li", { class: "problem", "data-code": problem.code },
        el("span", { text: problem.message }), " ",
        el("label", { class: "confirm" },
          el("input", { type: "checkbox", id, "data-item": itemIndex ?? "", "data-code": problem.code }),
          " keep as is")));
    }
    return list;
  }

  function showProblems() {
    const report = state.report;
    const formProblems = host.querySelector("#form-problems");
    if (!report || !formProblems) return;
    formProblems.replaceChildren(...(report.problems.length
      ? [el("h2", { text: "Still missing from this feedback" }), problemList(report.problems, null)]
      : []));
    for (const itemReport of report.items) {
      const box = host.querySelector(`[data-index="${itemReport.index}"] .item-problems`);
      if (box) box.replaceChildren(itemReport.problems.length ? problemList(itemReport.problems, itemReport.index) : el("p", { class: "ok", text: "Specific and actionable." }));
    }
  }

  function itemCard(item, index) {
    const card = el("fieldset", { class: `card feedback-item ${item.kind}`, "data-index": index });
    const legend = el("legend", { text: `${item.kind === "strength" ? "Strength" : "To improve"} ${index + 1}` });
    const kind = el("select", { name: "kind", "aria-label": "Kind of item" },
      el("option", { value: "strength", text: "Strength", selected: item.kind === "strength" }),
      el("option", { value: "improvement", text: "To improve", selected: item.kind === "improvement" }));
    kind.addEventListener("change", () => { item.kind = kind.value; render(); scheduleSave(); });
    card.append(legend, kind);
    for (const [name, label, placeholder] of FIELDS) {
      const area = el("textarea", { name, rows: 2, placeholder, maxlength: 2000 });
      area.value = item[name];
      area.addEventListener("input", () => { item[name] = area.value; scheduleSave(); });
      card.append(el("label", {}, label, area));
    }
    const theme = el("select", { name: "theme" }, el("option", { value: "", text: "Choose a theme…" }),
      themes.map((t) => el("option", { value: t.id, text: t.name, selected: item.theme === t.id })));
    theme.addEventListener("change", () => {
      item.theme = theme.value || null;
      state.autoTheme.delete(index);
      scheduleSave();
    });
    const moment = el("input", { name: "moment", placeholder: "mm:ss", size: 6, value: formatMoment(item.moment_ms) });
    moment.addEventListener("input", () => { item.moment_ms = parseMoment(moment.value); scheduleSave(); });
    const up = el("button", { type: "button", class: "secondary", text: "Move up", disabled: index === 0 });
    up.addEventListener("click", () => { move(index, -1); });
    const remove = el("button", { type: "button", class: "secondary", text: "Remove" });
    remove.addEventListener("click", () => { state.draft.items.splice(index, 1); state.autoTheme.clear(); render(); scheduleSave(); });
    card.append(
      el("label", {}, "Theme ", theme, el("span", { class: "muted theme-hint" })),
      el("label", {}, "Moment of the round (optional) ", moment),
      el("div", { class: "item-problems", "aria-live": "polite" }),
      el("div", { class: "row" }, up, remove));
    return card;
  }

  function move(index, by) {
    const items = state.draft.items;
    const [item] = items.splice(index, 1);
    items.splice(index + by, 0, item);
    state.autoTheme.clear();
    render();
    scheduleSave();
  }

  function ratingsSection() {
    const section = el("fieldset", { class: "card" }, el("legend", { text: "Ratings (1-4) and why" }));
    for (const { id, heading } of initial.dimensions ?? []) {
      const select = el("select", { name: `rating-${id}` }, el("option", { value: "", text: "–" }),
        [1, 2, 3, 4].map((n) => el("option", { value: n, text: n, selected: state.draft.ratings[id] === n })));
      select.addEventListener("change", () => { state.draft.ratings[id] = select.value ? Number(select.value) : null; scheduleSave(); });
      const comment = el("textarea", { name: `comment-${id}`, rows: 2, maxlength: 2000, placeholder: `Why this rating for ${heading.toLowerCase()}` });
      comment.value = state.draft.rating_comments[id] ?? "";
      comment.addEventListener("input", () => { state.draft.rating_comments[id] = comment.value; scheduleSave(); });
      section.append(el("label", {}, `${heading} `, select), comment);
    }
    const bar = el("fieldset", {}, el("legend", { text: "Overall, against the Staff bar" }),
      ["below", "at", "above"].map((value) => {
        const radio = el("input", { type: "radio", name: "staff_bar", value, checked: state.draft.staff_bar === value });
        radio.addEventListener("change", () => { state.draft.staff_bar = value; scheduleSave(); });
        return el("label", {}, radio, ` ${value[0].toUpperCase()}${value.slice(1)}`);
      }));
    section.append(bar);
    return section;
  }

  function focusSection() {
    if (state.draft.focus.length === 0) return null;
    const section = el("fieldset", { class: "card" }, el("legend", { text: `${initial.candidate}'s focus areas` }));
    for (const answer of state.draft.focus) {
      const area = el("textarea", { rows: 2, maxlength: 2000, name: `focus-${answer.theme}`, placeholder: "What did you see on this today?" });
      area.value = answer.answer;
      area.addEventListener("input", () => { answer.answer = area.value; scheduleSave(); });
      section.append(el("label", {}, themeName(answer.theme), area));
    }
    return section;
  }

  async function submit() {
    clearTimeout(saveTimer);
    await saving;
    if (!(await save())) return;
    const confirm = [...host.querySelectorAll("input[type=checkbox][data-code]:checked")].map((box) => ({
      item: box.dataset.item === "" ? null : Number(box.dataset.item), code: box.dataset.code,
    }));
    const result = await call("POST", `${api}/feedback/submit`, { confirm });
    const message = host.querySelector("#submit-result");
    if (result.ok) { location.reload(); return; }
    message.textContent = errorText(result);
    message.hidden = false;
    if (result.data?.report) { state.report = result.data.report; showProblems(); }
  }

  function submittedView() {
    const release = el("button", { type: "button", class: "secondary", text: "Release to the candidate now" });
    release.addEventListener("click", async () => {
      const result = await call("POST", `${api}/feedback/release`);
      if (result.ok) location.reload();
    });
    const items = state.draft.items.map((item) => {
      const thread = state.messages.filter((m) => m.item_id === item.id);
      const answer = el("form", { class: "inline" },
        el("label", {}, "Answer ", el("input", { name: "body", required: true, maxlength: 2000 })),
        el("button", { type: "submit", class: "secondary", text: "Send" }));
      answer.addEventListener("submit", async (event) => {
        event.preventDefault();
        const mine = initial.mine;
        const result = await call("POST", `${api}/feedback/${mine.id}/items/${item.id}/messages`, { body: new FormData(answer).get("body") });
        if (result.ok) location.reload();
      });
      return el("article", { class: `feedback-item ${item.kind}` },
        el("h3", { text: `${item.kind === "strength" ? "Strength" : "To improve"}${item.theme ? ` · ${themeName(item.theme)}` : ""}` }),
        el("p", { text: `${item.situation} — ${item.behavior} — ${item.impact}` }),
        item.suggestion ? el("p", { text: `Suggestion: ${item.suggestion}` }) : null,
        el("ol", { class: "thread list" }, thread.map((m) => el("li", {}, el("strong", { text: `${m.author.name}: ` }), m.body))),
        thread.length ? answer : null);
    });
    host.replaceChildren(
      el("p", { class: "notice", text: state.released ? "Submitted and released to the candidate." : "Submitted. The candidate reads it after their self-assessment." }),
      state.released ? "" : release,
      ...items);
  }

  function render() {
    if (state.submitted) { submittedView(); return; }
    const addStrength = el("button", { type: "button", class: "secondary", text: "Add a strength" });
    addStrength.addEventListener("click", () => {
      const firstImprovement = state.draft.items.findIndex((item) => item.kind === "improvement");
      state.draft.items.splice(firstImprovement === -1 ? state.draft.items.length : firstImprovement, 0, blankItem("strength"));
      state.autoTheme.clear();
      render();
    });
    const addImprovement = el("button", { type: "button", class: "secondary", text: "Add an improvement" });
    addImprovement.addEventListener("click", () => { state.draft.items.push(blankItem("improvement")); render(); });
    const submitButton = el("button", { type: "button", id: "submit-feedback", text: "Submit feedback" });
    submitButton.addEventListener("click", submit);
    host.replaceChildren(
      ...state.draft.items.map(itemCard),
      el("div", { class: "row" }, addStrength, addImprovement),
      ratingsSection(),
      focusSection() ?? "",
      el("div", { id: "form-problems", "aria-live": "polite" }),
      el("p", { class: "muted", text: "Problems the linter finds block submitting until you fix them or tick \"keep as is\"; what you keep is recorded." }),
      el("p", { class: "error", id: "submit-result", role: "alert", hidden: true }),
      submitButton,
      status);
    showProblems();
  }

  render();
  if (!state.submitted) suggestThemes();
}

const candidate = document.getElementById("candidate-feedback");
if (candidate) candidateSide(candidate);
const giver = document.getElementById("giver-feedback");
if (giver) giverSide(giver);
