// The Stabilize executions page: a filterable list and, for the selected
// execution, a live DAG with stage details and controls. It only talks to
// the JSON API of the same handler (relative URLs, so it works under a
// prefix). All text is inserted with textContent; the SVG comes from the
// server, which escapes every name in it.
"use strict";

const ACTIVE = new Set(["NOT_STARTED", "RUNNING", "PAUSED", "SUSPENDED", "BUFFERED"]);
const COMPLETE = new Set(["SUCCEEDED", "FAILED_CONTINUE", "TERMINAL", "CANCELED", "STOPPED", "SKIPPED"]);
const LIST_EVERY_MS = 2000;
const DETAIL_EVERY_MS = 1000;

const state = {
  colors: {},          // status -> {fill, stroke}
  selected: "",        // execution id
  execution: null,     // last status answer
  svgText: "",
  stageRef: "",        // selected stage ref_id
  detailTimer: 0,
  detailGen: 0,        // generation of the latest refreshDetail call
};

const $ = (id) => document.getElementById(id);

async function api(path, options) {
  const res = await fetch(path, options);
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!res.ok) {
    const err = new Error((body && body.error) || res.status + " " + res.statusText);
    err.status = res.status;
    err.refused = !!(body && body.refused);
    throw err;
  }
  return body;
}

function fmtTime(ms) {
  if (ms == null) return "";
  return new Date(ms).toLocaleString();
}

function fmtDuration(start, end) {
  if (start == null) return "";
  let s = Math.max(0, Math.round(((end != null ? end : Date.now()) - start) / 1000));
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  if (d) return d + "d " + h + "h";
  return (h ? h + "h " : "") + (h || m ? m + "m " : "") + s + "s";
}

function badge(el, status) {
  el.textContent = status || "";
  const c = state.colors[status];
  el.style.background = c ? c.fill : "";
  el.style.borderColor = c ? c.stroke : "";
}

// ---- the list ----

async function loadStatuses() {
  const body = await api("api/statuses");
  const select = $("filter-status");
  for (const s of body.statuses) {
    state.colors[s.name] = s;
    const opt = document.createElement("option");
    opt.value = s.name; opt.textContent = s.name;
    select.appendChild(opt);
  }
}

async function refreshList() {
  const params = new URLSearchParams();
  const status = $("filter-status").value;
  const app = $("filter-application").value.trim();
  if (status) params.set("status", status);
  if (app) params.set("application", app);
  try {
    const body = await api("api/executions?" + params.toString());
    $("list-error").textContent = "";
    renderList(body.executions || []);
  } catch (e) {
    $("list-error").textContent = "Cannot list executions: " + e.message;
  }
}

function renderList(rows) {
  const tbody = $("executions").tBodies[0];
  tbody.replaceChildren();
  for (const row of rows) {
    const tr = document.createElement("tr");
    tr.dataset.id = row.id;
    if (row.id === state.selected) tr.classList.add("selected");
    const cells = [row.application, row.name, "", fmtTime(row.start_time), fmtDuration(row.start_time, row.end_time)];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      if (i === 2) {
        const b = document.createElement("span");
        b.className = "badge";
        badge(b, row.status);
        td.appendChild(b);
      } else {
        td.textContent = text;
      }
      tr.appendChild(td);
    });
    tr.addEventListener("click", () => select(row.id));
    tbody.appendChild(tr);
  }
  $("no-executions").hidden = rows.length > 0;
}

// ---- one execution ----

function select(id) {
  if (state.selected !== id) {
    state.selected = id;
    state.stageRef = "";
    state.svgText = "";
    state.execution = null;
    $("dag").replaceChildren();
    $("stage-details").hidden = true;
    $("control-message").textContent = "";
  }
  if (location.hash !== "#" + encodeURIComponent(id)) {
    history.replaceState(null, "", "#" + encodeURIComponent(id));
  }
  for (const tr of $("executions").tBodies[0].rows) {
    tr.classList.toggle("selected", tr.dataset.id === id);
  }
  $("detail-pane").hidden = false;
  refreshDetail();
}

// refreshDetail reloads the selected execution and, while it is active,
// schedules itself again. Each call supersedes the earlier ones (a newer
// call bumps the generation), so a control's refresh never starts a
// second polling chain.
async function refreshDetail() {
  clearTimeout(state.detailTimer);
  const gen = ++state.detailGen;
  const id = state.selected;
  if (!id) return;
  const base = "api/executions/" + encodeURIComponent(id);
  try {
    const [body, svg] = await Promise.all([api(base), fetch(base + "/graph.svg").then((r) => r.ok ? r.text() : "")]);
    if (gen !== state.detailGen) return;
    state.execution = body;
    renderExecution(body);
    if (svg && svg !== state.svgText) {
      state.svgText = svg;
      renderGraph(svg);
    }
    if (state.stageRef) renderStage(state.stageRef);
    if (ACTIVE.has(body.execution.status)) {
      state.detailTimer = setTimeout(refreshDetail, DETAIL_EVERY_MS);
    }
  } catch (e) {
    if (gen !== state.detailGen) return;
    showMessage("Cannot load execution: " + e.message, true);
    state.detailTimer = setTimeout(refreshDetail, DETAIL_EVERY_MS * 3);
  }
}

function renderExecution(body) {
  const wf = body.execution;
  $("exec-title").textContent = wf.application + " / " + wf.name + " (" + wf.id + ")";
  badge($("exec-status"), wf.status);
  const facts = ["started " + (fmtTime(wf.start_time) || "not yet")];
  if (wf.end_time != null) facts.push("ended " + fmtTime(wf.end_time));
  if (wf.start_time != null) facts.push("duration " + fmtDuration(wf.start_time, wf.end_time));
  if (wf.paused && wf.paused.pause_time != null && wf.paused.resume_time == null) {
    facts.push("paused by " + (wf.paused.paused_by || "?") + " at " + fmtTime(wf.paused.pause_time));
  }
  if (wf.is_canceled) {
    facts.push("canceled by " + (wf.canceled_by || "?") + (wf.cancellation_reason ? ": " + wf.cancellation_reason : ""));
  }
  $("exec-facts").textContent = facts.join(" · ");
  const link = $("exec-temporal");
  link.hidden = !body.temporal_url;
  if (body.temporal_url) link.href = body.temporal_url;
}

function renderGraph(svgText) {
  const dag = $("dag");
  dag.innerHTML = svgText;
  for (const g of dag.querySelectorAll("g.stage")) {
    g.addEventListener("click", () => { state.stageRef = g.dataset.ref; renderStage(g.dataset.ref); });
  }
  markSelectedStage();
}

function markSelectedStage() {
  for (const g of $("dag").querySelectorAll("g.stage")) {
    g.classList.toggle("selected", g.dataset.ref === state.stageRef);
  }
}

function findStage(ref) {
  const wf = state.execution && state.execution.execution;
  return wf ? (wf.stages || []).find((s) => s.ref_id === ref) : null;
}

function renderStage(ref) {
  const st = findStage(ref);
  const panel = $("stage-details");
  if (!st) { panel.hidden = true; return; }
  panel.hidden = false;
  markSelectedStage();
  $("stage-title").textContent = st.name + " (" + st.ref_id + ")";
  badge($("stage-status"), st.status);
  const facts = [
    ["type", st.type], ["id", st.id], ["start", fmtTime(st.start_time)], ["end", fmtTime(st.end_time)],
    ["duration", fmtDuration(st.start_time, st.end_time)],
  ];
  if (st.run_count) facts.push(["runs", String(st.run_count)]);
  if (st.withdrawn) facts.push(["withdrawn", "yes (left out of the final status)"]);
  if (st.parent_stage_id) facts.push(["parent", st.parent_stage_id + " (" + st.synthetic_stage_owner + ")"]);
  const dl = $("stage-facts");
  dl.replaceChildren();
  for (const [k, v] of facts) {
    if (!v) continue;
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = v;
    dl.append(dt, dd);
  }
  const tbody = $("stage-tasks").tBodies[0];
  tbody.replaceChildren();
  for (const t of st.tasks || []) {
    const tr = document.createElement("tr");
    const exc = t.task_exception_details ? JSON.stringify(t.task_exception_details, null, 1) : "";
    for (const text of [t.name, t.implementing_class, "", fmtTime(t.start_time), fmtTime(t.end_time), exc]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    }
    const b = document.createElement("span"); b.className = "badge"; badge(b, t.status);
    tr.cells[2].appendChild(b);
    tbody.appendChild(tr);
  }
  $("stage-context").textContent = JSON.stringify(st.context || {}, null, 2);
  $("stage-outputs").textContent = JSON.stringify(st.outputs || {}, null, 2);
  const awaitingApproval = st.status === "SUSPENDED" &&
    (st.tasks || []).some((t) => t.implementing_class === "approval" && t.status === "SUSPENDED");
  $("btn-approve").hidden = !awaitingApproval;
  $("btn-reject").hidden = !awaitingApproval;
  $("btn-restart").hidden = !COMPLETE.has(st.status);
}

// ---- controls ----

function showMessage(text, isError) {
  const el = $("control-message");
  el.textContent = text;
  el.classList.toggle("error", !!isError);
}

async function control(action, stageRef) {
  const id = state.selected;
  if (!id) return;
  const req = { user: "web" };
  const reason = $("control-reason").value.trim();
  if (reason) req.reason = reason;
  if (stageRef) req.stage_ref_id = stageRef;
  try {
    await api("api/executions/" + encodeURIComponent(id) + "/" + action, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(req),
    });
    showMessage(action + (stageRef ? " " + stageRef : "") + ": done", false);
  } catch (e) {
    showMessage(action + (stageRef ? " " + stageRef : "") + (e.refused ? " refused: " : " failed: ") + e.message, true);
  }
  refreshDetail();
  refreshList();
}

function wire() {
  for (const b of document.querySelectorAll("button[data-action]")) {
    b.addEventListener("click", () => control(b.dataset.action, ""));
  }
  for (const b of document.querySelectorAll("button[data-stage-action]")) {
    b.addEventListener("click", () => control(b.dataset.stageAction, state.stageRef));
  }
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); refreshList(); });
  $("filter-status").addEventListener("change", refreshList);
  $("filter-application").addEventListener("input", refreshList);
}

async function main() {
  wire();
  try { await loadStatuses(); } catch (e) { $("list-error").textContent = e.message; }
  await refreshList();
  setInterval(refreshList, LIST_EVERY_MS);
  const fromHash = decodeURIComponent(location.hash.slice(1));
  if (fromHash) select(fromHash);
}

main();
