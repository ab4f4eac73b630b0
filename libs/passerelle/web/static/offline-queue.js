// The maraude's entries kept in this browser while there is no network, until the server takes them:
// IndexedDB through idb-keyval. Shared by the maraude's page (offline-form.js) and its service worker
// (offline-worker.js): either may send them, and each entry's creation key (cle_envoi) makes a second
// sending record nothing more.
self.passerelleQueue = (() => {
  const store = idbKeyval.createStore("passerelle-maraude", "entries");

  // An entry: { key, author, url, fields: [[name, value], …], kept: ms, refused: {field: reason} | undefined }
  const keep = (entry) => idbKeyval.set(entry.key, entry, store);
  const entries = async (author) => (await idbKeyval.values(store))
    .filter((entry) => author === undefined || entry.author === author)
    .sort((a, b) => a.kept - b.kept);
  const forget = (key) => idbKeyval.del(key, store);

  // Sends the waiting entries (of one author, or all), oldest first. Says how it ended: "sent" (none
  // waits that could go), "offline" (no network: try again later), "signed-out" (the session ended:
  // they wait for the next sign-in), "unavailable" (the server failed: try again later).
  const send = async (author) => {
    for (const entry of await entries(author)) {
      if (entry.refused) {
        continue;
      }
      let answer;
      try {
        answer = await fetch(entry.url, {
          method: "POST",
          body: new URLSearchParams(entry.fields),
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          redirect: "manual",
        });
      } catch {
        return "offline";
      }
      if (answer.status === 201) {
        await forget(entry.key);
      } else if (answer.status === 422) {
        await keep({ ...entry, refused: (await answer.json()).errors });
      } else if (answer.type === "opaqueredirect" || answer.status === 401) {
        return "signed-out";
      } else if (answer.status !== 409) {  // 409: another person's entry, sent when they sign in again
        return "unavailable";
      }
    }
    return "sent";
  };

  return { keep, entries, forget, send };
})();
