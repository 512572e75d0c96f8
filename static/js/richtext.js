/* A small toolbar for body text in the admin: it wraps the selection in the HTML an editor may use.
 * Progressive enhancement: without this script the field is a plain textarea. No build step, no inline code. */
(function () {
  "use strict";

  var BUTTONS = [
    { label: "Tussenkop", title: "Tussenkop (niveau 2)", before: "<h2>", after: "</h2>", block: true },
    { label: "Subkop", title: "Kleinere tussenkop (niveau 3)", before: "<h3>", after: "</h3>", block: true },
    { label: "Alinea", title: "Alinea", before: "<p>", after: "</p>", block: true },
    { label: "Vet", title: "Vet", before: "<strong>", after: "</strong>" },
    { label: "Cursief", title: "Cursief", before: "<em>", after: "</em>" },
    { label: "Opsomming", title: "Opsomming met bolletjes", list: "ul" },
    { label: "Genummerd", title: "Genummerde lijst", list: "ol" },
    { label: "Link", title: "Link naar een webadres", link: true },
    { label: "Citaat", title: "Citaat", before: "<blockquote><p>", after: "</p></blockquote>", block: true }
  ];

  function replaceSelection(textarea, text, selectFrom, selectTo) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    textarea.setRangeText(text, start, end, "end");
    if (selectFrom !== undefined) {
      textarea.setSelectionRange(start + selectFrom, start + selectTo);
    }
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
  }

  function apply(textarea, button) {
    var selected = textarea.value.substring(textarea.selectionStart, textarea.selectionEnd);
    if (button.list) {
      var lines = (selected || "").split(/\n+/).filter(function (line) { return line.trim() !== ""; });
      if (!lines.length) { lines = [""]; }
      var items = lines.map(function (line) { return "  <li>" + line.trim() + "</li>"; }).join("\n");
      replaceSelection(textarea, "<" + button.list + ">\n" + items + "\n</" + button.list + ">\n");
      return;
    }
    if (button.link) {
      var url = window.prompt("Webadres van de link (begint met https://):", "https://");
      if (!url || !/^(https?:\/\/|mailto:|tel:|\/)/.test(url)) { textarea.focus(); return; }
      var safeUrl = url.replace(/"/g, "%22");
      var text = selected || "linktekst";
      replaceSelection(textarea, '<a href="' + safeUrl + '">' + text + "</a>");
      return;
    }
    var before = button.before;
    var after = button.after + (button.block ? "\n" : "");
    replaceSelection(textarea, before + selected + after, before.length, before.length + selected.length);
  }

  function enhance(textarea) {
    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Opmaak van de tekst");
    toolbar.setAttribute("aria-controls", textarea.id);
    BUTTONS.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.className = "richtext-toolbar__button";
      element.textContent = button.label;
      element.title = button.title;
      element.addEventListener("click", function () { apply(textarea, button); });
      toolbar.appendChild(element);
    });
    textarea.parentNode.insertBefore(toolbar, textarea);
  }

  function init() {
    document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
