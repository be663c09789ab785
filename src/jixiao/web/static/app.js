// The pages' only script besides htmx, a file because the Content-Security-Policy refuses inline
// script: a link marked data-back goes back a page (its href, the project list, is the fallback).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-back]") : null;
  if (link && history.length > 1) {
    event.preventDefault();
    history.back();
  }
});
