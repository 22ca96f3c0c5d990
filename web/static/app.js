// A little help for the dashboard; every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Ask before closing an incident.
  document.querySelectorAll("button[data-confirm]").forEach((b) => {
    b.addEventListener("click", (e) => {
      if (!window.confirm(b.dataset.confirm)) e.preventDefault();
    });
  });
  // Filter as soon as a select changes.
  document.querySelectorAll("form.filters select").forEach((s) => {
    s.addEventListener("change", () => s.form.submit());
  });
});
