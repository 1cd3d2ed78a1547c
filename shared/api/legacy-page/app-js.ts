/**
 * The page's script: plain ES2020, no framework, no template literals (this file is
 * itself one). Everything from the API is put in the DOM with textContent and attributes,
 * never as HTML, so data cannot become markup.
 */
export const APP_JS = String.raw`"use strict";
(() => {
  const TOKEN_KEY = "ap.token";
  const PKCE_KEY = "ap.pkce";
  const PREMISES_KEY = "ap.premises";
  const AREAS = {
    london: "London", midlands: "Midlands", "north-east": "North East", "north-west": "North West",
    "south-east-and-eastern": "South East & Eastern", "south-west-and-south-central": "South West & South Central",
    wales: "Wales", womens: "Women's APs",
  };
  const KINDS = {
    occupied: { letter: "O", label: "Occupied" },
    buffer: { letter: "B", label: "Buffer" },
    "out-of-service": { letter: "X", label: "Out of service" },
    free: { letter: "", label: "Free" },
  };
  const RISK = { low: "Low", medium: "Medium", high: "High", "very-high": "Very high" };
  const NOTICE = { emergency: "Emergency", "short-notice": "Short notice", standard: "Standard" };
  const OOS_REASONS = {
    "planned-works": "Planned works", "unplanned-repair": "Unplanned repair", "resident-damage": "Damage by resident",
    "flood-or-fire": "Flood / fire", "staff-shortage": "Staff shortage",
    "single-occupancy-risk": "Double room with single occupancy (risk)", "bed-on-hold": "Bed on hold for a named person", other: "Other",
  };
  const ALERT_KINDS = {
    "departure-without-move-on": "Departure without confirmed move-on",
    "release-without-accommodation": "Release without accommodation",
    "licence-gap": "Licence or HDC gap after departure",
  };
  const MOVE_ON_CATEGORIES = {
    "owner-occupied": "Owner occupied", "private-rented": "Private rented", "social-rented": "Local authority / housing association rented",
    "family-or-friends": "Living with family / partner / other", "supported-housing": "Supported housing",
    "temporary-accommodation": "B&B / temporary / short-term housing", cas3: "CAS3 (temporary accommodation)", cas2: "CAS2",
    "another-ap": "Transferred to another AP", custody: "Custody", deported: "Deported / detention", "no-fixed-abode": "No fixed abode (homeless)",
  };
  const MOVE_ON_STATUS = { "not-started": "Not started", "in-progress": "In progress", confirmed: "Confirmed", none: "None" };
  const ROLE_LABELS = { "ap-manager": "AP manager", cru: "CRU", admin: "Administrator" };

  const state = { config: { mode: "unavailable" }, token: null, claims: null, premises: [], occupancy: null };
  const $ = (id) => document.getElementById(id);

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }
  const svg = (tag, attrs) => {
    const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    return el;
  };

  // Calendar dates are YYYY-MM-DD; arithmetic on UTC midnights never shifts at BST changes.
  const parseDate = (s) => { const p = s.split("-").map(Number); return new Date(Date.UTC(p[0], p[1] - 1, p[2])); };
  const isoDate = (d) => d.toISOString().slice(0, 10);
  const addDays = (s, n) => { const d = parseDate(s); d.setUTCDate(d.getUTCDate() + n); return isoDate(d); };
  // GOV.UK date style ("Saturday 28 November 2026"), spelt out here so no locale data can change it.
  const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const longDate = (s) => { const d = parseDate(s); return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(); };
  const shortDate = (s) => { const d = parseDate(s); return DAYS[d.getUTCDay()].slice(0, 3) + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()].slice(0, 3); };
  const monthYear = (s) => { const d = parseDate(s); return MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear(); };
  const weekdayLetter = (s) => DAYS[parseDate(s).getUTCDay()].charAt(0);
  const londonToday = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const label = (map, key) => (key && map[key]) || key || "";
  const daysText = (n) => (n < 0 ? "Overdue by " + -n + (n === -1 ? " day" : " days") : n === 0 ? "Due today" : n + (n === 1 ? " day left" : " days left"));

  function say(message, kind) {
    const s = $("status");
    s.textContent = message || "";
    s.className = message ? "notice notice--" + (kind || "info") : "";
  }

  // --- session -------------------------------------------------------------------------
  function decodeClaims(token) {
    try {
      const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes));
    } catch (e) {
      return null;
    }
  }
  function rolesOf(claims) {
    const g = claims && claims["cognito:groups"];
    if (Array.isArray(g)) return g.map(String);
    if (typeof g === "string") return g.replace(/^\[|\]$/g, "").split(/[\s,]+/).filter(Boolean);
    return [];
  }
  const premisesOf = (claims) => String((claims && claims["custom:premises"]) || "").split(",").map((s) => s.trim()).filter(Boolean);
  const hasRole = (...roles) => rolesOf(state.claims).some((r) => roles.includes(r));

  class ApiError extends Error {
    constructor(status, body) {
      super((body && (body.detail || body.title)) || "The service answered " + status);
      this.status = status;
      this.body = body;
    }
  }

  async function api(method, path, body, accept) {
    const headers = { accept: accept || "application/json" };
    if (state.token) headers.authorization = "Bearer " + state.token;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.status === 401 && state.token) {
      signOut("Your sign-in has ended. Sign in again.");
      throw new ApiError(401, null);
    }
    const type = res.headers.get("content-type") || "";
    const data = type.includes("json") ? await res.json().catch(() => null) : await res.text();
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }

  async function listAll(path) {
    const items = [];
    let cursor;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const page = await api("GET", cursor ? path + sep + "cursor=" + encodeURIComponent(cursor) : path);
      items.push(...(page.items || []));
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  function setToken(token) {
    state.token = token;
    state.claims = token ? decodeClaims(token) : null;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  function signOut(message) {
    setToken(null);
    sessionStorage.removeItem(PREMISES_KEY);
    if (state.config.mode === "cognito" && !message) {
      const q = new URLSearchParams({ client_id: state.config.clientId, logout_uri: location.origin + "/app" });
      location.assign("https://" + state.config.domain + "/logout?" + q.toString());
      return;
    }
    showSignIn();
    say(message || "You have signed out.", message ? "error" : "success");
  }

  function showSignIn() {
    $("workspace").hidden = true;
    $("sign-out").hidden = true;
    $("who").textContent = "";
    $("sign-in").hidden = false;
    $("local-sign-in-form").hidden = state.config.mode !== "local";
    $("cognito-sign-in").hidden = state.config.mode !== "cognito";
    if (state.config.mode !== "local" && state.config.mode !== "cognito") {
      signInError("Sign-in is not configured for this environment.");
    }
  }

  function signInError(message) {
    const box = $("sign-in-error");
    box.replaceChildren(h("p", {}, message));
    box.hidden = !message;
    if (message) box.focus();
  }

  async function localSignIn(event) {
    event.preventDefault();
    const role = $("sign-in-role").value;
    const user = $("sign-in-user").value.trim();
    const premises = $("sign-in-premises").value.split(",").map((s) => s.trim()).filter(Boolean);
    if (role === "ap-manager" && premises.length === 0) {
      signInError("Enter the premises you manage");
      $("sign-in-premises").focus();
      return;
    }
    try {
      const res = await fetch("/local/sign-in", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role, user: user || undefined, premises: premises.length ? premises : undefined }),
      });
      const data = await res.json().catch(() => null);
      if (!res.ok || !data || !data.token) throw new Error((data && data.detail) || "Sign-in failed");
      signInError("");
      setToken(data.token);
      await enterWorkspace();
    } catch (e) {
      signInError(e.message);
    }
  }

  // --- Cognito Hosted UI, authorisation code with PKCE ----------------------------------
  const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const redirectUri = () => location.origin + "/app";

  async function beginCognito() {
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const nonce = b64url(crypto.getRandomValues(new Uint8Array(16)));
    const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state: nonce }));
    const q = new URLSearchParams({
      response_type: "code", client_id: state.config.clientId, redirect_uri: redirectUri(), scope: "openid email profile",
      code_challenge: challenge, code_challenge_method: "S256", state: nonce,
    });
    location.assign("https://" + state.config.domain + "/oauth2/authorize?" + q.toString());
  }

  async function finishCognito(params) {
    const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) || "null");
    sessionStorage.removeItem(PKCE_KEY);
    history.replaceState(null, "", "/app");
    if (params.get("error")) throw new Error("Sign-in was refused: " + params.get("error"));
    if (!saved || saved.state !== params.get("state")) throw new Error("Sign-in could not be completed; please try again.");
    const res = await fetch("https://" + state.config.domain + "/oauth2/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code", client_id: state.config.clientId, code: params.get("code") || "",
        redirect_uri: redirectUri(), code_verifier: saved.verifier,
      }),
    });
    if (!res.ok) throw new Error("Sign-in could not be completed (" + res.status + ").");
    const tokens = await res.json();
    // The ID token carries cognito:groups and custom:premises, which the API authorises on.
    setToken(tokens.id_token);
  }

  // --- workspace -----------------------------------------------------------------------
  async function enterWorkspace() {
    $("sign-in").hidden = true;
    $("workspace").hidden = false;
    $("sign-out").hidden = false;
    const roles = rolesOf(state.claims).map((r) => label(ROLE_LABELS, r)).join(", ");
    const user = state.claims["cognito:username"] || state.claims.username || state.claims.sub;
    $("who").textContent = "Signed in as " + user + " (" + roles + ")";
    say("");
    let items = [];
    try {
      items = await listAll("/premises?limit=200");
    } catch (e) {
      if (e.status !== 401) say("The list of premises could not be loaded: " + e.message, "error");
      return;
    }
    if (!hasRole("cru", "admin")) {
      const mine = premisesOf(state.claims);
      items = items.filter((p) => mine.includes(p.premisesId));
    }
    state.premises = items;
    const select = $("premises-select");
    select.replaceChildren(...items.map((p) => h("option", { value: p.premisesId }, p.name + " (" + label(AREAS, p.area) + ")")));
    $("area-view").hidden = !hasRole("cru", "admin");
    if (hasRole("cru", "admin")) loadArea();
    if (items.length === 0) {
      say("There are no premises for your account to show.", "info");
      $("premises-view").hidden = true;
      return;
    }
    $("premises-view").hidden = false;
    const remembered = sessionStorage.getItem(PREMISES_KEY);
    select.value = items.some((p) => p.premisesId === remembered) ? remembered : items[0].premisesId;
    await loadPremisesView();
  }

  async function loadPremisesView() {
    const premisesId = $("premises-select").value;
    if (!premisesId) return;
    sessionStorage.setItem(PREMISES_KEY, premisesId);
    const nights = Number($("calendar-nights").value) || 84;
    const from = $("calendar-from").value;
    const q = new URLSearchParams();
    if (from) {
      q.set("from", from);
      q.set("to", addDays(from, nights - 1));
    }
    const cal = $("calendar");
    cal.setAttribute("aria-busy", "true");
    $("cell-detail").hidden = true;
    try {
      let occ;
      if (from) occ = await api("GET", "/premises/" + encodeURIComponent(premisesId) + "/occupancy?" + q.toString());
      else {
        // Without a chosen date the server's today starts the view, so its clock and ours cannot disagree.
        occ = await api("GET", "/premises/" + encodeURIComponent(premisesId) + "/occupancy");
        if (nights !== occ.days.length) {
          q.set("from", occ.from);
          q.set("to", addDays(occ.from, nights - 1));
          occ = await api("GET", "/premises/" + encodeURIComponent(premisesId) + "/occupancy?" + q.toString());
        }
        $("calendar-from").value = occ.from;
      }
      state.occupancy = occ;
      $("premises-heading").textContent = "Bed calendar: " + occ.name;
      renderCalendar(occ);
      renderWeek(occ);
    } catch (e) {
      if (e.status === 401) return;
      cal.replaceChildren(h("p", { class: "notice notice--error" }, "The calendar could not be loaded: " + e.message));
    } finally {
      cal.removeAttribute("aria-busy");
    }
    loadAlerts(premisesId);
    loadMoveOn(premisesId);
  }

  function segmentSummary(bed, seg) {
    const nights = seg.startDate === seg.endDate ? shortDate(seg.startDate) : shortDate(seg.startDate) + " to " + shortDate(seg.endDate);
    const parts = [KINDS[seg.kind].label, "bed " + bed.bedId + " (room " + bed.room + ")", nights];
    if (seg.crn) parts.push("CRN " + seg.crn);
    if (seg.riskOfSeriousHarm) parts.push("RoSH " + label(RISK, seg.riskOfSeriousHarm));
    if (seg.noticeType) parts.push(label(NOTICE, seg.noticeType) + " notice");
    if (seg.reason) parts.push(label(OOS_REASONS, seg.reason));
    return parts.join(", ");
  }

  function renderCalendar(occ) {
    const dates = occ.days.map((d) => d.date);
    const index = new Map(dates.map((d, i) => [d, i]));
    const table = h("table", { class: "calendar", id: "calendar-table", "data-from": occ.from, "data-to": occ.to, "data-today": occ.today });
    table.append(h("caption", { class: "visually-hidden" }, "Beds by night at " + occ.name + " from " + longDate(occ.from) + " to " + longDate(occ.to) + ". O occupied, B buffer, X out of service, blank free."));

    const months = h("tr", {}, h("td", { class: "calendar__bed-head" }));
    let run = null;
    for (const date of dates) {
      const key = date.slice(0, 7);
      if (!run || run.key !== key) {
        run = { key, th: h("th", { scope: "colgroup", colspan: 1, class: "calendar__month" }, monthYear(date)) };
        months.append(run.th);
      } else run.th.setAttribute("colspan", String(Number(run.th.getAttribute("colspan")) + 1));
    }
    const head = h("tr", {}, h("th", { scope: "col", class: "calendar__bed-head" }, "Bed"));
    for (const date of dates) {
      const isToday = date === occ.today;
      const monday = parseDate(date).getUTCDay() === 1;
      head.append(h("th", {
        scope: "col", class: "calendar__date" + (isToday ? " is-today" : "") + (monday ? " is-monday" : ""),
        "data-date": date, "aria-current": isToday ? "date" : undefined, title: longDate(date),
      },
      h("span", { class: "calendar__dow", "aria-hidden": "true" }, weekdayLetter(date)),
      h("span", { class: "calendar__dom", "aria-hidden": "true" }, String(parseDate(date).getUTCDate())),
      h("span", { class: "visually-hidden" }, longDate(date) + (isToday ? " (today)" : ""))));
    }
    table.append(h("thead", {}, months, head));

    const body = h("tbody");
    for (const bed of occ.beds) {
      const byNight = new Array(dates.length).fill(-1);
      bed.segments.forEach((seg, si) => {
        for (let i = index.get(seg.startDate); i !== undefined && i <= index.get(seg.endDate); i++) byNight[i] = si;
      });
      const row = h("tr", { "data-bed": bed.bedId },
        h("th", { scope: "row", title: (bed.characteristics || []).join(", ") }, bed.bedId, h("span", { class: "calendar__room" }, "Room " + bed.room)));
      dates.forEach((date, i) => {
        const si = byNight[i];
        const seg = si >= 0 ? bed.segments[si] : null;
        const kind = seg ? seg.kind : "free";
        const isToday = date === occ.today;
        const cell = h("td", {
          class: "cell--" + kind + (isToday ? " is-today" : "") + (parseDate(date).getUTCDay() === 1 ? " is-monday" : ""),
          "data-bed": bed.bedId, "data-date": date, "data-kind": kind,
          "data-booking-id": seg && seg.bookingId, "data-segment": seg ? si : undefined,
          title: seg ? segmentSummary(bed, seg) : "Free, bed " + bed.bedId + ", " + shortDate(date),
        });
        if (seg && (seg.startDate === date)) {
          cell.append(h("button", { type: "button", class: "cell-button", "aria-label": segmentSummary(bed, seg) }, KINDS[kind].letter));
        } else if (seg) cell.append(KINDS[kind].letter);
        row.append(cell);
      });
      body.append(row);
    }
    table.append(body);

    const free = h("tr", {}, h("th", { scope: "row" }, "Free beds"));
    for (const day of occ.days) {
      free.append(h("td", { class: (day.free === 0 ? "is-none" : "") + (day.date === occ.today ? " is-today" : ""), "data-date": day.date, "data-free": day.free }, String(day.free)));
    }
    table.append(h("tfoot", {}, free));
    table.addEventListener("click", (e) => {
      const cell = e.target.closest("td[data-segment]");
      if (cell) showDetail(cell);
    });
    $("calendar").replaceChildren(table);
    const todayHead = table.querySelector("thead th.is-today");
    if (todayHead && todayHead.offsetLeft > $("calendar").clientWidth) $("calendar").scrollLeft = todayHead.offsetLeft - 200;
  }

  function showDetail(cell) {
    const occ = state.occupancy;
    const bed = occ.beds.find((b) => b.bedId === cell.dataset.bed);
    const seg = bed && bed.segments[Number(cell.dataset.segment)];
    if (!seg) return;
    for (const el of document.querySelectorAll("#calendar-table td.is-selected")) el.classList.remove("is-selected");
    for (const el of document.querySelectorAll("#calendar-table td[data-bed=\"" + CSS.escape(bed.bedId) + "\"][data-segment=\"" + cell.dataset.segment + "\"]")) el.classList.add("is-selected");
    const rows = [
      ["Bed", bed.bedId + " (room " + bed.room + ")"],
      [KINDS[seg.kind].label, seg.startDate === seg.endDate ? longDate(seg.startDate) : longDate(seg.startDate) + " to " + longDate(seg.endDate)],
    ];
    if (seg.crn) rows.push(["CRN", seg.crn]);
    if (seg.riskOfSeriousHarm) rows.push(["Risk of serious harm", label(RISK, seg.riskOfSeriousHarm)]);
    if (seg.noticeType) rows.push(["Notice", label(NOTICE, seg.noticeType)]);
    if (seg.arrivalDate) rows.push(["Arrival", longDate(seg.arrivalDate)]);
    if (seg.departureDate) rows.push(["Departure", longDate(seg.departureDate)]);
    if (seg.reason) rows.push(["Reason", label(OOS_REASONS, seg.reason)]);
    if (seg.bookingId) rows.push(["Booking", seg.bookingId]);
    const panel = $("cell-detail");
    panel.replaceChildren(h("dl", { "data-booking-id": seg.bookingId }, rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])));
    panel.hidden = false;
  }

  function personCells(m) {
    return [
      h("td", {}, m.crn || ""),
      h("td", {}, m.riskOfSeriousHarm ? h("span", { class: "tag tag--" + m.riskOfSeriousHarm }, label(RISK, m.riskOfSeriousHarm)) : ""),
      h("td", {}, m.noticeType ? h("span", { class: "tag tag--" + m.noticeType }, label(NOTICE, m.noticeType)) : ""),
    ];
  }

  function renderWeek(occ) {
    const start = occ.today >= occ.from && occ.today <= occ.to ? occ.today : occ.from;
    const end = addDays(start, 6);
    const inWeek = (occ.movements || []).filter((m) => m.date >= start && m.date <= end);
    $("week-heading").textContent = start === occ.today ? "Arrivals and departures this week" : "Arrivals and departures in the 7 days from " + shortDate(start);
    const table = (type, title) => {
      const rows = inWeek.filter((m) => m.type === type);
      if (rows.length === 0) return h("div", { id: type + "s-this-week" }, h("h3", { class: "heading-s" }, title), h("p", { class: "hint" }, "None."));
      return h("div", { id: type + "s-this-week" }, h("h3", { class: "heading-s" }, title + " (" + rows.length + ")"), h("table", { class: "table" },
        h("caption", { class: "visually-hidden" }, title),
        h("thead", {}, h("tr", {}, ["Date", "Bed", "CRN", "RoSH", "Notice"].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, rows.map((m) => h("tr", { "data-booking-id": m.bookingId }, h("td", {}, shortDate(m.date)), h("td", {}, m.bedId), ...personCells(m))))));
    };
    $("week-body").replaceChildren(table("arrival", "Arrivals"), table("departure", "Departures"));
  }

  // --- alerts and move-on (answered by other services; shown only when they answer 200) --
  function unavailable(box, what) {
    box.replaceChildren(h("p", { class: "hint", "data-unavailable": what }, "Not available."));
  }

  async function loadAlerts(premisesId) {
    const box = $("alerts-body");
    box.replaceChildren(h("p", { class: "hint" }, "Loading alerts…"));
    let alerts;
    try {
      alerts = await listAll("/alerts?premisesId=" + encodeURIComponent(premisesId) + "&status=open");
    } catch (e) {
      if (e.status !== 401) unavailable(box, "alerts");
      return;
    }
    if (alerts.length === 0) {
      box.replaceChildren(h("p", { class: "hint", id: "no-alerts" }, "No open alerts."));
      return;
    }
    const rows = alerts.map((a) => {
      const button = h("button", { type: "button", class: "button button--small", "data-alert-id": a.alertId, "aria-label": "Acknowledge alert for " + a.crn }, "Acknowledge");
      button.addEventListener("click", () => acknowledge(a.alertId, button));
      return h("tr", { "data-alert-id": a.alertId },
        h("td", {}, label(ALERT_KINDS, a.kind)),
        h("td", {}, a.crn || ""),
        h("td", {}, a.dueDate ? shortDate(a.dueDate) : ""),
        h("td", {}, typeof a.daysLeft === "number" ? h("span", { class: "tag" + (a.daysLeft <= 2 ? " tag--high" : a.daysLeft <= 7 ? " tag--medium" : "") }, daysText(a.daysLeft)) : ""),
        h("td", {}, a.raisedAt ? shortDate(String(a.raisedAt).slice(0, 10)) : ""),
        h("td", {}, button));
    });
    box.replaceChildren(h("table", { class: "table", id: "alerts-table" },
      h("caption", { class: "visually-hidden" }, "Open alerts"),
      h("thead", {}, h("tr", {}, ["Alert", "CRN", "Due", "Time left", "Raised", "Action"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows)));
  }

  async function acknowledge(alertId, button) {
    button.disabled = true;
    try {
      await api("POST", "/alerts/" + encodeURIComponent(alertId) + "/acknowledgement", {});
      const row = button.closest("tr");
      const body = row.parentElement;
      row.remove();
      if (!body.children.length) $("alerts-body").replaceChildren(h("p", { class: "hint", id: "no-alerts" }, "No open alerts."));
      say("Alert acknowledged.", "success");
    } catch (e) {
      button.disabled = false;
      if (e.status !== 401) say("The alert could not be acknowledged: " + e.message, "error");
    }
  }

  async function loadMoveOn(premisesId) {
    const box = $("move-on-body");
    box.replaceChildren(h("p", { class: "hint" }, "Loading move-on board…"));
    let items;
    try {
      const data = await api("GET", "/premises/" + encodeURIComponent(premisesId) + "/move-on");
      items = Array.isArray(data) ? data : data.items || [];
    } catch (e) {
      if (e.status !== 401) unavailable(box, "move-on");
      return;
    }
    if (items.length === 0) {
      box.replaceChildren(h("p", { class: "hint" }, "No residents due to move on."));
      return;
    }
    const today = (state.occupancy && state.occupancy.today) || londonToday();
    box.replaceChildren(h("table", { class: "table", id: "move-on-table" },
      h("caption", { class: "visually-hidden" }, "Move-on board"),
      h("thead", {}, h("tr", {}, ["Resident", "CRN", "Bed", "Departure", "Time left", "Move-on", "Where to", "Available from", "Open alerts"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, items.map((b) => {
        const moveOn = b.moveOn || {};
        const person = b.person || {};
        const departure = b.expectedDepartureDate || b.departureDate;
        const daysLeft = typeof b.daysLeft === "number" ? b.daysLeft : departure ? Math.round((parseDate(departure) - parseDate(today)) / 86400000) : null;
        const secured = moveOn.secured === true;
        return h("tr", { "data-booking-id": b.bookingId },
          h("td", {}, person.name || ""),
          h("td", {}, person.crn || ""),
          h("td", {}, b.bedId || ""),
          h("td", {}, departure ? shortDate(departure) : ""),
          h("td", {}, daysLeft === null ? "" : h("span", { class: "tag" + (secured ? " tag--low" : daysLeft <= 7 ? " tag--high" : daysLeft <= 28 ? " tag--medium" : "") }, daysText(daysLeft))),
          h("td", {}, label(MOVE_ON_STATUS, moveOn.status) + (secured ? " (secured)" : "")),
          h("td", {}, label(MOVE_ON_CATEGORIES, moveOn.category)),
          h("td", {}, moveOn.availableFrom ? shortDate(moveOn.availableFrom) : ""),
          h("td", { class: "num" }, String((b.openAlerts && b.openAlerts.count) || 0)));
      }))));
  }

  // --- CRU area view ---------------------------------------------------------------------
  function sparkline(values, beds, from) {
    const w = 4, gap = 1, height = 28;
    const max = Math.max(1, beds, ...values);
    const min = Math.min(...values);
    const chart = svg("svg", {
      class: "sparkline", width: values.length * (w + gap), height: height + 2, viewBox: "0 0 " + values.length * (w + gap) + " " + (height + 2),
      role: "img", "aria-label": "Free beds over the 28 nights from " + shortDate(from) + ": lowest " + min + ", highest " + Math.max(...values),
    });
    values.forEach((v, i) => {
      const barHeight = v === 0 ? 3 : Math.max(2, Math.round((v / max) * height));
      const rect = svg("rect", { x: i * (w + gap), y: height - barHeight, width: w, height: barHeight, "data-free": v });
      if (v === 0) rect.setAttribute("class", "is-none");
      rect.append(svg("title"));
      rect.firstChild.textContent = shortDate(addDays(from, i)) + ": " + v + " free";
      chart.append(rect);
    });
    chart.append(svg("line", { x1: 0, x2: values.length * (w + gap), y1: height + 0.5, y2: height + 0.5 }));
    return chart;
  }

  async function loadArea() {
    const box = $("area-body");
    const q = new URLSearchParams();
    if ($("area-select").value) q.set("area", $("area-select").value);
    if ($("area-date").value) q.set("date", $("area-date").value);
    box.setAttribute("aria-busy", "true");
    try {
      const items = [];
      let date;
      let cursor;
      do {
        if (cursor) q.set("cursor", cursor);
        const page = await api("GET", "/occupancy?" + q.toString());
        date = page.date;
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (!$("area-date").value) $("area-date").value = date;
      const total = items.reduce((s, p) => s + p.free, 0);
      box.replaceChildren(h("table", { class: "table", id: "area-table", "data-date": date },
        h("caption", {}, items.length + " premises, " + total + " beds free on " + longDate(date)),
        h("thead", {}, h("tr", {},
          h("th", { scope: "col" }, "Premises"), h("th", { scope: "col" }, "Area"),
          ["Beds", "Occupied", "Buffer", "Out of service", "Free"].map((c) => h("th", { scope: "col", class: "num" }, c)),
          h("th", { scope: "col" }, "Lowest free, next 28 nights"), h("th", { scope: "col" }, "Free beds, next 28 nights"),
          h("th", { scope: "col", class: "num" }, "Open alerts"))),
        h("tbody", {}, items.map((p) => {
          const open = h("button", { type: "button", class: "link-button" }, p.name);
          open.addEventListener("click", () => {
            $("premises-select").value = p.premisesId;
            loadPremisesView();
            $("premises-heading").scrollIntoView();
            $("premises-select").focus();
          });
          return h("tr", { "data-premises-id": p.premisesId },
            h("th", { scope: "row" }, open),
            h("td", {}, label(AREAS, p.area)),
            [p.beds, p.occupied, p.buffer, p.outOfService, p.free].map((n) => h("td", { class: "num" }, String(n))),
            h("td", {}, p.lowestFreeNext28.count + " on " + shortDate(p.lowestFreeNext28.date)),
            h("td", {}, sparkline(p.freeNext28, p.beds, date)),
            h("td", { class: "num" }, String(p.openAlerts)));
        }))));
    } catch (e) {
      if (e.status !== 401) box.replaceChildren(h("p", { class: "notice notice--error" }, "The area view could not be loaded: " + e.message));
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  async function downloadCsv() {
    const occ = state.occupancy;
    if (!occ) return;
    try {
      const path = "/premises/" + encodeURIComponent(occ.premisesId) + "/occupancy.csv?from=" + occ.from + "&to=" + occ.to;
      const text = await api("GET", path, undefined, "text/csv");
      const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      const a = h("a", { href: url, download: "occupancy-" + occ.premisesId + "-" + occ.from + "-" + occ.to + ".csv", hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      if (e.status !== 401) say("The CSV could not be downloaded: " + e.message, "error");
    }
  }

  async function start() {
    for (const [slug, name] of Object.entries(AREAS)) $("area-select").append(h("option", { value: slug }, name));
    $("local-sign-in-form").addEventListener("submit", localSignIn);
    $("cognito-sign-in-button").addEventListener("click", () => beginCognito().catch((e) => signInError(e.message)));
    $("sign-out").addEventListener("click", () => signOut());
    $("calendar-form").addEventListener("submit", (e) => { e.preventDefault(); loadPremisesView(); });
    $("premises-select").addEventListener("change", () => loadPremisesView());
    $("area-form").addEventListener("submit", (e) => { e.preventDefault(); loadArea(); });
    $("download-csv").addEventListener("click", downloadCsv);
    try {
      state.config = await (await fetch("/app/config.json")).json();
    } catch (e) {
      state.config = { mode: "unavailable" };
    }
    const params = new URLSearchParams(location.search);
    if (state.config.mode === "cognito" && (params.has("code") || params.has("error"))) {
      try {
        await finishCognito(params);
      } catch (e) {
        showSignIn();
        signInError(e.message);
        return;
      }
    }
    const token = sessionStorage.getItem(TOKEN_KEY);
    const claims = token && decodeClaims(token);
    if (token && claims && !(claims.exp && claims.exp * 1000 < Date.now())) {
      setToken(token);
      await enterWorkspace();
    } else {
      setToken(null);
      showSignIn();
    }
  }

  document.addEventListener("DOMContentLoaded", () => { start(); });
})();
`;
