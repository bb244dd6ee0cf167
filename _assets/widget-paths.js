// Tell require.js where the vendored widget embed manager lives, so the fonts and modules it loads
// come from this site ("vendor/" beside this script), however deep the page is.
(function () {
  var here = document.currentScript.src.replace(/[^/]*(\?.*)?$/, "");
  require.config({ paths: { "@jupyter-widgets/html-manager/dist": here + "vendor" } });
})();
