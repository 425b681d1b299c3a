/* Chat page enhancement: a conversation thread streamed from /api/chat/stream, cited passages in
   a side panel, feedback, copy and print. Without JavaScript the form posts to the server, which
   redirects to the same thread (/?c=<id>). No inline scripts, no innerHTML of untrusted text:
   streamed blocks are built as DOM nodes; the finished answer is the server's sanitised HTML. */
(function () {
  "use strict";

  var form = document.querySelector("[data-ask-form]");
  var thread = document.querySelector("[data-thread]");
  var panel = document.querySelector("[data-source-panel]");
  if (!form || !thread || !window.fetch || !window.ReadableStream || !window.TextDecoder) {
    return;
  }
  var box = form.querySelector("#question");
  var field = form.querySelector("[data-conversation-field]");
  var working = document.querySelector("[data-working]");
  var status = document.querySelector("[data-chat-status]");
  var starters = document.querySelector("[data-starters]");
  var newConversation = form.querySelector("[data-new-conversation]");
  var busy = false;
  var lastTrigger = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function sourceHref(c) {
    return "/sources/" + encodeURIComponent(c.chunk_id) + "?quote=" + encodeURIComponent(c.quote);
  }

  var HOURS = { any: "Any time", office: "Office hours",
    out_of_hours: "Evenings, weekends and bank holidays" };

  function tel(number) { return "tel:" + number.replace(/\s+/g, ""); }

  /* The same cards as _contacts.html: the team first; 999 leads only when urgent. */
  function renderContacts(contacts, heading, id, urgent) {
    var section = el("div", { "class": "contacts", id: id });
    section.appendChild(el("h3", { "class": "heading-m", id: id + "-heading" }, heading));
    var cards = urgent ? contacts : contacts.filter(function (c) { return c.phone !== "999"; });
    var list = el("ul", { "class": "contact-list" });
    cards.forEach(function (c) {
      var item = el("li", { "class": "contact-card" + (c.phone === "999" ? " contact-card--emergency" : "") });
      item.appendChild(el("h4", { "class": "contact-card__name" }, c.name));
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
      if (c.due_for_review) {
        checked.appendChild(document.createTextNode(" "));
        checked.appendChild(el("strong", { "class": "tag tag--due" }, "Due for review"));
      }
      dl.appendChild(checked);
      item.appendChild(dl);
      list.appendChild(item);
    });
    if (cards.length) { section.appendChild(list); }
    if (!urgent) {
      contacts.filter(function (c) { return c.phone === "999"; }).forEach(function (c) {
        var p = el("p", { "class": "contacts__emergency" }, "If a child is in immediate danger, call ");
        p.appendChild(el("a", { href: tel(c.phone) }, c.phone));
        p.appendChild(document.createTextNode(" (" + c.name.toLowerCase() + ")."));
        section.appendChild(p);
      });
    }
    return section;
  }

  function citationWhere(c) {
    var section = c.section || "";
    [" > ", " — ", " - ", ": "].forEach(function (sep) {
      if (section.indexOf(c.title + sep) === 0) { section = section.slice((c.title + sep).length); }
    });
    if (section === c.title) { section = ""; }
    return [section, c.page ? "page " + c.page : "", c.date || ""].filter(Boolean).join(" · ");
  }

  function renderSources(citations, id) {
    var section = el("div", { "class": "sources" });
    section.appendChild(el("h3", { "class": "heading-m", id: id }, "Sources"));
    var list = el("ol", { "class": "source-list" });
    citations.forEach(function (c) {
      var item = el("li", { value: String(c.n) });
      item.appendChild(el("a", { href: sourceHref(c), "class": "citation-link",
        "data-chunk-id": c.chunk_id, "data-quote": c.quote }, c.title));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("span", { "class": "hint" }, citationWhere(c)));
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  /* One Markdown block as DOM nodes: a list item ("- x", "2. x"), an item under the step
     before it ("   - x"), or a paragraph. */
  function appendBlock(target, block) {
    var nested = /^\s{2,}[-*+]\s+/.exec(block);
    var last = target.lastElementChild;
    if (nested && last && (last.tagName === "OL" || last.tagName === "UL") && last.lastElementChild) {
      var owner = last.lastElementChild;
      var sub = owner.lastElementChild && owner.lastElementChild.tagName === "UL"
        ? owner.lastElementChild : owner.appendChild(el("ul"));
      sub.appendChild(el("li", {}, block.slice(nested[0].length)));
      return;
    }
    var numbered = /^\s*(\d+)[.)]\s+/.exec(block);
    var bullet = /^\s*[-*+]\s+/.exec(block);
    if (numbered || bullet) {
      var tag = numbered ? "OL" : "UL";
      var list = target.lastElementChild;
      if (!list || list.tagName !== tag) {
        list = el(tag.toLowerCase());
        if (numbered && numbered[1] !== "1") { list.setAttribute("start", numbered[1]); }
        target.appendChild(list);
      }
      list.appendChild(el("li", {}, block.slice((numbered || bullet)[0].length)));
    } else {
      target.appendChild(el("p", {}, block));
    }
  }

  /* Trusted, sanitised server HTML (answer_html) into the answer. */
  function setServerHtml(target, html) {
    var doc = new DOMParser().parseFromString("<div>" + html + "</div>", "text/html");
    target.textContent = "";
    Array.prototype.slice.call(doc.body.firstChild.childNodes).forEach(function (node) {
      target.appendChild(document.importNode(node, true));
    });
  }

  function turnNumber() { return thread.querySelectorAll("[data-turn]").length + 1; }

  /* One turn of the thread, built like _answer.html. */
  function TurnView() {
    this.n = turnNumber();
    var id = "turn-" + this.n;
    this.node = el("article", { "class": "turn", id: id, "aria-labelledby": id + "-question",
      "data-turn": "", "aria-busy": "true" });
    this.question = el("h2", { "class": "turn__question", id: id + "-question" });
    this.question.appendChild(el("span", { "class": "caption" }, "You asked"));
    this.question.appendChild(document.createTextNode(" …"));
    this.top = el("div");
    this.section = el("div", { "class": "answer" });
    this.heading = el("h3", { "class": "heading-m answer__heading", id: id + "-answer", tabindex: "-1" }, "Answer");
    this.text = el("div", { "class": "answer__text", "data-answer-text": "" });
    this.section.appendChild(this.heading);
    this.section.appendChild(this.text);
    this.after = el("div");
    [this.question, this.top, this.section, this.after].forEach(function (n) { this.node.appendChild(n); }, this);
    thread.appendChild(this.node);
    this.started = false;
    this.urgent = false;
  }
  TurnView.prototype.meta = function (data) {
    this.urgent = Boolean(data.urgent);
    this.question.lastChild.textContent = " " + (data.question || "Your question");
    field.value = data.conversation_id;
    thread.setAttribute("data-conversation-id", data.conversation_id);
    /* The conversation id in the address: Back and reload show the thread again. */
    history.replaceState(null, "", "/?c=" + encodeURIComponent(data.conversation_id));
    if (this.urgent) {
      this.section.classList.add("answer--urgent");
      var notice = el("div", { "class": "urgent-notice", role: "alert" });
      notice.appendChild(el("h3", { "class": "heading-m" }, "This sounds urgent"));
      var p = el("p", {}, "If a child is in immediate danger call ");
      p.appendChild(el("a", { href: "tel:999" }, "999"));
      p.appendChild(document.createTextNode(" now. The contacts below are for right now."));
      notice.appendChild(p);
      this.top.appendChild(notice);
    }
    (data.warnings || []).forEach(function (w) {
      var warning = el("div", { "class": "warning-text" });
      warning.appendChild(el("strong", {}, "Note:"));
      warning.appendChild(document.createTextNode(" " + w));
      this.top.appendChild(warning);
    }, this);
  };
  TurnView.prototype.start = function () {
    if (this.started) { return; }
    this.started = true;
    /* Once, when the answer starts: into view, focus on its heading (read once). */
    this.heading.scrollIntoView({ block: "start" });
    this.heading.focus({ preventScroll: true });
  };
  TurnView.prototype.token = function (block) {
    appendBlock(this.text, block);
    this.start();
  };
  TurnView.prototype.citations = function (citations) {
    if (citations.length) { this.after.appendChild(renderSources(citations, "turn-" + this.n + "-sources")); }
  };
  TurnView.prototype.contacts = function (contacts) {
    if (!contacts.length) { return; }
    if (this.urgent) {
      this.top.appendChild(renderContacts(contacts, "Contact now", "turn-" + this.n + "-urgent", true));
    } else {
      this.after.appendChild(renderContacts(contacts, "Who to contact", "turn-" + this.n + "-contacts", false));
    }
  };
  TurnView.prototype.done = function (response) {
    this.start();
    if (response.answer_html) { setServerHtml(this.text, response.answer_html); }
    this.section.appendChild(answerTools());
    var feedback = buildFeedback(response.conversation_id, this.n);
    if (feedback) { this.after.appendChild(feedback); }
    this.node.removeAttribute("aria-busy");
  };
  TurnView.prototype.fail = function (message) {
    this.node.removeAttribute("aria-busy");
    var problem = el("div", { "class": "error-summary", role: "alert" });
    problem.appendChild(el("h3", { "class": "heading-m" }, "There is a problem"));
    problem.appendChild(el("p", {}, message));
    this.text.textContent = "";
    this.text.appendChild(problem);
    this.start();
  };

  function answerTools() {
    var tools = el("div", { "class": "answer-tools no-print", "data-answer-tools": "" });
    tools.appendChild(el("button", { type: "button", "class": "button button--secondary button--small", "data-copy-answer": "" }, "Copy answer"));
    tools.appendChild(document.createTextNode(" "));
    tools.appendChild(el("button", { type: "button", "class": "button button--secondary button--small", "data-print-answer": "" }, "Print answer"));
    tools.appendChild(el("span", { "class": "hint", role: "status", "data-copy-status": "" }));
    return tools;
  }

  function buildFeedback(conversationId, n) {
    var source = document.querySelector("[data-feedback-source]");
    if (!source || !source.content) { return null; }
    var copy = source.content.cloneNode(true);
    copy.querySelector("[data-conversation-field]").value = conversationId;
    copy.querySelector("[data-feedback-reason]").id = "feedback-reason-" + n;
    copy.querySelector("[data-feedback-label]").setAttribute("for", "feedback-reason-" + n);
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

  function setWorking(on) {
    busy = on;
    if (working) { working.hidden = !on; }
    if (status) {
      status.textContent = on ? "Finding the answer in the partnership's documents." : "Answer ready.";
    }
  }

  function ask(question) {
    if (busy) { return; }
    setWorking(true);
    /* The box is cleared at once: what was typed is shown only as the server redacted it. */
    box.value = "";
    if (starters) { starters.hidden = true; }
    var view = new TurnView();
    var decoder = new TextDecoder();
    var buffer = "";
    fetch("/api/chat/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
      body: JSON.stringify({ question: question, conversation_id: field.value || null })
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
      box.value = question;
      view.fail(error.message || "The answer could not be loaded. Try again.");
    }).then(function () {
      setWorking(false);
      label();
    });
  }

  function label() {
    var text = form.querySelector("[data-question-label]");
    if (thread.querySelector("[data-turn]")) {
      if (text) { text.textContent = "Ask a follow-up question"; }
      if (newConversation) { newConversation.hidden = false; }
    }
  }

  form.addEventListener("submit", function (event) {
    var question = box.value.trim();
    if (!question) { return; } // let the server explain, with the page's error pattern
    event.preventDefault();
    ask(question);
  });

  /* Enter sends; Shift+Enter is a new line. */
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !event.altKey) {
      event.preventDefault();
      if (box.value.trim()) { ask(box.value.trim()); } else if (form.requestSubmit) { form.requestSubmit(); }
    }
  });

  document.addEventListener("submit", function (event) {
    var starter = event.target.closest ? event.target.closest("[data-starter-form]") : null;
    if (!starter) { return; }
    event.preventDefault();
    ask(starter.querySelector("input[name=question]").value);
  });

  /* Copy and print one answer. */
  function answerText(turn) {
    var lines = [turn.querySelector(".turn__question").textContent.replace(/^\s*You asked\s*/, "Question: "), ""];
    lines.push(turn.querySelector("[data-answer-text]").innerText.trim());
    var sources = turn.querySelectorAll(".source-list li");
    if (sources.length) {
      lines.push("", "Sources:");
      sources.forEach(function (li) {
        var link = li.querySelector("a");
        lines.push("[" + li.value + "] " + li.innerText.trim().replace(/\s+/g, " ") + " " + link.href);
      });
    }
    return lines.join("\n");
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-answer], [data-print-answer]") : null;
    if (!button) { return; }
    var turn = button.closest("[data-turn]");
    if (button.hasAttribute("data-print-answer")) {
      document.body.classList.add("printing-turn");
      turn.classList.add("turn--print");
      window.print();
      document.body.classList.remove("printing-turn");
      turn.classList.remove("turn--print");
      return;
    }
    var said = turn.querySelector("[data-copy-status]");
    var text = answerText(turn);
    var copied = navigator.clipboard && navigator.clipboard.writeText
      ? navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
    copied.then(function () { said.textContent = "Answer copied."; })
      .catch(function () { said.textContent = "Copying is blocked here: select the answer and copy it."; });
  });

  /* Side panel: the exact passage, quote marked, from /api/sources/{id}. */
  function closePanel() {
    if (!panel) { return; }
    panel.hidden = true;
    if (lastTrigger) { lastTrigger.focus(); }
  }

  function bullets(text) { return text.replace(/(^|\n)[ \t]*[-*+][ \t]+/g, "$1• "); }

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
      var meta = [source.section && source.section !== source.title ? source.section : null,
        source.page ? "page " + source.page : null, source.date || "undated"].filter(Boolean).join(" · ");
      panel.querySelector("[data-source-meta]").textContent = meta;
      var passage = panel.querySelector("[data-source-passage]");
      passage.textContent = "";
      source.segments.forEach(function (segment) {
        passage.appendChild(segment.marked ? el("mark", {}, bullets(segment.text))
          : document.createTextNode(bullets(segment.text)));
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
    var said = feedback.querySelector("[data-feedback-status]");
    fetch("/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({
        conversation_id: feedback.querySelector("[data-conversation-field]").value || null,
        rating: submitter ? submitter.value : "up",
        reason: feedback.querySelector("textarea").value || null
      })
    }).then(function (response) {
      said.textContent = response.ok ? "Thank you for your feedback."
        : "Sorry, your feedback could not be saved.";
      if (response.ok) {
        feedback.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      }
    }).catch(function () {
      said.textContent = "Sorry, your feedback could not be saved.";
    });
  }, true);

  /* A thread rendered by the server: its tools work here. */
  thread.querySelectorAll("[data-answer-tools]").forEach(function (tools) { tools.hidden = false; });
  label();
}());
