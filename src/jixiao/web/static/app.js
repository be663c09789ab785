// The pages' only script besides htmx, a file because the Content-Security-Policy refuses inline
// script and handlers. Every form works without it; it only adds the two behaviours below.

// A link marked data-back goes back a page (its href, the project list, is the fallback).
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[data-back]") : null;
  if (link && history.length > 1) {
    event.preventDefault();
    history.back();
  }
});

// A form that undoes or locks something asks first: its button, the form itself or the option
// chosen in one of its lists carries data-confirm="the question". Listened to on the way down
// (capture), so a "no" stops the submit before htmx's own handler on the form sees it.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) {
    return;
  }
  const chosen = Array.from(form.querySelectorAll("select"), (list) => list.selectedOptions[0])
    .find((option) => option && option.dataset.confirm);
  const button = event.submitter instanceof HTMLElement ? event.submitter : null;
  const question = (button && button.dataset.confirm) || form.dataset.confirm || (chosen && chosen.dataset.confirm);
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
