/* Sargas UI: upload zone (drag-and-drop or picker, several files, progress bars), live state
   polling (an upload's row shows its final state and, for a rejected file, why) and the ticket's
   attachment list refreshed in place once a file is done. No framework, nothing loaded from
   elsewhere; text from the server is only ever set as textContent. */
(function () {
  "use strict";

  function poll(el) {
    var url = el.getAttribute("data-poll");
    var tries = 0;
    function tick() {
      tries += 1;
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (s && s.state !== "processing") {
            if (el.getAttribute("data-reload")) { window.location.reload(); return; }
            if (el.tagName === "TR") { refreshList(); return; }
            var badge = el.querySelector("[data-state]");
            if (badge) { badge.textContent = s.label; badge.className = "badge s-" + s.state; }
            if (el.onsettled) { el.onsettled(s); }
            return;
          }
          if (s) { showPages(el, s); }
          if (tries < 1200) { setTimeout(tick, tries < 20 ? 1000 : 3000); }
        })
        .catch(function () { if (tries < 1200) { setTimeout(tick, 3000); } });
    }
    setTimeout(tick, 800);
  }

  var refreshing = null;
  /* Re-read this page and swap in its attachment list (same origin; no reload, the upload rows stay). */
  function refreshList() {
    var current = document.getElementById("attachments");
    if (!current || !window.DOMParser) { return; }
    if (refreshing) { return; }
    refreshing = fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        refreshing = null;
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("attachments");
        var now = document.getElementById("attachments");
        if (fresh && now) {
          now.replaceWith(document.importNode(fresh, true));
          document.querySelectorAll("#attachments [data-poll]").forEach(poll);
        }
      })
      .catch(function () { refreshing = null; });
  }

  function settled(zone, li, a, status, s) {
    a.textContent = zone.getAttribute("data-msg-open") || a.textContent;
    var info = document.createElement("span");
    info.className = "reason small";
    if (s.state === "rejected") {
      li.classList.add("rejected");
      info.textContent = s.reason || "";
      info.setAttribute("role", "alert");
    } else if (s.hidden) {
      info.textContent = s.hidden;
    }
    if (info.textContent) { status.appendChild(document.createTextNode(" ")); status.appendChild(info); }
    refreshList();
  }

  // pages done / total of a long document while it is processed (a progress bar in its row)
  function showPages(el, s) {
    var box = el.querySelector("[data-pages]");
    if (!box || !s.pages_total) { return; }
    var bar = box.querySelector("progress");
    bar.max = s.pages_total; bar.value = s.pages_done || 0;
    var label = box.querySelector("[data-pages-label]");
    if (label && s.pages_label) { label.textContent = s.pages_label; }
    box.hidden = false;
  }

  function uploadOne(zone, list, file) {
    var li = document.createElement("li");
    var name = document.createElement("span");
    name.className = "fname";
    name.textContent = file.name;
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", file.name);
    var status = document.createElement("span");
    status.className = "ustatus";
    li.appendChild(name); li.appendChild(bar); li.appendChild(status);
    list.appendChild(li);

    var form = new FormData();
    form.append("file", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", zone.getAttribute("data-upload-url"));
    xhr.setRequestHeader("X-CSRF-Token", zone.getAttribute("data-csrf"));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
    };
    xhr.onload = function () {
      var body = null;
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
      if (xhr.status === 202 && body) {
        bar.value = 100;
        li.className = "ok";
        var a = document.createElement("a");
        a.href = body.url;
        a.textContent = zone.getAttribute("data-msg-done");
        status.appendChild(a);
        var badge = document.createElement("span");
        badge.setAttribute("data-state", "");
        badge.className = "badge s-processing";
        status.appendChild(document.createTextNode(" "));
        status.appendChild(badge);
        li.setAttribute("data-poll", "/ui/attachments/" + body.id + "/state");
        li.setAttribute("data-attachment", body.id);
        li.onsettled = function (s) { settled(zone, li, a, status, s); a.focus(); };
        poll(li);
        refreshList();  // the new file appears in the list at once, as "processing"
      } else {
        li.className = "err";
        status.textContent = (body && body.message) || zone.getAttribute("data-msg-failed");
        status.setAttribute("role", "alert");
      }
    };
    xhr.onerror = function () {
      li.className = "err";
      status.textContent = zone.getAttribute("data-msg-failed");
    };
    xhr.send(form);
  }

  function initZone(zone) {
    var list = document.getElementById("uploads");
    var input = document.getElementById("files");
    function send(files) { for (var i = 0; i < files.length; i++) { uploadOne(zone, list, files[i]); } }
    input.addEventListener("change", function () { send(input.files); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) { if (e.dataTransfer) { send(e.dataTransfer.files); } });
  }

  function confirmForms() {
    document.querySelectorAll("form[data-confirm]").forEach(function (f) {
      f.addEventListener("submit", function (e) {
        if (!window.confirm(f.getAttribute("data-confirm"))) { e.preventDefault(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var zone = document.getElementById("dropzone");
    if (zone) { initZone(zone); }
    document.querySelectorAll("[data-poll]").forEach(poll);
    confirmForms();
  });
})();
