// SearchCraft's offline copy of the course's JupyterLab (JupyterLite), written by `searchcraft course lab`
// over JupyterLite's own lab/service-worker.js (the address the lab registers).
//
// JupyterLite's worker (imported at the end) answers the kernel's file requests (/api/drive, /api/stdin)
// but keeps nothing for offline use: it caches only with enableServiceWorkerCache, never anything under
// /api/ (the lab's file listing and settings), and only what a page asks for after the worker controls it
// (not the first visit's application files). This worker, registered first, answers every other request
// of the lab: from the network when it answers (keeping a copy), else from the kept copy. In the
// background it also keeps every file listed in offline-files.json (the whole lab, the site's Pyodide and
// wheels), so after one visit the lab opens and runs with no network at all. It only ever fetches from
// this site.
"use strict";
const SEARCHCRAFT_LAB_CACHE = "searchcraft-lab-v1";
const SEARCHCRAFT_LAB_ROOT = new URL("./", self.location.href).href;
let searchcraftPass = null;
let searchcraftAllKept = false;

function searchcraftJupyterLiteOwn(url) {
  return url.pathname.includes("/api/drive") || url.pathname.includes("/api/stdin/") ||
    url.pathname.endsWith("/api/service-worker-heartbeat");
}

async function searchcraftKeepAll() {
  const cache = await caches.open(SEARCHCRAFT_LAB_CACHE);
  let listing;
  try {
    listing = await (await fetch(SEARCHCRAFT_LAB_ROOT + "offline-files.json", { cache: "no-cache" })).json();
  } catch (error) {
    return;                                   // offline now: keep what we have
  }
  const urls = listing.files.map((file) => new URL(file, SEARCHCRAFT_LAB_ROOT).href)
    .filter((url) => new URL(url).origin === self.location.origin);
  let next = 0;
  let missing = 0;
  async function worker() {
    while (next < urls.length) {
      const url = urls[next++];
      try {
        if (await cache.match(url)) continue;
        const response = await fetch(url);
        if (response.ok && response.status === 200) await cache.put(url, response);
        else missing++;
      } catch (error) {
        missing++;                            /* offline now: keep what we have */
      }
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  searchcraftAllKept = missing === 0;
}

function searchcraftKeeping() {
  if (searchcraftAllKept) return Promise.resolve();
  if (searchcraftPass === null) {
    searchcraftPass = searchcraftKeepAll().finally(() => { searchcraftPass = null; });
  }
  return searchcraftPass;
}

async function searchcraftAnswer(request) {
  const cache = await caches.open(SEARCHCRAFT_LAB_CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached && new URL(request.url).pathname.includes("/_static/pyodide/")) return cached;   // never changes
  try {
    const response = await fetch(request);
    if (response.ok && response.status === 200) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || searchcraftJupyterLiteOwn(url)) {
    if (url.pathname.endsWith("/api/service-worker-heartbeat")) event.waitUntil(searchcraftKeeping());
    return;                                   // JupyterLite's own worker, below, answers these
  }
  event.stopImmediatePropagation();           // this worker answers: JupyterLite's would fetch again
  event.respondWith(searchcraftAnswer(event.request));
  event.waitUntil(searchcraftKeeping());
});

importScripts("./build/service-worker.js");
