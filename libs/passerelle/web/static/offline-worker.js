// The maraude form's service worker, served as /outreach/aller-vers/hors-ligne.js so that it governs
// the maraude's pages. Without network it serves the form and its assets as last seen, each time with a
// new creation key; it sends the entries kept offline when the browser says the network is back
// (Background Sync), as the page does on its next load or on its `online` event.
importScripts("../static/vendor/idb-keyval.js", "../static/passerelle/offline-queue.js");

const CACHE = "passerelle-maraude-v1";
const SYNC_TAG = "passerelle-maraude";
const at = (path) => new URL(path, self.location).pathname;
const FORM = at("nouvelle");
const KEPT = new Set([
  FORM,
  at("../static/vendor/pico.min.css"),
  at("../static/vendor/htmx.min.js"),
  at("../static/vendor/idb-keyval.js"),
  at("../static/passerelle/passerelle.css"),
  at("../static/passerelle/passerelle.js"),
  at("../static/passerelle/offline-queue.js"),
  at("../static/passerelle/offline-form.js"),
]);

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(Array.from(KEPT, (path) => keepAnswer(cache, path, fetch(path, { redirect: "manual" }))));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", (event) => {
  const path = new URL(event.request.url).pathname;
  if (event.request.method === "GET" && KEPT.has(path)) {
    event.respondWith(fromNetworkElseKept(event.request, path));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) {
    event.waitUntil(sendKept());
  }
});

async function keepAnswer(cache, path, answering) {
  try {
    const answer = await answering;
    if (answer.ok && !answer.redirected) {  // never a sign-in page in place of the form
      await cache.put(path, answer.clone());
    }
    return answer;
  } catch {
    return undefined;
  }
}

async function fromNetworkElseKept(request, path) {
  const cache = await caches.open(CACHE);
  const answer = await keepAnswer(cache, path, fetch(request));
  if (answer) {
    return answer;
  }
  const kept = await cache.match(path);
  if (!kept) {
    return Response.error();
  }
  return path === FORM ? withNewCreationKey(kept) : kept;
}

// The form as last seen carries the creation key of that display: each display without network gets
// its own, or two actions typed offline would be taken for one.
async function withNewCreationKey(kept) {
  const page = (await kept.text()).replace(/(name="cle_envoi" value=")[^"]*/, `$1${crypto.randomUUID()}`);
  return new Response(page, { status: 200, headers: kept.headers });
}

async function sendKept() {
  const ended = await passerelleQueue.send();
  for (const client of await self.clients.matchAll()) {
    client.postMessage("queue-changed");
  }
  if (ended === "offline" || ended === "unavailable") {
    throw new Error(`not sent yet: ${ended}`);  // the browser tries again later
  }
}
