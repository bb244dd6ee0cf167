// Tell require.js where the vendored widget embed manager lives. The widget bundles find their fonts
// beside their own module address, so every bundle is mapped into "vendor/" beside this script,
// however deep the page is.
(function () {
  var vendor = document.currentScript.src.replace(/[^/]*(\?.*)?$/, "") + "vendor";
  require.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": vendor,
      "@jupyter-widgets/html-manager": vendor + "/html-manager",
      "@jupyter-widgets/base": vendor + "/base",
      "@jupyter-widgets/base7": vendor + "/base7",
      "@jupyter-widgets/controls": vendor + "/controls",
      "@jupyter-widgets/controls7": vendor + "/controls7",
      "@jupyter-widgets/output": vendor + "/output"
    }
  });
})();
