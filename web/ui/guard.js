// Loaded before everything else, as a classic script. Until the page's module listens (it first downloads the
// page's language), a form sent by a quick click or Enter would be sent by the browser itself: a GET of the same
// address with the fields in its query, a password in the address bar, the history and the server's logs. Such
// early sends are dropped (the person sends again a moment later); the page's module marks `<html data-ready>`
// once its handlers are attached (dom.js, markReady). Pages without a module keep their forms as they are.
document.addEventListener(
  "submit",
  (ev) => {
    const root = document.documentElement;
    if (!root.hasAttribute("data-ready") && document.querySelector("script[type=module]")) ev.preventDefault();
  },
  true,
);
