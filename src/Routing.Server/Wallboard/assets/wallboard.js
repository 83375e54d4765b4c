// The Routing wallboard: renders the Supervisor.WatchQueues stream (protobuf JSON over server-sent
// events from /wallboard/events). No framework, no build step. The supervisor token comes from the
// page's fragment (#token=<jwt>, never sent to the server as part of the page request) or the form,
// and is kept in sessionStorage for reloads. Each queue's service level is coloured against the goal
// the stream carries (QueueStats.service_level_goal_percent, Supervisor:ServiceLevelGoalPercent);
// #target=<percent> overrides it on this screen. Agents rotate through pages when more than fit
// (#rotate=<seconds>, 8), and so do the queues.
"use strict";
(() => {
  const params = new URLSearchParams(location.hash.slice(1));
  const override = params.get("target") ? Number(params.get("target")) : null;
  const rotate = Math.max(2, Number(params.get("rotate") || 8)) * 1000;
  let token = params.get("token") || sessionStorage.getItem("routing.wallboard.token") || "";
  if (params.get("token")) {
    sessionStorage.setItem("routing.wallboard.token", token);
    params.delete("token");
    history.replaceState(null, "", location.pathname + (params.toString() ? "#" + params.toString() : ""));
  }

  const queues = new Map();   // queue name -> QueueStats (JSON) and the time it arrived
  const agents = new Map();   // agent id -> AgentState (JSON) and the time it arrived
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const seconds = (d) => (d == null ? 0 : parseFloat(String(d)) || 0);
  const num = (v) => Number(v || 0);
  const fmtDuration = (s) => {
    s = Math.max(0, Math.floor(s));
    if (s < 60) return s + "s";
    if (s < 3600) return Math.floor(s / 60) + "m" + (s % 60 ? " " + String(s % 60).padStart(2, "0") + "s" : "");
    return Math.floor(s / 3600) + "h " + String(Math.floor(s % 3600 / 60)).padStart(2, "0") + "m";
  };
  const goalOf = (q) => (override != null ? override : q.serviceLevelGoalPercent ?? 80);
  const slClass = (p, goal) => (p >= goal ? "good" : p >= goal - 15 ? "warn" : "bad");
  const since = (entry, d) => seconds(d) + (Date.now() - entry.at) / 1000;

  function figure(name, label, value, sub, cls) {
    const f = el("div", "figure " + name);
    f.append(el("div", "label", label), el("div", "value " + (cls || ""), value));
    if (sub) f.append(el("div", "sub", sub));
    return f;
  }

  function agentState(a) {
    if (a.status === "AGENT_STATUS_OFFLINE") return "offline";
    if (a.activity === "AGENT_ACTIVITY_WRAP_UP") return "wrap_up";
    if (a.status === "AGENT_STATUS_AWAY") return "away";
    if (a.activity === "AGENT_ACTIVITY_BUSY" || a.activity === "AGENT_ACTIVITY_OFFERED") return "busy";
    return "available";
  }

  function renderQueue(entry) {
    const q = entry.stats;
    const sl = q.serviceLevelPercent ?? 100;
    const goal = goalOf(q);
    const targetSeconds = seconds(q.serviceLevelTarget);
    const waiting = num(q.waiting);
    const tile = el("article", "queue sl-" + slClass(sl, goal));
    tile.dataset.queue = q.queue;
    const head = el("div", "queue-head");
    const goalText = el("span", "queue-goal", "goal " + goal + "%" + (targetSeconds ? " in " + fmtDuration(targetSeconds) : ""));
    goalText.dataset.goal = String(goal);
    goalText.dataset.target = String(targetSeconds);
    head.append(el("span", "queue-name", q.queue), goalText);
    const states = el("div", "agents-by-state");
    for (const [cls, label, n] of [["available", "available", q.agentsAvailable], ["busy", "busy", q.agentsBusy],
      ["away", "away", q.agentsAway], ["wrap_up", "wrap-up", q.agentsWrapUp]]) {
      const p = el("span", "pill " + cls, (n || 0) + " " + label);
      p.dataset.agents = cls;
      p.dataset.count = String(n || 0);
      states.append(p);
    }
    head.append(states);
    tile.append(head);
    const figures = el("div", "figures");
    figures.append(
      figure("waiting", "Waiting", String(waiting), "", waiting > 0 && q.agentsAvailable === 0 ? "warn" : ""),
      figure("oldest", "Oldest wait", waiting > 0 ? fmtDuration(since(entry, q.oldestWait)) : "–"),
      figure("service-level", "Service level", Math.round(sl) + "%", "goal " + goal + "%", slClass(sl, goal)),
      figure("estimated", "Est. wait", waiting > 0 || q.estimatedWait ? fmtDuration(seconds(q.estimatedWait)) : "–"),
      figure("handled", "Handled today", String(num(q.handled)), num(q.abandoned) + " abandoned · " + num(q.offered) + " offered"));
    tile.append(figures);
    const channels = el("div", "channels");
    for (const c of (q.channels || []).slice().sort((a, b) => a.channel.localeCompare(b.channel))) {
      const csl = c.today ? (c.today.serviceLevelPercent ?? 100) : 100;
      const cw = num(c.waiting);
      const ct = el("div", "channel sl-" + slClass(csl, goal));
      ct.dataset.channel = c.channel;
      ct.append(el("div", "channel-name", c.channel));
      const row = (name, label, value) => {
        const r = el("div", "row " + name);
        r.append(el("b", "", value), el("span", "", label));
        return r;
      };
      ct.append(row("waiting", "waiting", String(cw)),
        row("oldest", "oldest", cw > 0 ? fmtDuration(since(entry, c.oldestWait)) : "–"),
        row("service-level", "SL", Math.round(csl) + "%"),
        row("handled", "handled", String(c.today ? num(c.today.handled) : 0)));
      channels.append(ct);
    }
    tile.append(channels);
    return tile;
  }

  function render() {
    const list = [...queues.values()].sort((a, b) => num(b.stats.waiting) - num(a.stats.waiting) || a.stats.queue.localeCompare(b.stats.queue));
    const section = $("queues");
    section.replaceChildren(...(list.length ? list.map(renderQueue) : [el("div", "empty", "No queues yet")]));
    paginateQueues(section);
    const totalWaiting = list.reduce((n, e) => n + num(e.stats.waiting), 0);
    const oldest = list.reduce((m, e) => (num(e.stats.waiting) > 0 ? Math.max(m, since(e, e.stats.oldestWait)) : m), 0);
    const live = [...agents.values()].filter((e) => agentState(e.state) !== "offline");
    const totals = $("totals");
    totals.replaceChildren();
    for (const [id, value, label] of [["total-waiting", totalWaiting, "waiting"], ["total-oldest", oldest ? fmtDuration(oldest) : "–", "longest wait"],
      ["total-agents", live.length, "agents on"]]) {
      const t = el("div", "total");
      t.id = id;
      t.append(el("b", "", String(value)), document.createTextNode(label));
      totals.append(t);
    }
    renderWaiting(list);
    renderAgents();
  }

  // Queues that do not all fit take turns, page by page (as many whole tiles as fit a page).
  function paginateQueues(section) {
    const label = $("queues-page");
    label.textContent = "";
    delete label.dataset.pages;
    const tiles = [...section.children];
    if (tiles.length < 2 || section.scrollHeight <= section.clientHeight + 1) return;
    const gap = parseFloat(getComputedStyle(section).rowGap) || 0;
    const pages = [];
    let page = [];
    let used = 0;
    for (const tile of tiles) {
      const height = tile.getBoundingClientRect().height;
      if (page.length && used + gap + height > section.clientHeight) {
        pages.push(page);
        page = [];
        used = 0;
      }
      used += (page.length ? gap : 0) + height;
      page.push(tile);
    }
    pages.push(page);
    const current = Math.floor(Date.now() / rotate) % pages.length;
    pages.forEach((p, i) => { if (i !== current) p.forEach((tile) => tile.remove()); });
    label.textContent = "queues " + (current + 1) + "/" + pages.length;
    label.dataset.pages = String(pages.length);
  }

  // The longest-waiting contacts of every queue, longest first: as many rows as fit the panel.
  function renderWaiting(list) {
    const rows = [];
    for (const e of list) {
      for (const c of e.stats.longestWaiting || []) rows.push({ c, queue: e.stats, wait: since(e, c.waited) });
    }
    rows.sort((a, b) => b.wait - a.wait || a.c.contactId.localeCompare(b.c.contactId));
    const body = $("waiting").tBodies[0];
    const trs = rows.slice(0, 12).map(({ c, queue, wait }) => {
      const tr = el("tr");
      tr.dataset.contact = c.contactId;
      tr.dataset.queue = queue.queue;
      const target = seconds(queue.serviceLevelTarget);
      const waited = el("td", "waited " + (target && wait > target ? "bad" : target && wait > target * 0.75 ? "warn" : ""), fmtDuration(wait));
      const who = el("td", "customer", c.customer || "–");
      if (c.tier) who.append(el("span", "tier", c.tier));
      const now = c.offeredTo ? el("td", "now offered", "→ " + c.offeredTo)
        : c.waitingForAgent ? el("td", "now", "for " + c.waitingForAgent)
        : el("td", "now", "P" + num(c.priority));
      tr.append(waited, el("td", "queue-cell", queue.queue), el("td", "channel-cell", c.channel), who, now);
      return tr;
    });
    if (!trs.length) {
      const tr = el("tr", "none");
      const td = el("td", "", "Nobody waiting");
      td.colSpan = 5;
      tr.append(td);
      trs.push(tr);
    }
    body.replaceChildren(...trs);
    // Drop the rows the panel cannot show (it may not grow past its share of the screen).
    const panel = $("waiting-panel");
    const bottom = panel.getBoundingClientRect().bottom;
    for (const tr of [...body.rows].reverse()) {
      if (body.rows.length > 1 && tr.getBoundingClientRect().bottom > bottom) tr.remove();
    }
  }

  // Agents as a compact grid; when more than fit, pages of them take turns every few seconds.
  function renderAgents() {
    const grid = $("agents");
    const chips = [...agents.values()].sort((a, b) => a.state.agentId.localeCompare(b.state.agentId)).map((e) => {
      const a = e.state;
      const state = agentState(a);
      const chip = el("div", "agent");
      chip.dataset.agent = a.agentId;
      chip.dataset.state = state;
      const load = Object.entries(a.load || {}).filter(([, n]) => n > 0).map(([c, n]) => c + " " + n).join(", ");
      const top = el("div", "line");
      top.append(el("span", "name", a.displayName || a.agentId), el("span", "for", fmtDuration(since(e, a.timeInState))));
      const bottom = el("div", "line");
      bottom.append(el("span", "state", state.replace("_", "-") + (a.statusReason ? " · " + a.statusReason : "")),
        el("span", "load", load || "–"), el("span", "contacts", String((a.contacts || []).length)));
      chip.append(top, bottom);
      return chip;
    });
    grid.replaceChildren(...chips);
    const pageLabel = $("agents-page");
    pageLabel.textContent = chips.length ? String(chips.length) : "";
    if (chips.length < 2) return;
    const columns = getComputedStyle(grid).gridTemplateColumns.split(" ").length || 1;
    const gap = parseFloat(getComputedStyle(grid).rowGap) || 0;
    const height = chips[0].getBoundingClientRect().height + gap;
    const perPage = Math.max(1, Math.floor((grid.clientHeight + gap) / height)) * columns;
    if (chips.length <= perPage) return;
    const pages = Math.ceil(chips.length / perPage);
    const page = Math.floor(Date.now() / rotate) % pages;
    chips.forEach((chip, i) => { if (Math.floor(i / perPage) !== page) chip.remove(); });
    pageLabel.textContent = chips.length + " · page " + (page + 1) + "/" + pages;
    pageLabel.dataset.page = String(page + 1);
    pageLabel.dataset.pages = String(pages);
  }

  function apply(message) {
    const at = Date.now();
    if (message.snapshot) {
      queues.clear();
      agents.clear();
      for (const q of message.snapshot.queues || []) queues.set(q.queue, { stats: q, at });
      for (const a of message.snapshot.agents || []) agents.set(a.agentId, { state: a, at });
    } else if (message.queueChanged) {
      queues.set(message.queueChanged.queue, { stats: message.queueChanged, at });
    } else if (message.agentChanged) {
      const a = message.agentChanged;
      if (a.removed) agents.delete(a.agentId); else agents.set(a.agentId, { state: a, at });
    }
    render();
  }

  function setStatus(cls, text) {
    const s = $("status");
    s.className = "status " + cls;
    s.textContent = text;
  }

  function connect() {
    if (!token) {
      $("login").hidden = false;
      setStatus("error", "no token");
      return;
    }
    const source = new EventSource("/wallboard/events?access_token=" + encodeURIComponent(token));
    source.onopen = () => setStatus("live", "live");
    source.onmessage = (event) => {
      setStatus("live", "live");
      apply(JSON.parse(event.data));
    };
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "error" : "connecting",
      source.readyState === EventSource.CLOSED ? "disconnected (token?)" : "reconnecting…");
  }

  $("login").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("token-input").value.trim();
    sessionStorage.setItem("routing.wallboard.token", token);
    $("login").hidden = true;
    connect();
  });

  const tick = () => {
    const now = new Date();
    $("clock").textContent = [now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
  };
  setInterval(() => {
    tick();
    if (queues.size || agents.size) render();
  }, 1000);
  tick();
  render();
  connect();
})();
