// Small fixes to the theme's markup so every page meets WCAG 2.2 AA (checked with axe-core).
document.addEventListener("DOMContentLoaded", function () {
  // 2.5.3 Label in Name: the search buttons show "Search Ctrl+K"; let that visible text be their name.
  document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
    button.removeAttribute("aria-label");
  });
  // The colour-mode icons' titles were read as the button's text; the button's own label says it all.
  document.querySelectorAll(".theme-switch-button .theme-switch").forEach(function (icon) {
    icon.setAttribute("aria-hidden", "true");
    icon.removeAttribute("title");
  });
});
