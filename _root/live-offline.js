// SearchCraft's offline copy: a service worker that keeps the pages a learner has opened and the files
// Python needs (Pyodide, wheels, the practice database), so the course keeps working with no network.
// It only ever fetches from this site. Registered by _static/live-python.js when the learner starts
// Python on a page.
"use strict";
const CACHE = "searchcraft-site-v1";

async function keep(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(urls.map(async (url) => {
    if (new URL(url, self.location.href).origin !== self.location.origin) return;
    try {
      if (await cache.match(url)) return;
      const response = await fetch(url);
      if (response.ok && response.status === 200) await cache.put(url, response);
    } catch (error) {
      /* offline now: keep what we have */
    }
  }));
}

async function manifestFiles() {
  const base = new URL("_static/", self.registration.scope).href;
  try {
    const manifest = await (await fetch(base + "wheels/manifest.json")).json();
    // What a page loads: with the byte-compiled start-up files it needs neither Pyodide's own
    // standard library nor the wheels (the lab keeps its own offline copy of those).
    const compiled = manifest.stdlib && manifest.site_packages;
    const pyodide = manifest.pyodide.files.filter((f) => !(compiled && f.file.endsWith("/python_stdlib.zip")));
    const python = compiled ? [manifest.stdlib, manifest.site_packages] : manifest.wheels;
    const files = [...pyodide, ...python, manifest.database, manifest.course_files, manifest.bundled_facts]
      .filter(Boolean);
    return [base + "wheels/manifest.json", ...files.map((f) => base + f.file)];
  } catch (error) {
    return [];
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(manifestFiles().then(keep).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "keep" && Array.isArray(event.data.urls)) {
    event.waitUntil(keep(event.data.urls));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const unchanging = url.pathname.includes("/_static/pyodide/");
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached && unchanging) return cached;
    // Everything else: the network when it answers (kept for next time), else the kept copy.
    try {
      const response = await fetch(request);
      if (response.ok && response.status === 200) cache.put(request, response.clone());
      return response;
    } catch (error) {
      if (cached) return cached;
      throw error;
    }
  }));
});
