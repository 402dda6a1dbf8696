// Person picker (and any search-as-you-type field): picking a suggestion fills the field in,
// or, for a field of several values, replaces the word being typed. Loaded once per page.
if (!window.forcegenPicker) {
  window.forcegenPicker = true;
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-pick]");
    if (!button) return;
    const picker = button.closest(".picker");
    const field = picker.querySelector("input, textarea");
    if (picker.hasAttribute("data-multiple")) {
      const words = field.value.split(/[\s,;]+/).filter(Boolean);
      if (words.length && !/[\s,;]$/.test(field.value)) words.pop();
      words.push(button.dataset.pick);
      field.value = words.join("\n") + "\n";
    } else {
      field.value = button.dataset.pick;
    }
    picker.querySelector(".picker-results").innerHTML = "";
    field.focus();
  });
}
