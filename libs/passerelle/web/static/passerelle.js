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

// Nothing typed is lost to an ended session. A form sent by POST is kept in this tab (sessionStorage)
// until the next page shows: if the session had ended, the sign-in brings the person back to the
// form's page and the server says so (the passerelle_resumed cookie): what they typed is put back.
const DRAFTS = "passerelle-drafts";
const draftKey = (form) => `${window.location.pathname} ${Array.from(document.forms).indexOf(form)} ${form.getAttribute("action")}`;
const keptFields = (form) => Array.from(form.elements).filter(
  (field) => field.name && !["hidden", "file", "password", "submit", "button"].includes(field.type),
);
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || form.method !== "post" || "noDraft" in form.dataset) {
    return;
  }
  const drafts = JSON.parse(sessionStorage.getItem(DRAFTS) || "{}");
  drafts[draftKey(form)] = keptFields(form).map((field) => ({ name: field.name, value: field.value, checked: field.checked }));
  sessionStorage.setItem(DRAFTS, JSON.stringify(drafts));
});
const resumed = document.cookie.split("; ").includes("passerelle_resumed=1");
if (resumed) {
  document.cookie = "passerelle_resumed=; Max-Age=0; path=/";
  const drafts = JSON.parse(sessionStorage.getItem(DRAFTS) || "{}");
  for (const form of document.querySelectorAll("form[method=post]")) {
    const draft = drafts[draftKey(form)];
    if (!draft) {
      continue;
    }
    keptFields(form).forEach((field, index) => {
      const kept = draft[index];
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
    notice.textContent = "Votre session avait pris fin : ce que vous aviez saisi est remis ici. Vérifiez-le, puis envoyez à nouveau.";
    form.before(notice);
  }
}
sessionStorage.removeItem(DRAFTS);  // sent and answered, or put back above: kept no longer
