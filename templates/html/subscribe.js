// The calendar's full addresses, made here from the page's own address: the page
// names the feed only relatively ("plan.ics"), so its token appears in the
// address bar alone, and the links stay right under any path a proxy adds.
(() => {
  const box = document.getElementById("subscribe");
  if (!box) return;
  const feed = new URL("plan.ics", document.baseURI);
  const apple = document.getElementById("apple");
  const address = document.getElementById("feed-address");
  const copy = document.getElementById("copy");
  apple.href = "webcal://" + feed.host + feed.pathname;
  address.value = feed.href;
  address.hidden = false;
  document.getElementById("feed-link").hidden = true;
  if (feed.protocol !== "https:") {
    document.getElementById("plain-http").hidden = false;
  }
  address.addEventListener("focus", () => address.select());
  copy.hidden = false;
  copy.addEventListener("click", () => {
    const done = () => { copy.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(feed.href).then(done, () => address.select());
    } else {  // plain HTTP on a home network: no clipboard API, but a selection copies
      address.focus();
      address.select();
      if (document.execCommand("copy")) done();
    }
  });
})();
