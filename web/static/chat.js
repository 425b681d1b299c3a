/* Chat page enhancement: stream the answer from /api/chat/stream, open cited passages in a
   side panel, and send feedback without leaving the page. Without JavaScript the forms post
   to the server and the same answer is rendered there. No inline scripts: CSP-friendly. */
(function () {
  "use strict";

  var form = document.querySelector("[data-ask-form]");
  var region = document.querySelector("[data-answer-region]");
  var panel = document.querySelector("[data-source-panel]");
  if (!form || !region || !window.fetch || !window.ReadableStream || !window.TextDecoder) {
    return;
  }
  var button = form.querySelector("[data-ask-button]");
  var lastTrigger = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function sourceHref(citation) {
    return "/sources/" + encodeURIComponent(citation.chunk_id) + "?quote=" +
      encodeURIComponent(citation.quote);
  }

  function citationLink(citation) {
    var link = el("a", {
      href: sourceHref(citation), "class": "citation-link",
      "data-chunk-id": citation.chunk_id, "data-quote": citation.quote,
      "aria-label": "Source " + citation.n + ": " + citation.title
    }, "[" + citation.n + "]");
    return link;
  }

  /* Answer text with each "[n]" turned into a link to its passage. */
  function renderAnswerText(target, text, citations) {
    var byNumber = {};
    (citations || []).forEach(function (c) { byNumber[c.n] = c; });
    target.textContent = "";
    var pattern = /\[(\d+)\]/g;
    var cursor = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var citation = byNumber[Number(match[1])];
      if (!citation) { continue; }
      target.appendChild(document.createTextNode(text.slice(cursor, match.index)));
      target.appendChild(citationLink(citation));
      cursor = match.index + match[0].length;
    }
    target.appendChild(document.createTextNode(text.slice(cursor)));
  }

  var HOURS = { any: "Any time", office: "Office hours",
    out_of_hours: "Evenings, weekends and bank holidays" };

  function tel(number) { return "tel:" + number.replace(/\s+/g, ""); }

  function renderContacts(contacts, heading, id) {
    var section = el("section", { "class": "contacts", "aria-labelledby": id + "-heading" });
    section.appendChild(el("h2", { "class": "heading-m", id: id + "-heading" }, heading));
    var list = el("ul", { "class": "contact-list" });
    contacts.forEach(function (c) {
      var item = el("li", { "class": "contact-card" + (c.phone === "999" ? " contact-card--emergency" : "") });
      item.appendChild(el("h3", { "class": "contact-card__name" }, c.name));
      var dl = el("dl", { "class": "contact-card__ways" });
      if (c.phone) {
        dl.appendChild(el("dt", {}, "Phone"));
        var dd = el("dd");
        dd.appendChild(el("a", { href: tel(c.phone) }, c.phone));
        if (c.phone_alt) {
          dd.appendChild(document.createTextNode(" or "));
          dd.appendChild(el("a", { href: tel(c.phone_alt) }, c.phone_alt));
        }
        dl.appendChild(dd);
      }
      if (c.email) {
        dl.appendChild(el("dt", {}, "Email"));
        var mail = el("dd");
        mail.appendChild(el("a", { href: "mailto:" + c.email }, c.email));
        dl.appendChild(mail);
      }
      if (c.hours) {
        dl.appendChild(el("dt", {}, "When"));
        dl.appendChild(el("dd", {}, HOURS[c.hours] || c.hours));
      }
      dl.appendChild(el("dt", {}, "Last checked"));
      var checked = el("dd");
      checked.appendChild(el("time", { datetime: c.last_verified }, c.last_verified));
      dl.appendChild(checked);
      item.appendChild(dl);
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  function renderSources(citations) {
    var section = el("section", { "class": "sources", "aria-labelledby": "sources-heading" });
    section.appendChild(el("h2", { "class": "heading-m", id: "sources-heading" }, "Sources"));
    var list = el("ol", { "class": "source-list" });
    citations.forEach(function (c) {
      var item = el("li", { value: String(c.n) });
      var link = citationLink(c);
      link.textContent = c.title;
      link.removeAttribute("aria-label");
      item.appendChild(link);
      var where = [c.section, c.page ? "page " + c.page : null, c.date].filter(Boolean).join(" · ");
      item.appendChild(el("span", { "class": "hint" }, where));
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  /* One streamed answer: builds the same structure the server renders. */
  function AnswerView() {
    region.textContent = "";
    this.top = el("div");
    this.section = el("section", { "class": "answer", "aria-labelledby": "answer-heading" });
    this.section.appendChild(el("h2", { "class": "heading-m", id: "answer-heading" }, "Answer"));
    this.text = el("p", { "class": "answer__text status-busy", "data-answer-text": "" });
    this.section.appendChild(this.text);
    this.after = el("div");
    region.appendChild(this.top);
    region.appendChild(this.section);
    region.appendChild(this.after);
    this.sentences = [];
    this.urgent = false;
  }
  AnswerView.prototype.meta = function (data) {
    this.urgent = Boolean(data.urgent);
    if (this.urgent) {
      this.section.classList.add("answer--urgent");
      var notice = el("div", { "class": "urgent-notice", role: "alert" });
      notice.appendChild(el("h2", { "class": "heading-m" }, "This sounds urgent"));
      var p = el("p", {}, "If a child is in immediate danger call ");
      p.appendChild(el("a", { href: "tel:999" }, "999"));
      p.appendChild(document.createTextNode(" now. The contacts below are for right now."));
      notice.appendChild(p);
      this.top.appendChild(notice);
    }
    (data.warnings || []).forEach(function (w) {
      var box = el("div", { "class": "warning-text" });
      box.appendChild(el("strong", {}, "Note:"));
      box.appendChild(document.createTextNode(" " + w));
      this.top.appendChild(box);
    }, this);
    var field = form.querySelector("[data-conversation-field]");
    if (field) { field.value = data.conversation_id; }
  };
  AnswerView.prototype.token = function (sentence) {
    this.sentences.push(sentence);
    this.text.textContent = this.sentences.join(" ");
  };
  AnswerView.prototype.citations = function (citations) {
    this.cited = citations;
    renderAnswerText(this.text, this.sentences.join(" "), citations);
    if (citations.length) { this.after.appendChild(renderSources(citations)); }
  };
  AnswerView.prototype.contacts = function (contacts) {
    if (!contacts.length) { return; }
    if (this.urgent && !this.sentences.length) {
      this.top.appendChild(renderContacts(contacts, "Contact now", "urgent-contacts"));
    } else {
      this.after.appendChild(renderContacts(contacts, "Who to contact", "answer-contacts"));
    }
  };
  AnswerView.prototype.done = function (response) {
    this.text.classList.remove("status-busy");
    renderAnswerText(this.text, response.answer, response.citations);
    var feedback = buildFeedback(response.conversation_id);
    if (feedback) { this.after.appendChild(feedback); }
  };

  function buildFeedback(conversationId) {
    var existing = document.querySelector("[data-feedback-source]");
    if (!existing) { return null; }
    var copy = existing.content ? existing.content.cloneNode(true) : null;
    if (!copy) { return null; }
    var formNode = copy.querySelector("[data-feedback-form]");
    formNode.querySelector("[data-conversation-field]").value = conversationId;
    return copy;
  }

  function parseEvents(buffer, onEvent) {
    var parts = buffer.split("\n\n");
    var rest = parts.pop();
    parts.forEach(function (block) {
      var type = "message";
      var data = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) { type = line.slice(6).trim(); }
        else if (line.indexOf("data:") === 0) { data.push(line.slice(5).trim()); }
      });
      if (data.length) { onEvent(type, JSON.parse(data.join("\n"))); }
    });
    return rest;
  }

  function showError(message) {
    region.textContent = "";
    var box = el("div", { "class": "error-summary", role: "alert" });
    box.appendChild(el("h2", { "class": "heading-m" }, "There is a problem"));
    box.appendChild(el("p", {}, message));
    region.appendChild(box);
  }

  form.addEventListener("submit", function (event) {
    var question = form.querySelector("#question").value.trim();
    if (!question) { return; } // let the server explain, with the page's error pattern
    event.preventDefault();
    var conversation = form.querySelector("[data-conversation-field]").value || null;
    button.disabled = true;
    region.setAttribute("aria-busy", "true");
    var view = new AnswerView();
    var decoder = new TextDecoder();
    var buffer = "";
    fetch("/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
      body: JSON.stringify({ question: question, conversation_id: conversation })
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (body) {
          throw new Error(body && body.error ? body.error.message : "The answer could not be loaded.");
        });
      }
      var reader = response.body.getReader();
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { return; }
          buffer += decoder.decode(chunk.value, { stream: true });
          buffer = parseEvents(buffer, function (type, data) {
            if (typeof view[type] === "function") { view[type](data); }
          });
          return pump();
        });
      }
      return pump();
    }).catch(function (error) {
      showError(error.message || "The answer could not be loaded. Try again.");
    }).then(function () {
      button.disabled = false;
      region.removeAttribute("aria-busy");
    });
  });

  /* Side panel: the exact passage, quote marked, from /api/sources/{id}. */
  function closePanel() {
    if (!panel) { return; }
    panel.hidden = true;
    if (lastTrigger) { lastTrigger.focus(); }
  }

  function openPanel(link) {
    var id = link.getAttribute("data-chunk-id");
    var quote = link.getAttribute("data-quote") || "";
    lastTrigger = link;
    fetch("/api/sources/" + encodeURIComponent(id) + "?quote=" + encodeURIComponent(quote), {
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("not found"); }
      return response.json();
    }).then(function (source) {
      panel.querySelector("[data-source-title]").textContent = source.title;
      var meta = [source.section, source.page ? "page " + source.page : null,
        source.date || "undated"].filter(Boolean).join(" · ");
      panel.querySelector("[data-source-meta]").textContent = meta;
      var passage = panel.querySelector("[data-source-passage]");
      passage.textContent = "";
      source.segments.forEach(function (segment) {
        passage.appendChild(segment.marked ? el("mark", {}, segment.text)
          : document.createTextNode(segment.text));
      });
      panel.querySelector("[data-source-link]").setAttribute("href", link.getAttribute("href"));
      panel.hidden = false;
      panel.querySelector("[data-source-title]").focus();
    }).catch(function () {
      window.location.href = link.getAttribute("href");
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.citation-link") : null;
    if (link && panel && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      openPanel(link);
    }
  });
  if (panel) {
    panel.querySelector("[data-source-close]").addEventListener("click", closePanel);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closePanel(); }
    });
  }

  /* Feedback: post JSON, say thanks in the status line. */
  document.addEventListener("submit", function (event) {
    var feedback = event.target.closest ? event.target.closest("[data-feedback-form]") : null;
    if (!feedback) { return; }
    event.preventDefault();
    var submitter = event.submitter || feedback.querySelector("button[value]");
    var status = feedback.querySelector("[data-feedback-status]");
    fetch("/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({
        conversation_id: feedback.querySelector("[data-conversation-field]").value || null,
        rating: submitter ? submitter.value : "up",
        reason: feedback.querySelector("textarea").value || null
      })
    }).then(function (response) {
      status.textContent = response.ok ? "Thank you for your feedback."
        : "Sorry, your feedback could not be saved.";
      if (response.ok) {
        feedback.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }
    }).catch(function () {
      status.textContent = "Sorry, your feedback could not be saved.";
    });
  }, true);
}());
