// Small enhancements for server-rendered pages; every page works without them.

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

// htmx requests carry the CSRF token as a header, like any other script would.
document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRF-Token"] = csrfToken;
});

// Copy buttons: <button data-copy="#input-id">.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.querySelector(button.dataset.copy);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Press Ctrl+C";
  }
  setTimeout(() => { button.textContent = "Copy"; }, 2000);
});

// Destructive forms ask first: <form data-confirm="Leave this circle?">.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// Time-zone fields start from the browser's own zone.
for (const field of document.querySelectorAll("[data-local-time-zone]")) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && field.value === "UTC") field.value = zone;
}

// Print buttons: <button data-print>.
document.addEventListener("click", (event) => {
  if (event.target.closest?.("[data-print]")) window.print();
});

// Repeatable rows: <button data-add-row=".slot-row"> adds an empty copy of the last such row.
document.addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-add-row]");
  if (!button) return;
  const rows = document.querySelectorAll(button.dataset.addRow);
  const last = rows[rows.length - 1];
  if (!last) return;
  const copy = last.cloneNode(true);
  for (const input of copy.querySelectorAll("input")) input.value = "";
  last.after(copy);
  copy.querySelector("select, input")?.focus();
});
