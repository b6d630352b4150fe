/* Citation previews and cited-line highlighting for the Lost in Starlight Wiki.
 *
 * A pinpoint link (a.pinpoint) carries its source's label, its lines and the
 * text of those lines in data- attributes. Hovering, focusing or tapping it
 * shows them in a small box placed right after the link (so Tab reaches the
 * box's own link next), described to screen readers with aria-describedby,
 * closed by Escape. Text is set with textContent only: sources are shown,
 * never interpreted. Without JavaScript the pinpoint is a plain link.
 *
 * On an archived page, ?lines=7,8,9 highlights every cited line.
 */
(() => {
  "use strict";
  const ID = "citation-preview";
  let box = null;
  let owner = null;
  let hideTimer = 0;
  let lastPointer = "mouse";
  let dismissed = null; // the link Escape just closed: focusing it again must not reopen

  const cancelHide = () => { clearTimeout(hideTimer); hideTimer = 0; };
  const hideSoon = () => { cancelHide(); hideTimer = setTimeout(() => close(false), 300); };

  function excerpt(link) {
    try {
      const lines = JSON.parse(link.dataset.excerpt || "[]");
      return Array.isArray(lines) ? lines.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function build(link) {
    const element = document.createElement("span");
    element.id = ID;
    element.className = "citation-preview";
    element.setAttribute("role", "tooltip");
    const heading = document.createElement("span");
    heading.className = "citation-preview-source";
    heading.textContent = `${link.dataset.source || ""}, ${link.dataset.lines || ""}`;
    const quote = document.createElement("span");
    quote.className = "citation-preview-excerpt";
    for (const line of excerpt(link)) {
      const part = document.createElement("span");
      part.className = "citation-preview-line";
      part.textContent = line;
      quote.append(part);
    }
    const checked = document.createElement("span");
    checked.className = "citation-preview-review";
    checked.textContent = "Checked by machine: citation, quotes, numbers, dates and names"
      + (link.dataset.review ? ` · ${link.dataset.review}` : "");
    const go = document.createElement("a");
    go.className = "citation-preview-link";
    go.href = link.href;
    go.textContent = `Read ${link.dataset.lines || "the lines"} in the archived source`;
    element.append(heading, quote, checked, go);
    element.addEventListener("mouseenter", cancelHide);
    element.addEventListener("mouseleave", hideSoon);
    return element;
  }

  function place() {
    if (!box || !owner) return;
    const margin = 8;
    const width = Math.min(448, window.innerWidth - 2 * margin);
    box.style.width = `${width}px`;
    const anchor = owner.getBoundingClientRect();
    const left = Math.max(margin, Math.min(anchor.left, window.innerWidth - width - margin));
    box.style.left = `${left}px`;
    const below = anchor.bottom + 6;
    const height = box.offsetHeight;
    const top = below + height > window.innerHeight && anchor.top - height - 6 > 0
      ? anchor.top - height - 6 : below;
    box.style.top = `${top}px`;
  }

  // A section drawn lazily (content-visibility: auto, for speed) contains its
  // fixed-position descendants: the box would be placed, and clipped, within the
  // section instead of the window. While a preview is open its sections draw as usual.
  let uncontained = [];
  function uncontain(link) {
    for (let e = link.parentElement; e; e = e.parentElement) {
      if (getComputedStyle(e).contentVisibility === "auto") {
        e.style.contentVisibility = "visible";
        uncontained.push(e);
      }
    }
  }
  function recontain() {
    for (const e of uncontained) e.style.contentVisibility = "";
    uncontained = [];
  }

  function open(link) {
    cancelHide();
    if (owner === link) return;
    close(false);
    owner = link;
    uncontain(link);
    box = build(link);
    link.after(box);
    link.setAttribute("aria-describedby", ID);
    link.setAttribute("aria-expanded", "true");
    place();
  }

  function close(returnFocus) {
    cancelHide();
    if (!box) return;
    const link = owner;
    box.remove();
    box = null;
    owner = null;
    recontain();
    link.removeAttribute("aria-describedby");
    link.setAttribute("aria-expanded", "false");
    if (returnFocus) {
      dismissed = link;
      link.focus();
    }
  }

  const pinpoint = (target) => (target instanceof Element ? target.closest("a.pinpoint") : null);
  const inside = (target) => target instanceof Node && ((box && box.contains(target)) ||
    (owner && owner.contains(target)));

  let openBeforeTap = false; // was this link's preview already open when the tap began?
  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType;
    openBeforeTap = owner !== null && owner === pinpoint(event.target);
  });
  document.addEventListener("mouseover", (event) => {
    const link = pinpoint(event.target);
    if (link && lastPointer !== "touch") open(link);
  });
  document.addEventListener("mouseout", (event) => {
    if (pinpoint(event.target) && !inside(event.relatedTarget)) hideSoon();
  });
  document.addEventListener("focusin", (event) => {
    const link = pinpoint(event.target);
    if (link && link === dismissed) return;
    dismissed = null;
    if (link) open(link);
    else if (!inside(event.target)) close(false);
  });
  document.addEventListener("click", (event) => {
    const link = pinpoint(event.target);
    if (link && lastPointer === "touch" && !openBeforeTap) {
      event.preventDefault(); // first tap shows the preview; its link follows
      open(link);
    } else if (!link && !inside(event.target)) {
      close(false);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && box) close(true);
  });
  window.addEventListener("resize", place);
  window.addEventListener("scroll", place, { passive: true });

  function highlightCitedLines() {
    const wanted = new URLSearchParams(window.location.search).get("lines");
    const numbers = (wanted || "").split(",").filter((n) => /^\d+$/.test(n));
    if (window.location.hash.match(/^#L\d+$/)) numbers.push(window.location.hash.slice(2));
    for (const number of numbers) {
      const line = document.getElementById(`L${number}`);
      if (line && line.classList.contains("source-line")) line.classList.add("cited-line");
    }
  }
  highlightCitedLines();
  window.addEventListener("hashchange", highlightCitedLines);
})();
