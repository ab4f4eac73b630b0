// The pages' only script, a file because the Content-Security-Policy allows no inline script.
// A form with data-confirm="…" asks before it is sent (an erasure, a deletion).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

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
