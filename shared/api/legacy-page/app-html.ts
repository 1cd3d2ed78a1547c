/**
 * The one HTML page. No inline script or style (the CSP forbids both); everything the
 * page does is in /app/app.js, its look in /app/app.css.
 */
export const APP_HTML = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Approved Premises bed manager</title>
<link rel="stylesheet" href="/app/app.css">
<script src="/app/app.js" defer></script>
</head>
<body>
<a href="#main" class="skip-link">Skip to main content</a>
<header class="app-header">
  <div class="width-container app-header__inner">
    <span class="app-header__title">Approved Premises bed manager</span>
    <span class="app-header__who" id="who"></span>
    <button type="button" class="link-button app-header__sign-out" id="sign-out" hidden>Sign out</button>
  </div>
</header>
<main id="main" class="width-container" tabindex="-1">
  <div id="status" role="status" aria-live="polite"></div>
  <noscript><p class="notice notice--error">This service needs JavaScript switched on.</p></noscript>

  <section id="sign-in" aria-labelledby="sign-in-heading" hidden>
    <h1 class="heading-l" id="sign-in-heading">Sign in</h1>
    <div id="sign-in-error" class="error-summary" role="alert" tabindex="-1" hidden></div>
    <form id="local-sign-in-form" class="form" novalidate hidden>
      <p class="hint">Local development sign-in: choose who you are acting as.</p>
      <div class="form-group">
        <label class="label" for="sign-in-role">Role</label>
        <select class="select" id="sign-in-role" name="role">
          <option value="ap-manager">AP manager</option>
          <option value="cru">Central Referral Unit (CRU)</option>
          <option value="admin">Administrator</option>
        </select>
      </div>
      <div class="form-group">
        <label class="label" for="sign-in-user">User name</label>
        <input class="input" id="sign-in-user" name="user" type="text" autocomplete="username" spellcheck="false" maxlength="64">
      </div>
      <div class="form-group">
        <label class="label" for="sign-in-premises">Premises</label>
        <div class="hint" id="sign-in-premises-hint">For an AP manager: the premises ids you manage, separated by commas, for example ldn-camberwell</div>
        <input class="input" id="sign-in-premises" name="premises" type="text" spellcheck="false" aria-describedby="sign-in-premises-hint">
      </div>
      <button type="submit" class="button">Sign in</button>
    </form>
    <div id="cognito-sign-in" hidden>
      <p>Sign in with your probation service account.</p>
      <button type="button" class="button" id="cognito-sign-in-button">Sign in</button>
    </div>
  </section>

  <div id="workspace" hidden>
    <h1 class="visually-hidden">Approved Premises bed manager</h1>
    <section id="area-view" aria-labelledby="area-heading" hidden>
      <h2 class="heading-l" id="area-heading">Beds across the estate</h2>
      <form id="area-form" class="controls">
        <div class="form-group form-group--inline">
          <label class="label" for="area-select">Area</label>
          <select class="select" id="area-select"><option value="">All areas</option></select>
        </div>
        <div class="form-group form-group--inline">
          <label class="label" for="area-date">Date</label>
          <input class="input input--date" id="area-date" type="date">
        </div>
        <button type="submit" class="button">Show</button>
      </form>
      <div id="area-body"></div>
    </section>

    <section id="premises-view" aria-labelledby="premises-heading">
      <h2 class="heading-l" id="premises-heading">Bed calendar</h2>
      <form id="calendar-form" class="controls">
        <div class="form-group form-group--inline">
          <label class="label" for="premises-select">Premises</label>
          <select class="select" id="premises-select"></select>
        </div>
        <div class="form-group form-group--inline">
          <label class="label" for="calendar-from">From</label>
          <input class="input input--date" id="calendar-from" type="date">
        </div>
        <div class="form-group form-group--inline">
          <label class="label" for="calendar-nights">Nights shown</label>
          <select class="select" id="calendar-nights">
            <option value="7">7 nights</option>
            <option value="42">42 nights</option>
            <option value="56">56 nights</option>
            <option value="84" selected>84 nights</option>
            <option value="182">182 nights</option>
            <option value="364">364 nights</option>
          </select>
        </div>
        <button type="submit" class="button">Show</button>
        <button type="button" class="button button--secondary" id="download-csv">Download CSV</button>
      </form>

      <ul class="legend" aria-label="Key to the calendar">
        <li><span class="cell-swatch cell--occupied" aria-hidden="true">O</span> Occupied</li>
        <li><span class="cell-swatch cell--buffer" aria-hidden="true">B</span> Buffer (held after a departure)</li>
        <li><span class="cell-swatch cell--out-of-service" aria-hidden="true">X</span> Out of service</li>
        <li><span class="cell-swatch cell--free" aria-hidden="true"></span> Free</li>
        <li><span class="cell-swatch cell-swatch--today" aria-hidden="true"></span> Today</li>
      </ul>
      <div id="calendar" class="calendar-wrap" role="region" aria-label="Bed calendar" tabindex="0"></div>
      <div id="cell-detail" class="detail" aria-live="polite" hidden></div>

      <section aria-labelledby="week-heading">
        <h2 class="heading-m" id="week-heading">Arrivals and departures this week</h2>
        <div id="week-body" class="columns"></div>
      </section>

      <section aria-labelledby="alerts-heading">
        <h2 class="heading-m" id="alerts-heading">Open alerts</h2>
        <div id="alerts-body"></div>
      </section>

      <section aria-labelledby="move-on-heading">
        <h2 class="heading-m" id="move-on-heading">Move-on board</h2>
        <div id="move-on-body"></div>
      </section>
    </section>
  </div>
</main>
<footer class="app-footer"><div class="width-container">Approved Premises bed and referral manager</div></footer>
</body>
</html>
`;
