// The web page of `agora serve`: ask a question on a profile and watch the run live.
// It posts an ordinary streamed chat completion and, beside it, follows the run's typed
// events (/v1/agora/runs/{id}/events): one column per debater (or one for an agent), a card
// per round, tool calls folded, then the judge's verdict with the vote beside it.
"use strict";

const $ = (id) => document.getElementById(id);
const keyInput = $("key");
keyInput.value = localStorage.getItem("agora-key") || "";
keyInput.addEventListener("change", () => { localStorage.setItem("agora-key", keyInput.value); loadProfiles(); });

function headers() {
  const h = { "Content-Type": "application/json" };
  if (keyInput.value) h["Authorization"] = "Bearer " + keyInput.value;
  return h;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;  // never innerHTML: model output is untrusted
  return e;
}

async function errorText(resp) {
  try { const body = await resp.json(); return body.error ? body.error.message : resp.statusText; }
  catch (_) { return resp.statusText; }
}

async function loadProfiles() {
  const resp = await fetch("/v1/models", { headers: headers() });
  if (!resp.ok) { $("status").textContent = "profiles: " + await errorText(resp); return; }
  const select = $("profile");
  const chosen = select.value;
  select.textContent = "";
  for (const m of (await resp.json()).data) {
    const opt = el("option", "", m.id + (m.kind ? " (" + m.kind + ")" : ""));
    opt.value = m.id;
    select.appendChild(opt);
  }
  if (chosen) select.value = chosen;
}

// Read a server-sent-events body, calling onEvent(type, data) for each event.
async function readSSE(resp, onEvent) {
  const reader = resp.body.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let type = "message", data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) type = line.slice(7);
        else if (line.startsWith("data: ")) data += line.slice(6);
      }
      if (data) onEvent(type, data);
    }
  }
}

class RunView {
  constructor() {
    this.columns = new Map();
    $("columns").textContent = "";
    $("verdict").hidden = true;
    $("answer").hidden = true;
  }
  column(name, model) {
    if (!this.columns.has(name)) {
      const col = el("div", "column");
      col.dataset.debater = name;
      col.appendChild(el("h3", "", name));
      if (model) col.appendChild(el("div", "model", model));
      col.live = el("div", "live");
      col.appendChild(col.live);
      $("columns").appendChild(col);
      this.columns.set(name, col);
    }
    return this.columns.get(name);
  }
  event(e) {
    const who = e.source || "agent";
    switch (e.type) {
      case "run_started":
        if (e.source === "debate") this.debate = true;
        if (e.source === "debate") for (const d of e.config.debaters || []) this.column(d.name, d.model);
        else if (!this.columns.size || this.columns.has(who)) this.column(who, e.model);
        break;
      case "token": this.column(who).live.textContent += e.text; break;
      case "tool_call": {
        const d = el("details", "tool");
        d.appendChild(el("summary", "", "→ " + e.call.name));
        d.appendChild(el("pre", "", JSON.stringify(e.call.arguments)));
        this.column(who).appendChild(d);
        this.lastTool = d;
        break;
      }
      case "observation":
        if (this.lastTool) this.lastTool.appendChild(el("pre", "", (e.ok ? "← " : "✗ ") + e.content));
        break;
      case "debate_turn": {
        const card = el("div", "turn" + (e.ok ? "" : " failed"));
        card.dataset.round = e.round + 1;
        card.appendChild(el("div", "round", "round " + (e.round + 1)));
        card.appendChild(el("div", "ans", e.ok ? e.answer : "no answer: " + e.error));
        if (e.reasoning && e.reasoning.trim() !== e.answer.trim()) card.appendChild(el("div", "why", e.reasoning));
        this.column(e.debater).appendChild(card);
        break;
      }
      case "draft":
        if (!this.debate) {  // a debate shows each turn instead
          const card = el("div", "turn");
          card.appendChild(el("div", "ans", e.answer));
          this.column(who).appendChild(card);
        }
        break;
      case "verdict": {
        $("verdict").hidden = false;
        $("verdict-answer").textContent = e.answer;
        $("verdict-method").textContent = "by " + e.method + (e.confidence != null ? ", confidence " + e.confidence.toFixed(2) : "")
          + (e.sided_with && e.sided_with.length ? ", siding with " + e.sided_with.join(", ") : "");
        $("verdict-vote").textContent = e.vote_answer != null ? "majority vote: " + e.vote_answer : "";
        $("verdict-rationale").textContent = e.rationale || "";
        break;
      }
      case "limit": case "notice":
        if (e.type === "limit" || e.level !== "info") this.column(who).appendChild(el("div", "why", "(" + (e.detail || e.text || e.limit) + ")"));
        break;
    }
  }
}

async function ask(ev) {
  ev.preventDefault();
  const question = $("question").value.trim();
  if (!question) return;
  $("go").disabled = true;
  $("status").textContent = "running…";
  const view = new RunView();
  try {
    const resp = await fetch("/v1/chat/completions", {
      method: "POST", headers: headers(),
      body: JSON.stringify({ model: $("profile").value, stream: true, messages: [{ role: "user", content: question }] }),
    });
    if (!resp.ok) { $("status").textContent = "error: " + await errorText(resp); return; }
    const runId = resp.headers.get("X-Agora-Run-Id");
    const follow = fetch("/v1/agora/runs/" + runId + "/events", { headers: headers() })
      .then((r) => readSSE(r, (type, data) => { if (type !== "end") view.event(JSON.parse(data)); }));
    let answer = "", failure = "";
    await readSSE(resp, (type, data) => {
      if (data === "[DONE]") return;
      const c = JSON.parse(data);
      if (c.error) { failure = c.error.message; return; }
      for (const ch of c.choices || []) if (ch.delta && ch.delta.content) answer += ch.delta.content;
    });
    await follow;
    if (failure) { $("status").textContent = "error: " + failure; return; }
    $("answer").hidden = false;
    $("answer-text").textContent = answer;
    $("status").textContent = "done (run " + runId + ")";
  } catch (err) {
    $("status").textContent = "error: " + err;
  } finally {
    $("go").disabled = false;
  }
}

$("ask").addEventListener("submit", ask);
loadProfiles();
