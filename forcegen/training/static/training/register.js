// The class register: ticking "all present" for a day marks that day's column present at once
// (the server does the same without this script).
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.matches("input[data-register-day]")) return;
  if (!box.checked) return;
  const day = box.dataset.registerDay;
  for (const select of document.querySelectorAll(`select[data-register-day="${day}"]`)) {
    select.value = "present";
  }
});
