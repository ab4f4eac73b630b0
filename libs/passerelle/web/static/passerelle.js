// The pages' only script, a file because the Content-Security-Policy allows no inline script.
// A form with data-confirm="…" asks before it is sent (an erasure, a deletion).
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
