/**
 * GOV.UK Design System look without loading anything: system fonts in the GDS Transport
 * stack, black header, #1d70b8 links, #00703c buttons, the yellow focus style. Calendar
 * kinds differ by letter and pattern as well as colour, so nothing relies on colour alone.
 */
export const APP_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { background: #f3f2f1; }
body {
  margin: 0; background: #fff; color: #0b0c0c;
  font-family: "GDS Transport", arial, "Helvetica Neue", helvetica, sans-serif;
  font-size: 1rem; line-height: 1.35; -webkit-font-smoothing: antialiased;
}
.width-container { max-width: 1400px; margin: 0 auto; padding: 0 20px; }
main { padding-top: 20px; padding-bottom: 40px; display: block; min-height: 60vh; }
main:focus { outline: none; }
a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.1em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; text-decoration-thickness: 3px; }
:focus-visible, a:focus, .link-button:focus {
  outline: 3px solid transparent; color: #0b0c0c; background-color: #fd0;
  box-shadow: 0 -2px #fd0, 0 4px #0b0c0c; text-decoration: none;
}
.skip-link { position: absolute; left: -9999px; padding: 10px 15px; }
.skip-link:focus { left: 0; top: 0; z-index: 10; }
.visually-hidden {
  position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important;
  padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important;
}
.app-header { background: #0b0c0c; color: #fff; border-bottom: 10px solid #1d70b8; }
.app-header__inner { display: flex; flex-wrap: wrap; align-items: center; gap: 15px; padding-top: 12px; padding-bottom: 10px; }
.app-header__title { font-weight: 700; font-size: 1.5rem; margin-right: auto; }
.app-header__who { font-size: 1rem; }
.app-header .link-button { color: #fff; }
.app-header .link-button:focus { color: #0b0c0c; }
.app-footer { background: #f3f2f1; border-top: 1px solid #b1b4b6; padding: 25px 0; color: #505a5f; }
.heading-l { font-size: 2.25rem; line-height: 1.1; margin: 0 0 20px; font-weight: 700; }
.heading-m { font-size: 1.5rem; margin: 35px 0 15px; font-weight: 700; }
.heading-s { font-size: 1.1875rem; margin: 15px 0 10px; font-weight: 700; }
.hint { color: #505a5f; margin: 0 0 10px; }
.form-group { margin-bottom: 20px; }
.form-group--inline { display: inline-block; margin-right: 15px; vertical-align: bottom; }
.label { display: block; font-weight: 700; margin-bottom: 5px; }
.input, .select {
  font: inherit; font-size: 1.1875rem; border: 2px solid #0b0c0c; border-radius: 0; padding: 5px; min-height: 40px; background: #fff; color: #0b0c0c;
}
.input { width: 100%; max-width: 30em; }
.input--date { width: auto; }
.input:focus, .select:focus { outline: 3px solid #fd0; outline-offset: 0; box-shadow: inset 0 0 0 2px; background: #fff; }
.controls { margin-bottom: 10px; }
.button {
  font: inherit; font-size: 1.1875rem; line-height: 1.2; display: inline-block; padding: 8px 10px 7px; margin: 0 10px 22px 0;
  border: 2px solid transparent; border-radius: 0; color: #fff; background: #00703c; box-shadow: 0 2px 0 #002d18; cursor: pointer; vertical-align: bottom;
}
.button:hover { background: #005a30; }
.button:focus, .button:focus-visible { border-color: #fd0; outline: 3px solid transparent; background: #fd0; color: #0b0c0c; box-shadow: inset 0 0 0 1px #fd0, 0 2px 0 #0b0c0c; }
.button--secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
.button--secondary:hover { background: #dbdad9; }
.button--small { font-size: 1rem; padding: 4px 8px 3px; margin: 0; }
.button:disabled { opacity: 0.5; cursor: not-allowed; }
.link-button { font: inherit; background: none; border: 0; padding: 0; color: #1d70b8; text-decoration: underline; cursor: pointer; }
.error-summary { border: 5px solid #d4351c; padding: 15px; margin-bottom: 20px; font-weight: 700; }
.error-summary:focus { outline: 3px solid #fd0; }
.notice { padding: 10px 15px; margin-bottom: 20px; border-left: 5px solid #1d70b8; background: #f3f2f1; }
.notice--error { border-color: #d4351c; }
.notice--success { border-color: #00703c; }
#status:empty { display: none; }

.table { border-collapse: collapse; width: 100%; margin-bottom: 20px; }
.table th, .table td { text-align: left; padding: 8px 10px 8px 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
.table th { font-weight: 700; }
.table td.num, .table th.num { text-align: right; padding-right: 15px; }
.table caption { text-align: left; font-weight: 700; font-size: 1.1875rem; margin-bottom: 10px; }
.columns { display: flex; flex-wrap: wrap; gap: 30px; }
.columns > * { flex: 1 1 320px; }
.tag { display: inline-block; padding: 2px 6px; font-weight: 700; font-size: 0.875rem; text-transform: uppercase; letter-spacing: 0.5px; background: #d2e2f1; color: #0c2d4a; }
.tag--very-high, .tag--high, .tag--emergency { background: #f4cdc6; color: #2a0b06; }
.tag--medium, .tag--short-notice { background: #fff7bf; color: #594d00; }
.tag--low, .tag--standard { background: #cce2d8; color: #005a30; }

.legend { list-style: none; padding: 0; margin: 0 0 10px; display: flex; flex-wrap: wrap; gap: 8px 25px; }
.legend li { display: flex; align-items: center; gap: 8px; }
.cell-swatch { display: inline-flex; align-items: center; justify-content: center; width: 26px; height: 26px; border: 1px solid #505a5f; font-weight: 700; }
.cell-swatch--today { background: #fff; border: 1px solid #505a5f; border-left: 4px solid #d4351c; border-right: 4px solid #d4351c; }

.calendar-wrap { overflow-x: auto; border: 1px solid #b1b4b6; max-width: 100%; }
.calendar { border-collapse: separate; border-spacing: 0; font-size: 0.8125rem; }
.calendar th, .calendar td { border-right: 1px solid #dedede; border-bottom: 1px solid #dedede; padding: 0; text-align: center; }
.calendar thead th { background: #f3f2f1; font-weight: 400; position: sticky; top: 0; }
.calendar .calendar__month { text-align: left; font-weight: 700; padding: 3px 5px; border-left: 2px solid #505a5f; }
.calendar .calendar__date { min-width: 24px; padding: 2px 0; }
.calendar__dow, .calendar__dom { display: block; line-height: 1.2; }
.calendar__dom { font-weight: 700; }
.calendar .is-monday { border-left: 2px solid #b1b4b6; }
.calendar th[scope="row"], .calendar .calendar__bed-head {
  position: sticky; left: 0; z-index: 1; background: #fff; text-align: left; padding: 2px 8px; white-space: nowrap; font-weight: 700; min-width: 120px;
}
.calendar thead .calendar__bed-head { z-index: 2; background: #f3f2f1; }
.calendar__room { display: block; font-weight: 400; color: #505a5f; font-size: 0.75rem; }
.calendar td { height: 30px; min-width: 24px; font-weight: 700; cursor: default; }
.calendar td[data-kind="occupied"], .calendar td[data-kind="buffer"], .calendar td[data-kind="out-of-service"] { cursor: pointer; }
.calendar .is-today { border-left: 4px solid #d4351c; border-right: 4px solid #d4351c; }
.calendar thead .is-today { background: #0b0c0c; color: #fff; }
.calendar tfoot th, .calendar tfoot td { background: #f3f2f1; font-weight: 700; height: 26px; }
.calendar tfoot td.is-none { background: #f4cdc6; color: #2a0b06; }
.cell--occupied { background: #1d70b8; color: #fff; }
.cell--buffer { background: repeating-linear-gradient(135deg, #fff7bf 0 4px, #ffe57a 4px 8px); color: #0b0c0c; }
.cell--out-of-service { background: repeating-linear-gradient(45deg, #b1b4b6 0 3px, #dedede 3px 6px); color: #0b0c0c; }
.cell--free { background: #fff; }
.calendar td.is-selected { outline: 3px solid #fd0; outline-offset: -3px; box-shadow: inset 0 0 0 5px #0b0c0c; }
.cell-button { font: inherit; font-weight: 700; color: inherit; background: transparent; border: 0; width: 100%; height: 100%; min-height: 28px; padding: 0; cursor: pointer; }
.cell-button:focus { outline: 3px solid #fd0; outline-offset: -3px; background: #fd0; color: #0b0c0c; box-shadow: none; }
.detail { border-left: 5px solid #1d70b8; background: #f3f2f1; padding: 10px 15px; margin: 15px 0; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 20px; margin: 0; }
.detail dt { font-weight: 700; }
.detail dd { margin: 0; }
.sparkline { display: block; }
.sparkline rect { fill: #00703c; }
.sparkline rect.is-none { fill: #d4351c; }
.sparkline line { stroke: #505a5f; stroke-width: 1; }
@media (max-width: 640px) {
  .heading-l { font-size: 1.75rem; }
  .form-group--inline { display: block; }
}
@media (forced-colors: active) {
  .cell--occupied, .cell--buffer, .cell--out-of-service { forced-color-adjust: none; }
}
`;
