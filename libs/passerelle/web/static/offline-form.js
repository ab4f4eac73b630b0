// The maraude form without network (outreach's action_nouvelle.html). Its service worker
// (offline-worker.js) serves the form when the street has no network; an action sent then is kept in
// this browser (offline-queue.js) with its creation key and its author, and sent when the network comes
// back: by the worker (Background Sync), or by this page on its next load or its `online` event. The
// page says how many wait, and which the server refused and why, to be corrected or given up.
const offlineForm = document.querySelector("form[data-offline-queue]");
if (offlineForm && "serviceWorker" in navigator && "indexedDB" in window) {
  const author = offlineForm.elements.namedItem("saisi_par").value;
  const status = document.getElementById("offline-status");
  const refusedSection = document.getElementById("offline-refused");
  const worker = navigator.serviceWorker.register(`${offlineForm.dataset.offlineQueue}/hors-ligne.js`);

  const labelOf = (name) => {
    const field = offlineForm.elements.namedItem(name);
    const label = field && field.closest ? field.closest("label") : null;
    return label ? label.firstChild.textContent.trim() : "Formulaire";
  };
  const valueOf = (entry, name) => (entry.fields.find(([field]) => field === name) || [])[1] || "";
  const describe = (entry) => {
    const kind = offlineForm.querySelector(`#kind option[value="${CSS.escape(valueOf(entry, "kind"))}"]`);
    const day = valueOf(entry, "occurred_on");
    return [kind ? kind.textContent : "Action", day.split("-").reverse().join("/"), valueOf(entry, "commune")]
      .filter(Boolean).join(", ");
  };

  const show = async () => {
    const kept = await passerelleQueue.entries(author);
    const waiting = kept.filter((entry) => !entry.refused).length;
    status.hidden = waiting === 0;
    status.textContent = waiting === 1
      ? "1 action gardée sur ce téléphone, en attente d'envoi : elle partira dès que le réseau revient."
      : `${waiting} actions gardées sur ce téléphone, en attente d'envoi : elles partiront dès que le réseau revient.`;
    const refused = kept.filter((entry) => entry.refused);
    refusedSection.hidden = refused.length === 0;
    refusedSection.querySelector("ul").replaceChildren(...refused.map(refusedItem));
  };

  const refusedItem = (entry) => {
    const item = document.createElement("li");
    const what = document.createElement("strong");
    what.textContent = describe(entry);
    const reasons = document.createElement("ul");
    for (const [field, reason] of Object.entries(entry.refused)) {
      const line = document.createElement("li");
      line.textContent = `${labelOf(field)} : ${reason}`;
      reasons.append(line);
    }
    const correct = document.createElement("button");
    correct.type = "button";
    correct.textContent = "Corriger";
    correct.addEventListener("click", async () => {
      putBack(entry);
      await passerelleQueue.forget(entry.key);
      await show();
    });
    const giveUp = document.createElement("button");
    giveUp.type = "button";
    giveUp.className = "secondary outline";
    giveUp.textContent = "Abandonner";
    giveUp.addEventListener("click", async () => {
      if (window.confirm("Abandonner cette saisie ? Elle ne sera pas enregistrée.")) {
        await passerelleQueue.forget(entry.key);
        await show();
      }
    });
    item.append(what, reasons, correct, " ", giveUp);
    return item;
  };

  // Back in the form with its creation key: corrected and sent, it is still recorded once.
  const putBack = (entry) => {
    offlineForm.reset();
    for (const field of Array.from(offlineForm.elements).filter((field) => field.name)) {
      const values = entry.fields.filter(([name]) => name === field.name).map(([, value]) => value);
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = values.includes(field.value);
      } else if (values.length) {
        field.value = values[0];
      }
    }
    offlineForm.querySelectorAll("details").forEach((folded) => { folded.open = true; });
    offlineForm.elements.namedItem("kind").focus();
  };

  const send = async () => {
    await passerelleQueue.send(author);
    await show();
  };

  offlineForm.addEventListener("submit", async (event) => {
    if (navigator.onLine) {
      return;  // sent as any form; a sending that fails all the same is put back by its draft (passerelle.js)
    }
    event.preventDefault();
    const key = offlineForm.elements.namedItem("cle_envoi");
    await passerelleQueue.keep({
      key: key.value,
      author,
      url: offlineForm.action,
      fields: Array.from(new FormData(offlineForm)),
      kept: Date.now(),
    });
    offlineForm.dispatchEvent(new CustomEvent("passerelle:taken", { bubbles: true }));  // its draft goes
    offlineForm.reset();
    key.value = crypto.randomUUID();  // the next action is another one
    await show();
    status.focus();
    const registration = await navigator.serviceWorker.ready;
    if (registration.sync) {
      registration.sync.register("passerelle-maraude").catch(() => {});  // otherwise: next load, `online`
    }
  });
  window.addEventListener("online", send);
  navigator.serviceWorker.addEventListener("message", show);
  worker.catch(() => {});  // no worker (a private window): the form still works with network
  status.tabIndex = -1;
  (navigator.onLine ? send() : show());
}
