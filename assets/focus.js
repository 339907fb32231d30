// The practice plan's ticks: each checkbox saves at once.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";

document.addEventListener("change", async (event) => {
  const box = event.target.closest?.("input[data-tick]");
  if (!box) return;
  const theme = box.closest("[data-theme]")?.dataset.theme;
  const response = await fetch("/api/v1/me/practice-plan/ticks", {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ theme, key: box.dataset.tick, done: box.checked }),
  });
  if (!response.ok) {
    box.checked = !box.checked;
    box.parentElement.classList.add("error");
  }
});
