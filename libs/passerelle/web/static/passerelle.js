// The pages' only script, a file because the Content-Security-Policy allows no inline script.
// A form with data-confirm="…" asks before it is sent (an erasure, a deletion).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A form refused: its summary of errors takes the focus, so that a screen reader and a keyboard start there.
document.querySelector("[data-focus-on-load]")?.focus();

// Signed out: the pages kept for a maraude without network (offline-worker.js) go too. The entries
// waiting to be sent stay: they go when their author signs in again.
if (document.querySelector("[data-signed-out]") && window.caches) {
  caches.keys().then((names) => names.filter((name) => name.startsWith("passerelle-")).forEach((name) => caches.delete(name)));
}

// A warning five minutes before the session ends, and a button that extends it (a refresh with the
// identity provider), so that a long form is not lost at sign-in.
const sessionEnds = document.body.dataset.sessionEnds;
if (sessionEnds) {
  const warning = document.getElementById("session-warning");
  let endsAt = Date.parse(sessionEnds);
  let timer;
  const schedule = () => {
    clearTimeout(timer);
    warning.hidden = true;
    timer = setTimeout(() => { warning.hidden = false; }, Math.max(0, endsAt - Date.now() - 5 * 60 * 1000));
  };
  document.getElementById("session-keep").addEventListener("click", async () => {
    const answer = await fetch(document.body.dataset.sessionKeepalive, { method: "POST", credentials: "same-origin" });
    if (answer.ok) {
      endsAt = Date.parse((await answer.json()).ends_at);
      schedule();
    } else {
      window.location.reload();  // the session is over: the sign-in brings the person back here
    }
  });
  schedule();
}

// Nothing typed is lost. Each form that creates (it carries a creation key, cle_envoi) keeps a draft in
// this browser as it is typed, for the signed-in person (data-draft-owner) and the page. When the form
// shows again empty, after a sending that never reached the server (no network), after the session
// ended and the sign-in, or in a tab opened again, the draft is put back, its creation key with it: sent
// twice, it is still recorded once. The server says which form it took (the passerelle_taken cookie holds
// its creation key): that draft goes. Signing out forgets them all.
const draftOwner = document.body.dataset.draftOwner;
if (draftOwner) {
  const prefix = `passerelle-draft ${draftOwner} `;
  const creationKey = (form) => form.elements.namedItem("cle_envoi");
  const drafting = (form) => form instanceof HTMLFormElement && form.method === "post" && creationKey(form);
  const draftKey = (form) => `${prefix}${window.location.pathname} ${Array.from(document.forms).indexOf(form)}`;
  const keptFields = (form) => Array.from(form.elements).filter(
    (field) => field.name && (field.name === "cle_envoi" || !["hidden", "file", "password", "submit", "button"].includes(field.type)),
  );
  const save = (form) => {
    const fields = keptFields(form).map((field) => ({ name: field.name, value: field.value, checked: field.checked }));
    localStorage.setItem(draftKey(form), JSON.stringify({ key: creationKey(form).value, saved: Date.now(), fields }));
  };
  const drafts = () => Object.keys(localStorage).filter((name) => name.startsWith("passerelle-draft "));
  for (const kind of ["input", "change", "submit"]) {
    document.addEventListener(kind, (event) => {
      const form = event.target.form || event.target;
      if (drafting(form) && !event.defaultPrevented) {
        save(form);
      }
    });
  }
  document.addEventListener("submit", (event) => {
    if ((event.target.getAttribute("action") || "").endsWith("/deconnexion")) {
      drafts().forEach((name) => localStorage.removeItem(name));  // a shared computer keeps nothing typed
    }
  });
  // A form kept to be sent later (the maraude's, offline-form.js) is no draft any more.
  document.addEventListener("passerelle:taken", (event) => localStorage.removeItem(draftKey(event.target)));
  const taken = document.cookie.split("; ").find((cookie) => cookie.startsWith("passerelle_taken="));
  if (taken) {
    document.cookie = "passerelle_taken=; Max-Age=0; path=/";
    const key = decodeURIComponent(taken.split("=")[1]);
    drafts().filter((name) => (JSON.parse(localStorage.getItem(name)) || {}).key === key)
      .forEach((name) => localStorage.removeItem(name));
  }
  const refused = document.querySelector("#form-errors, #problem, .field-error");
  for (const form of Array.from(document.forms).filter(drafting)) {
    const draft = JSON.parse(localStorage.getItem(draftKey(form)) || "null");
    if (!draft || refused) {
      continue;  // a refused form comes back with what was sent in it, and keeps its draft
    }
    keptFields(form).forEach((field, index) => {
      const kept = draft.fields[index];
      if (!kept || kept.name !== field.name) {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = kept.checked;
      } else {
        field.value = kept.value;
      }
    });
    const folded = form.closest("details");
    if (folded) {
      folded.open = true;
    }
    const notice = document.createElement("p");
    notice.className = "draft-restored";
    notice.setAttribute("role", "status");
    const when = new Date(draft.saved).toLocaleString("fr-FR", { dateStyle: "long", timeStyle: "short" });
    notice.textContent = `Brouillon du ${when} : ce que vous aviez saisi est remis ici. Vérifiez-le, puis envoyez. `;
    const forget = document.createElement("button");
    forget.type = "button";
    forget.className = "secondary outline";
    forget.textContent = "Effacer le brouillon";
    forget.addEventListener("click", () => {
      localStorage.removeItem(draftKey(form));
      window.location.reload();
    });
    notice.append(forget);
    form.before(notice);
  }
}

// A button with data-print prints the page (the tracking code, kept on paper).
document.querySelectorAll("[data-print]").forEach((button) => button.addEventListener("click", () => window.print()));
