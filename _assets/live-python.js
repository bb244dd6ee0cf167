// Python in the learner's browser: makes a course page's exercises live in place.
//
// Why this mechanism: the page already draws every widget with the Jupyter widget manager vendored
// from npm (see widget-paths.js). "Start Python" loads Pyodide from this site (_static/pyodide/),
// installs the pinned wheels listed in _static/wheels/manifest.json, runs the page's code cells in
// order and connects each ipywidget to that same manager (searchcraft.widgets.in_browser is the
// Python half). No kernel, worker, iframe or second copy of the page: the learner stays where they
// are reading. Saved work lives in this browser's localStorage (keys "searchcraft:...") and never
// leaves it; the controls export it to a file, import it, and clear it.
(function () {
  "use strict";
  var script = document.currentScript;
  var STATIC = script.src.replace(/[^/]*(\?.*)?$/, "");          // .../_static/
  var ROOT = STATIC.replace(/_static\/$/, "");                    // the site root
  var PREFIX = "searchcraft:";
  var AUTOSTART = "searchcraft-settings:start-python-by-itself";
  var WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
  var live = { state: "static", manager: null, pyodide: null, bridge: null, cells: [], marks: {} };
  function mark(name) { live.marks[name] = Math.round(performance.now()); }
  window.searchcraftLive = live;
  // Widget messages each way, and a promise for "every message from the page has been handled":
  // the signals a test (or a curious developer) reads to know a widget has answered.
  live.messages = { toPython: 0, handled: 0, fromPython: 0 };
  live.idle = function () { return queue; };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function pagePath() {
    var path = decodeURIComponent(location.href.split(/[?#]/)[0]);
    path = path.indexOf(ROOT) === 0 ? path.slice(ROOT.length) : location.pathname.replace(/^\//, "");
    return path.replace(/\.html$/, "") || "index";
  }

  // ---- the control panel and the "not live yet" notices ------------------------------------------------
  var panel, status, startButtons = [];

  function say(text, problem) {
    status.textContent = text;
    status.className = "sc-live-status" + (problem ? " sc-live-problem" : "");
  }

  function addPanel(article) {
    panel = el("div", { "class": "sc-live-panel", role: "region", "aria-label": "Run this page's exercises" });
    var intro = el("p", {}, "The exercises on this page are pictures until Python starts. Python runs " +
      "in your own browser: nothing is installed, and your work is saved in this browser only.");
    var start = el("button", { type: "button", "class": "sc-live-start" }, "Start Python on this page");
    status = el("p", { role: "status", "aria-live": "polite", "class": "sc-live-status" });
    var tools = el("div", { "class": "sc-live-tools" });
    var exportButton = el("button", { type: "button" }, "Export my work");
    var importLabel = el("label", { "class": "sc-live-import" }, "Import my work ");
    var importInput = el("input", { type: "file", accept: ".json,application/json" });
    importLabel.appendChild(importInput);
    var clearButton = el("button", { type: "button" }, "Clear my data");
    var autoLabel = el("label", { "class": "sc-live-auto" });
    var auto = el("input", { type: "checkbox" });
    auto.checked = autostartChosen();
    autoLabel.append(auto, document.createTextNode(" Start Python by itself on every page"));
    auto.addEventListener("change", function () {
      var store = storage();
      if (!store) return;
      if (auto.checked) store.setItem(AUTOSTART, "yes"); else store.removeItem(AUTOSTART);
      say(auto.checked ? "Python will start by itself when you open a course page in this browser."
                       : "Python will wait for you to press Start on each page.");
    });
    tools.append(exportButton, importLabel, clearButton, autoLabel);
    panel.append(intro, start, status, tools);
    var heading = article.querySelector("h1");
    if (heading && heading.parentNode) heading.parentNode.insertBefore(panel, heading.nextSibling);
    else article.insertBefore(panel, article.firstChild);
    startButtons.push(start);
    start.addEventListener("click", goLive);
    exportButton.addEventListener("click", exportWork);
    importInput.addEventListener("change", function () { importWork(importInput); });
    clearButton.addEventListener("click", clearWork);
  }

  function markStaticWidgets() {
    document.querySelectorAll(".cell_output").forEach(function (output) {
      if (!output.querySelector('script[type="' + WIDGET_VIEW + '"]')) return;
      var notice = el("p", { "class": "sc-live-notice" },
        "This exercise is not working yet: it is a picture of the widget. ");
      var button = el("button", { type: "button", "class": "sc-live-start" }, "Start Python to use it");
      button.addEventListener("click", goLive);
      startButtons.push(button);
      notice.appendChild(button);
      output.parentNode.insertBefore(notice, output);
      output.setAttribute("inert", "");
      output.classList.add("sc-live-dead");
    });
  }

  function autostartChosen() {
    var store = storage();
    return !!(store && store.getItem(AUTOSTART) === "yes");
  }

  // ---- checks before starting ----------------------------------------------------------------------------
  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function cannotStart() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      return "Python cannot start: this browser does not run WebAssembly (it may be switched off by " +
        "your organisation). The page still shows every exercise as a picture; to do the exercises, " +
        "use another browser or open the course in JupyterLab.";
    }
    if (!storage()) {
      return "Python was not started: this browser does not let the site keep data, so your answers " +
        "would be lost. Allow this site to store data (cookies and site data), or use another browser " +
        "or JupyterLab. The page still shows every exercise as a picture.";
    }
    return "";
  }

  // ---- the comm bridge ------------------------------------------------------------------------------------
  var queue = Promise.resolve();
  var messageNumber = 0;

  function PageComm(commId, targetName) {
    this.comm_id = commId;
    this.target_name = targetName;
    this._onMsg = null;
    this._onClose = null;
    this._waiting = [];
  }
  PageComm.prototype.on_msg = function (callback) {
    this._onMsg = callback;
    var waiting = this._waiting;
    this._waiting = [];
    waiting.forEach(function (message) { callback(message); });
  };
  PageComm.prototype.on_close = function (callback) { this._onClose = callback; };
  PageComm.prototype.open = function () { return ""; };
  PageComm.prototype.close = function () { return ""; };
  PageComm.prototype._receive = function (message) {
    if (this._onMsg) this._onMsg(message); else this._waiting.push(message);
  };
  PageComm.prototype.send = function (data, callbacks, metadata, buffers) {
    var id = "page-msg-" + (++messageNumber);
    var commId = this.comm_id;
    live.messages.toPython++;
    var copies = (buffers || []).map(function (b) {
      return new Uint8Array(b.buffer ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b);
    });
    queue = queue.then(function () {
      try {
        live.bridge.deliver(commId, JSON.stringify(data), copies.length ? copies : null);
      } catch (error) {
        console.error("SearchCraft: a widget message could not be handled", error);
      }
      live.messages.handled++;
      if (callbacks && callbacks.iopub && callbacks.iopub.status) {
        callbacks.iopub.status({ content: { execution_state: "idle" }, parent_header: { msg_id: id } });
      }
    });
    return id;
  };

  var comms = {};
  function fromPython(json, buffers) {
    var message = JSON.parse(json);
    live.messages.fromPython++;
    var list = buffers ? Array.from(buffers) : [];
    if (message.msg_type === "comm_open") {
      var comm = new PageComm(message.comm_id, message.target_name);
      comms[message.comm_id] = comm;
      live.manager.handle_comm_open(comm, {
        content: { comm_id: message.comm_id, target_name: message.target_name, data: message.data },
        metadata: message.metadata, buffers: list
      });
    } else if (message.msg_type === "comm_msg" && comms[message.comm_id]) {
      comms[message.comm_id]._receive({
        content: { comm_id: message.comm_id, data: message.data }, metadata: message.metadata,
        buffers: list, parent_header: {}
      });
    } else if (message.msg_type === "comm_close" && comms[message.comm_id]) {
      var closing = comms[message.comm_id];
      delete comms[message.comm_id];
      if (closing._onClose) closing._onClose({ content: { comm_id: message.comm_id, data: message.data } });
    }
  }

  // ---- outputs of the page's cells ------------------------------------------------------------------------
  function outputArea(index) {
    var cell = live.cells[index];
    if (!cell.area) {
      cell.area = el("div", { "class": "cell_output docutils container sc-live-output" });
      var old = cell.node.querySelector(":scope > .cell_output");
      var notice = cell.node.querySelector(":scope > .sc-live-notice");
      if (notice) notice.remove();
      if (old) old.replaceWith(cell.area); else cell.node.appendChild(cell.area);
    }
    return cell.area;
  }

  function showBundle(area, bundle) {
    if (bundle[WIDGET_VIEW]) {
      var holder = el("div", { "class": "output_area sc-live-widget" });
      var subarea = el("div", { "class": "widget-subarea" });
      holder.appendChild(subarea);
      area.appendChild(holder);
      return live.manager.get_model(bundle[WIDGET_VIEW].model_id).then(function (model) {
        return live.manager.create_view(model);
      }).then(function (view) {
        return live.manager.display_view(view, subarea);
      }).then(function () {
        holder.setAttribute("data-live", "true");
        if (!live.firstWidgetAt) {
          live.firstWidgetAt = performance.now();
          document.dispatchEvent(new CustomEvent("searchcraft:first-live-widget"));
        }
      });
    }
    var box = el("div", { "class": "output text_html" });
    if (bundle["text/html"] !== undefined) box.innerHTML = bundle["text/html"];
    else if (bundle["image/svg+xml"] !== undefined) box.innerHTML = bundle["image/svg+xml"];
    else {
      box = el("pre", { "class": "sc-live-text" }, bundle["text/markdown"] || bundle["text/plain"] || "");
    }
    area.appendChild(box);
    return Promise.resolve();
  }

  function output(cellId, kind, json) {
    var index = Number(cellId.replace("cell-", ""));
    var area = outputArea(index);
    var payload = JSON.parse(json);
    if (kind === "clear") {
      area.textContent = "";
    } else if (kind === "stream") {
      var last = area.lastElementChild;
      if (!last || !last.classList.contains("sc-stream-" + payload.name)) {
        last = el("pre", { "class": "sc-live-text sc-stream-" + payload.name });
        area.appendChild(last);
      }
      last.textContent += payload.text;
    } else if (kind === "display") {
      live.pendingDisplays.push(showBundle(area, payload));
    } else if (kind === "error") {
      area.appendChild(el("pre", { "class": "sc-live-error", role: "alert" }, payload.traceback));
    }
  }

  // ---- starting Python ------------------------------------------------------------------------------------
  function fetchBytes(path) {
    return fetch(STATIC + path).then(function (response) {
      if (!response.ok) throw new Error("could not fetch " + path + " (" + response.status + ")");
      return response.arrayBuffer();
    });
  }

  // The practice database is served gzipped; a host that already decoded it (Content-Encoding) is fine too.
  function fetchDatabase(entry) {
    return fetchBytes(entry.file).then(function (buffer) {
      var head = new Uint8Array(buffer, 0, 2);
      if (entry.compression !== "gzip" || head[0] !== 0x1f || head[1] !== 0x8b) return buffer;
      var stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer();
    });
  }

  // A gzipped tar (ustar) as {path: bytes}; the inflating is the browser's own, off the main thread.
  function fetchTarball(path) {
    return fetchBytes(path).then(function (buffer) {
      var head = new Uint8Array(buffer, 0, 2);
      if (head[0] !== 0x1f || head[1] !== 0x8b) return buffer;
      var stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer();
    }).then(function (buffer) {
      var bytes = new Uint8Array(buffer), files = [], decoder = new TextDecoder();
      function text(start, length) {
        var end = start;
        while (end < start + length && bytes[end]) end++;
        return decoder.decode(bytes.subarray(start, end));
      }
      for (var at = 0; at + 512 <= bytes.length && bytes[at]; ) {
        var name = text(at, 100), prefix = text(at + 345, 155), size = parseInt(text(at + 124, 12), 8) || 0;
        var type = String.fromCharCode(bytes[at + 156] || 48);
        if (type === "0") files.push({ path: (prefix ? prefix + "/" : "") + name,
                                       data: bytes.subarray(at + 512, at + 512 + size) });
        at += 512 + Math.ceil(size / 512) * 512;
      }
      return files;
    });
  }

  function widgetManager() {
    return new Promise(function (resolve, reject) {
      window.require(["@jupyter-widgets/html-manager"], function (htmlManager) {
        resolve(new htmlManager.HTMLManager());
      }, reject);
    });
  }

  function runCell(index, overrides) {
    var cell = live.cells[index];
    if (cell.area) cell.area.textContent = "";
    live.pendingDisplays = [];
    var ok = live.bridge.run_cell("cell-" + index, cell.source, overrides ? JSON.stringify(overrides) : "");
    return Promise.all(live.pendingDisplays).then(function () { return ok; });
  }

  function addStrategyBoxes(index) {
    var cell = live.cells[index];
    var found = live.bridge.editable_strings(cell.source).toJs({ dict_converter: Object.fromEntries });
    if (!found.length) return;
    var form = el("div", { "class": "sc-live-edit", role: "group", "aria-label": "Try your own version" });
    var boxes = {};
    found.forEach(function (item) {
      var id = "sc-edit-" + index + "-" + item.name;
      var label = el("label", { "for": id }, "Your version of " + item.name.replace(/_/g, " ") +
        " (edit, then press Run):");
      // a line-by-line strategy gets a box with a row for each of its lines (and one to spare)
      var rows = Math.max(3, Math.min(12, item.value.split("\n").length + 1));
      var box = el("textarea", { id: id, rows: String(rows), spellcheck: "false" });
      box.value = item.value;
      boxes[item.name] = box;
      form.append(label, box);
    });
    var run = el("button", { type: "button" }, "Run with my version");
    run.addEventListener("click", function () {
      var overrides = {};
      Object.keys(boxes).forEach(function (name) { overrides[name] = boxes[name].value; });
      runCell(index, overrides);
    });
    form.appendChild(run);
    var input = cell.node.querySelector(":scope > .cell_input");
    cell.node.insertBefore(form, input ? input.nextSibling : cell.node.firstChild);
  }

  function pause() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }

  async function goLive() {
    if (live.state !== "static") return;
    var problem = cannotStart();
    if (problem) { say(problem, true); live.state = "refused"; return; }
    live.state = "starting";
    live.startedAt = performance.now();
    startButtons.forEach(function (button) { button.disabled = true; });
    try {
      say("Starting Python in your browser… (the first time this downloads about 20 MB; later visits use the copy your browser keeps)");
      registerOfflineCopy();
      var listing = await fetch(STATIC + "wheels/manifest.json");
      if (!listing.ok) {
        throw new Error("this copy of the site was built without Python for the browser; the course team " +
                        "builds it with `make book`");
      }
      var manifest = await listing.json();
      mark("manifest");
      var database = fetchDatabase(manifest.database);
      var courseFiles = fetchBytes(manifest.course_files.file);
      var facts = fetchBytes(manifest.bundled_facts.file);
      // The start-up modules come byte-compiled (see searchcraft/course/compile_for_browser.mjs): the
      // standard library, and every wheel unpacked in one gzipped tar, fetched while Python starts.
      // ("?searchcraft-start=sources" starts from Pyodide's sources instead: the benchmark's baseline.)
      if (/[?&]searchcraft-start=sources(&|$)/.test(location.search)) {
        delete manifest.stdlib;
        delete manifest.site_packages;
      }
      var sitePackages = manifest.site_packages ? fetchTarball(manifest.site_packages.file) : null;
      var manager = widgetManager();
      var pyodideModule = await import(STATIC + "pyodide/pyodide.mjs");
      mark("pyodide-module");
      var options = { indexURL: STATIC + "pyodide/" };
      if (manifest.stdlib) options.stdLibURL = STATIC + manifest.stdlib.file;
      var pyodide = await pyodideModule.loadPyodide(options);
      mark("pyodide-ready");
      say("Python is running; installing the course's package…");
      if (sitePackages) {
        var purelib = pyodide.runPython("import sys; [p for p in sys.path if p.endswith('site-packages')][0]");
        (await sitePackages).forEach(function (file) {
          var target = purelib + "/" + file.path;
          pyodide.FS.mkdirTree(target.replace(/\/[^/]*$/, ""));
          pyodide.FS.writeFile(target, file.data);
        });
        pyodide.runPython("import importlib; importlib.invalidate_caches()");
      } else {
        await pyodide.loadPackage(manifest.wheels.map(function (w) { return STATIC + w.file; }),
                                  { messageCallback: function () {} });
      }
      mark("wheels-installed");
      var home = "/home/pyodide";
      pyodide.FS.mkdirTree(home + "/.searchcraft");
      pyodide.FS.writeFile(home + "/.searchcraft/practice.sqlite", new Uint8Array(await database));
      pyodide.unpackArchive(await courseFiles, "zip", { extractDir: home + "/course" });
      pyodide.FS.writeFile(home + "/.searchcraft/bundled-facts.json", new Uint8Array(await facts));
      var page = pagePath();
      var folder = home + "/course/" + page.replace(/\/?[^/]*$/, "");
      pyodide.FS.mkdirTree(folder);
      pyodide.runPython(
        "import os\n" +
        "os.environ['SEARCHCRAFT_PRACTICE_DB'] = '" + home + "/.searchcraft/practice.sqlite'\n" +
        "os.environ['JUPYTER_WIDGETS_ECHO'] = '0'\n" +
        "os.chdir(" + JSON.stringify(folder) + ")\n");
      mark("files-written");
      live.manager = await manager;
      live.bridge = pyodide.pyimport("searchcraft.widgets.in_browser");
      mark("bridge-imported");
      live.bridge.start(fromPython, output, page, storage(), offerDownload);
      live.bridge.use_bundled_facts(home + "/.searchcraft/bundled-facts.json");
      mark("bridge-started");
      live.pyodide = pyodide;
      live.state = "running";
      say("Running this page's code…");
      var failed = 0;
      for (var i = 0; i < live.cells.length; i++) {
        addStrategyBoxes(i);
        if (!(await runCell(i))) failed++;
        mark("cell-" + i);
        await pause();
      }
      document.querySelectorAll(".sc-live-notice").forEach(function (n) { n.remove(); });
      live.state = "live";
      live.readyAt = performance.now();
      say(failed ? "Python is running. " + failed + " cell(s) stopped with an error, shown in the page."
                 : "Python is running: every exercise on this page now works. Your work is saved in this browser.",
          failed > 0);
      document.dispatchEvent(new CustomEvent("searchcraft:live"));
      keepForOffline();
    } catch (error) {
      live.state = "failed";
      console.error(error);
      say("Python could not start (" + (error && error.message ? error.message : error) + "). The page " +
          "still shows every exercise as a picture; reload to try again.", true);
    }
  }

  // ---- the learner's saved work: export, import, clear -------------------------------------------------
  function savedKeys() {
    var store = storage(), keys = [];
    if (!store) return keys;
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys.sort();
  }

  // A file a widget exported (CPD log, RIS records): handed to the browser's downloads.
  function offerDownload(name, bytes) {
    var data = bytes && bytes.toJs ? bytes.toJs() : bytes;
    var link = el("a", { href: URL.createObjectURL(new Blob([data])), download: String(name) });
    document.body.appendChild(link);
    link.click();
    link.remove();
    live.downloads = (live.downloads || []).concat([String(name)]);
  }

  function exportWork() {
    var store = storage();
    if (!store) { say("This browser does not let the site keep data, so there is nothing saved to export.", true); return; }
    var items = {};
    savedKeys().forEach(function (key) {
      try { items[key] = JSON.parse(store.getItem(key)); } catch (error) { items[key] = store.getItem(key); }
    });
    var document_ = { format: "searchcraft-saved-work", version: 1, exported: new Date().toISOString(), items: items };
    var blob = new Blob([JSON.stringify(document_, null, 2)], { type: "application/json" });
    var link = el("a", { href: URL.createObjectURL(blob), download: "searchcraft-my-work.json" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    say("Exported " + Object.keys(items).length + " saved item(s) to searchcraft-my-work.json (in your downloads).");
  }

  function importWork(input) {
    var file = input.files && input.files[0];
    var store = storage();
    if (!file || !store) return;
    file.text().then(function (text) {
      var data = JSON.parse(text);
      if (!data || data.format !== "searchcraft-saved-work" || typeof data.items !== "object") {
        throw new Error("it is not a SearchCraft export (made with 'Export my work')");
      }
      var count = 0;
      Object.keys(data.items).forEach(function (key) {
        if (key.indexOf(PREFIX) !== 0) return;
        var value = data.items[key];
        store.setItem(key, typeof value === "string" ? value : JSON.stringify(value));
        count++;
      });
      say("Imported " + count + " saved item(s) from " + file.name + ". Reload the page to see them in the exercises.");
    }).catch(function (error) {
      say("Could not import " + file.name + ": " + error.message + ". Nothing was changed.", true);
    }).then(function () { input.value = ""; });
  }

  function clearWork() {
    var keys = savedKeys();
    if (!keys.length) { say("There is no saved work in this browser."); return; }
    if (!window.confirm("Delete all your SearchCraft work saved in this browser (" + keys.length +
        " item(s))? Export it first if you want to keep it.")) return;
    var store = storage();
    keys.forEach(function (key) { store.removeItem(key); });
    store.removeItem(AUTOSTART);
    say("Cleared " + keys.length + " saved item(s) from this browser. Reload the page to start afresh.");
  }

  // ---- an offline copy (service worker), so a learner on a train can carry on ----------------------------
  function registerOfflineCopy() {
    if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
    navigator.serviceWorker.register(ROOT + "live-offline.js", { scope: ROOT }).catch(function (error) {
      console.warn("SearchCraft: no offline copy (" + error.message + ")");
    });
  }

  function keepForOffline() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      var urls = [location.href.split("#")[0]].concat(performance.getEntriesByType("resource").map(function (entry) {
        return entry.name;
      }));
      if (registration.active) registration.active.postMessage({ type: "keep", urls: urls });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var cells = document.querySelectorAll(".cell");
    cells.forEach(function (node) {
      var pre = node.querySelector(":scope > .cell_input pre");
      if (pre) live.cells.push({ node: node, source: pre.textContent, area: null });
    });
    if (!live.cells.length) return;                 // a page with no code has nothing to start
    var article = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
    addPanel(article);
    markStaticWidgets();
    if (autostartChosen()) {
      say("Starting Python by itself, as you chose (untick the box below to stop this).");
      goLive();
    }
  });
})();
