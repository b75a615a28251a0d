// The fleet screen: one command to the vehicles ticked in the list. It moves through four views
// in one dialog: the command's form (the same forms as for one vehicle), Rust's preview and
// confirmation, the run (a progress bar, counts, and a table of every vehicle, sortable and
// filterable, drawn only where it is on screen), and the past runs (from the journal, where an
// interrupted run can be resumed). Rust batches the run's progress (at most ten updates a second);
// the page draws at most once a frame.
import { errorMessage } from "./format.js";
import { END_STAGES, RunRows, STAGES, defaultView, durationWords, rowCause, viewRows } from "./fleetrows.js";
import { FEATURES, renderForm } from "./forms/index.js";
import * as ipc from "./ipc.js";
import { newRequestId } from "./journal.js";
import { byId } from "./view.js";

/** Height of one row of the run's table, in pixels (the CSS says the same). */
const ROW_HEIGHT = 34;
/** Rows drawn above and below those on screen. */
const OVERSCAN = 8;
/** How often the page checks that it still answers while a run is live (see `watchResponsiveness`). */
const HEARTBEAT_MS = 20;
/** How often a run this page does not follow itself (opened from the past runs) is read again. */
const REREAD_MS = 1000;

/**
 * A number as the page's language writes it ("10,000", "10 000").
 * @param {number} n
 */
function formatCount(n) {
  return n.toLocaleString(document.documentElement.lang || undefined);
}

/** The counts shown above the table, in this order. */
const COUNTED = ["queued", "sent", "pending", "succeeded", "failed", "unknown", "refused", "unsupported", "notSent"];

/**
 * @typedef {{
 *   runId: string,
 *   feature: string,
 *   key: string,
 *   name: string,
 *   input: Record<string, unknown>,
 *   rows: RunRows,
 *   counts: import("./ipc.js").FleetCounts | null,
 *   finished: boolean,
 *   cancelled: boolean,
 *   interrupted: boolean,
 *   following: boolean,
 * }} Run
 */

export class FleetScreen {
  /**
   * @param {{
   *   t: (key: string, vars?: Record<string, string>) => string,
   *   explain: import("./explanations.js").Explain,
   *   label: (vehicleId: string) => string,
   *   vinTail: (vehicleId: string) => string,
   *   perf: Record<string, number>,
   *   onRunEnded: (vehicleIds: string[]) => void,
   *   onRunsChanged: (interrupted: number) => void,
   * }} options
   */
  constructor(options) {
    this.t = options.t;
    this.explain = options.explain;
    this.label = options.label;
    this.vinTail = options.vinTail;
    this.perf = options.perf;
    this.onRunEnded = options.onRunEnded;
    this.onRunsChanged = options.onRunsChanged;
    this.dialog = /** @type {HTMLDialogElement} */ (byId("fleet"));
    /** @type {string[]} the vehicles the command is for */
    this.ids = [];
    this.feature = "locking";
    /** @type {{key: string, name: string, input: Record<string, unknown>} | null} */
    this.command = null;
    /** @type {any} Rust's preview of `command` to `ids` */
    this.preview = null;
    /** @type {Run | null} */
    this.run = null;
    this.view = defaultView();
    /** @type {string[]} the vehicles the table shows, in its order */
    this.shown = [];
    /** The view `shown` was sorted and filtered for; stages moving do not change a by-name order. */
    this.shownFor = "";
    /** @type {Map<string, string>} each vehicle's name and VIN end, as sorted and searched */
    this.names = new Map();
    /** @type {HTMLElement[]} */
    this.pool = [];
    this.drawPending = false;
    /** @type {ReturnType<typeof setTimeout> | 0} */
    this.reread = 0;
    /** @type {(() => void) | null} stops the responsiveness watch */
    this.stopWatch = null;
    /** @type {import("./forms/render.js").FormHandle | null} */
    this.form = null;

    const select = /** @type {HTMLSelectElement} */ (byId("fleet-feature"));
    select.replaceChildren(
      ...FEATURES.map((feature) => {
        const option = document.createElement("option");
        option.value = feature;
        option.textContent = this.t(`feature_${feature}`);
        return option;
      }),
    );
    select.addEventListener("change", () => {
      this.feature = select.value;
      this.drawForm();
    });
    const stage = /** @type {HTMLSelectElement} */ (byId("fleet-filter-stage"));
    stage.replaceChildren(
      ...["", "retryable", ...STAGES].map((value) => {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = value === "" ? this.t("fleetAllStages") : value === "retryable" ? this.t("fleetRetryable") : this.t(`fleetStage_${value}`);
        return option;
      }),
    );
    stage.addEventListener("input", () => {
      this.view.stage = stage.value;
      this.refilter();
    });
    byId("fleet-filter-text").addEventListener("input", (event) => {
      this.view.text = /** @type {HTMLInputElement} */ (event.target).value;
      this.refilter();
    });
    for (const header of /** @type {NodeListOf<HTMLButtonElement>} */ (this.dialog.querySelectorAll("[data-sort]"))) {
      header.addEventListener("click", () => {
        const sort = /** @type {RowViewSort} */ (header.dataset.sort);
        this.view.descending = this.view.sort === sort ? !this.view.descending : false;
        this.view.sort = sort;
        this.refilter();
      });
    }
    const body = byId("fleet-rows");
    this.spacer = document.createElement("div");
    this.spacer.className = "list-spacer";
    body.replaceChildren(this.spacer);
    body.addEventListener("scroll", () => this.drawRows(), { passive: true });
    new ResizeObserver(() => this.drawRows()).observe(body);

    byId("fleet-close").addEventListener("click", () => this.dialog.close());
    byId("fleet-back").addEventListener("click", () => this.showView("compose"));
    byId("fleet-send").addEventListener("click", () => this.start());
    byId("fleet-cancel").addEventListener("click", () => this.cancel());
    byId("fleet-retry").addEventListener("click", () => this.retry());
    byId("fleet-export").addEventListener("click", () => this.exportRows());
    byId("fleet-show-runs").addEventListener("click", () => this.openRuns());
    byId("fleet-new").addEventListener("click", () => this.showView(this.ids.length ? "compose" : "runs"));
    this.dialog.addEventListener("close", () => this.stopReread());
  }

  /**
   * Opens the command form for `ids` (a run still live stays live: its view is one click away).
   * @param {string[]} ids
   */
  open(ids) {
    this.ids = ids;
    this.command = null;
    this.preview = null;
    this.showView("compose");
    /** @type {HTMLSelectElement} */ (byId("fleet-feature")).value = this.feature;
    this.drawForm();
    this.showModal();
    byId("fleet-feature").focus();
  }

  showModal() {
    if (!this.dialog.open) {
      this.dialog.showModal();
    }
  }

  /** @param {"compose" | "preview" | "run" | "runs"} view */
  showView(view) {
    for (const [id, name] of /** @type {const} */ ([
      ["fleet-compose", "compose"],
      ["fleet-preview", "preview"],
      ["fleet-run", "run"],
      ["fleet-runs-view", "runs"],
    ])) {
      byId(id).hidden = name !== view;
    }
    this.dialog.dataset.view = view;
    byId("fleet-heading").textContent =
      view === "runs"
        ? this.t("fleetRunsHeading")
        : view === "run" && this.run
          ? this.t("fleetRunHeading", { command: this.run.name, count: formatCount(this.run.rows.order.length) })
          : this.t("fleetHeading", { count: formatCount(this.ids.length) });
    byId("fleet-new").hidden = view === "compose" || this.ids.length === 0;
    byId("fleet-error").hidden = true;
    if (view === "run") {
      this.refilter();
    }
  }

  drawForm() {
    this.form = renderForm(this.feature, byId("fleet-form"), {
      t: this.t,
      vehicle: null,
      support: undefined,
      usage: null,
      busy: new Set(),
      idPrefix: "fleet-",
      send: (key, input) => this.showPreview(key, input),
    });
  }

  /**
   * The name of the control `key` of the fleet form, for the run's heading.
   * @param {string} key
   */
  actionName(key) {
    const control = byId("fleet-form").querySelector(`[data-action="${CSS.escape(key)}"]`);
    const words = control?.getAttribute("data-name") || control?.textContent?.trim() || "";
    const feature = this.t(`feature_${this.feature}`);
    const titled = control?.closest(".form-section")?.querySelector(":scope > legend");
    return !words ? feature : titled ? `${feature}: ${words}` : words;
  }

  /**
   * Asks Rust what sending `input` to the vehicles would do, and shows it with its confirmation.
   * @param {string} key
   * @param {Record<string, unknown>} input
   * @param {string} [name]
   */
  async showPreview(key, input, name) {
    const command = { key, name: name ?? this.actionName(key), input };
    const ids = this.ids;
    const started = performance.now();
    try {
      const preview = await ipc.fleetPreview(ids, input);
      this.perf.fleetPreviewMs = performance.now() - started;
      if (ids !== this.ids) {
        return;
      }
      this.command = command;
      this.preview = preview;
      this.drawPreview();
      this.showView("preview");
      this.perf.fleetPreviewShownAt = performance.now();
      byId("fleet-send").focus();
    } catch (error) {
      if (!this.form?.markErrors(error)) {
        const line = byId("fleet-form-error");
        line.textContent = errorMessage(error, this.t);
        line.hidden = false;
      }
      return;
    }
    byId("fleet-form-error").hidden = true;
  }

  drawPreview() {
    const { t, preview, command } = this;
    if (!preview || !command) {
      return;
    }
    const sent = preview.supported + preview.unknownSupport;
    /** @type {[string, number, string][]} */
    const facts = [
      ["total", preview.total, t("fleetPreviewTotal")],
      ["supported", preview.supported, t("fleetPreviewSupported")],
      ["unknownSupport", preview.unknownSupport, t("fleetPreviewUnknown")],
      ["unsupported", preview.unsupported, t("fleetPreviewUnsupported")],
      ["asleep", preview.asleep, t("fleetPreviewAsleep")],
      ["wakeBudgetNear", preview.wakeBudgetNear, t("fleetPreviewWakeNear")],
      ["wakeBudgetExhausted", preview.wakeBudgetExhausted, t("fleetPreviewWakeOut")],
      ["notInAccount", preview.notInAccount, t("fleetPreviewNotInAccount")],
      ["duplicates", preview.duplicates, t("fleetPreviewDuplicates")],
    ];
    const list = byId("fleet-preview-facts");
    list.replaceChildren();
    for (const [key, count, words] of facts) {
      if (count === 0 && !["total", "supported", "unsupported", "asleep"].includes(key)) {
        continue;
      }
      const dt = document.createElement("dt");
      dt.textContent = words;
      const dd = document.createElement("dd");
      dd.dataset.count = key;
      dd.textContent = formatCount(count);
      if ((key === "wakeBudgetExhausted" || key === "notInAccount") && count > 0) {
        dd.className = "alert";
      }
      list.append(dt, dd);
    }
    const dt = document.createElement("dt");
    dt.textContent = t("fleetPreviewDuration");
    const dd = document.createElement("dd");
    dd.dataset.count = "seconds";
    dd.textContent = t("fleetPreviewPace", { duration: durationWords(preview.seconds), pace: String(Math.round(preview.perSecond)) });
    list.append(dt, dd);
    byId("fleet-preview-command").textContent = command.name;
    byId("fleet-confirmation").textContent = preview.confirmation;
    const send = /** @type {HTMLButtonElement} */ (byId("fleet-send"));
    send.textContent = t("fleetSendCount", { count: formatCount(sent) });
    send.className = preview.guarded ? "danger" : "";
    send.disabled = sent === 0;
    send.dataset.feature = String(command.input.feature);
    send.dataset.action = command.key;
  }

  /** Sends the previewed command: Rust records the run before anything goes. */
  async start() {
    const { preview, command } = this;
    if (!preview || !command) {
      return;
    }
    const send = /** @type {HTMLButtonElement} */ (byId("fleet-send"));
    send.disabled = true;
    const runId = newRequestId();
    const run = this.newRun(runId, String(command.input.feature), command.key, command.name, command.input, [...new Set(this.ids)]);
    try {
      const started = await ipc.fleetStart(runId, this.ids, command.input, preview.guarded, preview.total, (update) => this.onUpdate(run, update));
      run.following = !started.existing;
      this.showRun(run);
    } catch (error) {
      send.disabled = false;
      const line = byId("fleet-error");
      line.textContent = errorMessage(error, this.t);
      line.hidden = false;
    }
  }

  /**
   * @param {string} runId
   * @param {string} feature
   * @param {string} key the action key of the control that sent it ("" when not known)
   * @param {string} name
   * @param {Record<string, unknown>} input
   * @param {string[]} ids
   * @returns {Run}
   */
  newRun(runId, feature, key, name, input, ids) {
    return { runId, feature, key, name, input, rows: new RunRows(ids), counts: null, finished: false, cancelled: false, interrupted: false, following: true };
  }

  /** @param {Run} run */
  showRun(run) {
    this.stopReread();
    this.run = run;
    this.names.clear();
    this.view = { ...defaultView(), stage: this.view.stage, text: this.view.text };
    this.showView("run");
    this.drawRun();
    byId("fleet-rows").scrollTop = 0;
    if (!run.finished) {
      this.watchResponsiveness();
    }
  }

  /**
   * One of Rust's batched updates.
   * @param {Run} run
   * @param {import("./ipc.js").FleetUpdate} update
   */
  onUpdate(run, update) {
    const started = performance.now();
    run.rows.apply(update.rows);
    run.counts = update.counts;
    run.cancelled = update.cancelled;
    this.perf.fleetUpdates = (this.perf.fleetUpdates ?? 0) + 1;
    if (update.finished && !run.finished) {
      run.finished = true;
      this.ended(run);
    }
    if (run === this.run) {
      this.scheduleDraw();
    }
    this.noteWork(started);
  }

  /** Keeps the longest time the page spent on one update or one drawing (the end-to-end run prints it). @param {number} started */
  noteWork(started) {
    this.perf.fleetMaxWorkMs = Math.max(this.perf.fleetMaxWorkMs ?? 0, performance.now() - started);
  }

  /** @param {Run} run */
  ended(run) {
    this.stopWatch?.();
    this.perf.fleetEndedAt = performance.now();
    this.onRunEnded(run.rows.order);
    if (!document.hasFocus()) {
      const counts = run.counts;
      const body = counts ? this.t("fleetNotice", { succeeded: formatCount(counts.succeeded), total: formatCount(counts.total), failed: formatCount(counts.total - counts.succeeded) }) : "";
      ipc.notify(this.t("fleetRunHeading", { command: run.name, count: formatCount(run.rows.order.length) }), body).catch(() => {
        // No notification service on this desktop: the dialog still shows the end.
      });
    }
    this.refreshRunsBadge();
  }

  scheduleDraw() {
    if (this.drawPending) {
      return;
    }
    this.drawPending = true;
    requestAnimationFrame(() => {
      const started = performance.now();
      this.drawPending = false;
      this.drawRun();
      this.noteWork(started);
    });
  }

  /** The bar, the counts, the buttons and the table of the run shown. */
  drawRun() {
    const run = this.run;
    if (!run || this.dialog.dataset.view !== "run") {
      return;
    }
    const total = run.rows.order.length;
    const counts = run.counts ?? countRows(run.rows);
    const ended = counts.succeeded + counts.failed + counts.unknown + counts.refused + counts.unsupported + counts.notSent;
    const bar = /** @type {HTMLProgressElement} */ (byId("fleet-progress"));
    bar.max = Math.max(1, total);
    bar.value = ended;
    bar.dataset.ended = String(ended);
    const state = run.finished ? (run.cancelled ? "fleetCancelled" : "fleetFinished") : run.interrupted ? "fleetInterrupted" : "fleetRunning";
    byId("fleet-progress-text").textContent = `${this.t(state)} · ${this.t("fleetEnded", { ended: formatCount(ended), total: formatCount(total) })}`;
    byId("fleet-run").dataset.finished = String(run.finished);
    const list = byId("fleet-counts");
    list.replaceChildren();
    for (const stage of COUNTED) {
      const dt = document.createElement("dt");
      dt.textContent = this.t(`fleetStage_${stage}`);
      const dd = document.createElement("dd");
      dd.dataset.stage = stage;
      dd.textContent = formatCount(/** @type {any} */ (counts)[stage] ?? 0);
      // One group per count, so that a count never wraps away from its name.
      const group = document.createElement("div");
      group.append(dt, dd);
      list.append(group);
    }
    const retryable = run.finished || run.interrupted ? run.rows.retryable().length : 0;
    const cancel = /** @type {HTMLButtonElement} */ (byId("fleet-cancel"));
    cancel.hidden = run.finished || run.interrupted || !run.following;
    cancel.disabled = run.cancelled;
    const retry = /** @type {HTMLButtonElement} */ (byId("fleet-retry"));
    retry.hidden = !(run.finished || run.interrupted);
    // An interrupted run always has vehicles to resume: those still on their way are followed.
    retry.disabled = !run.interrupted && retryable === 0;
    retry.textContent = run.interrupted ? this.t("fleetResume") : this.t("fleetRetryCount", { count: formatCount(retryable) });
    // Sorted by name with no filter, the order stays as the rows move: only redraw them.
    const view = this.view;
    const stable = view.sort === "vehicle" && !view.stage && !view.text && this.shownFor === `${run.runId}/${JSON.stringify(view)}/${total}`;
    if (stable) {
      this.drawRows();
    } else {
      this.refilter();
    }
  }

  /** Sorts and filters the rows again, then draws those on screen. */
  refilter() {
    if (!this.run) {
      return;
    }
    // Sorted and searched by name, then by the VIN's end that tells vehicles of one model apart
    // (worked out once per vehicle).
    const named = (/** @type {string} */ id) => {
      let name = this.names.get(id);
      if (name === undefined) {
        name = `${this.label(id)} ${this.vinTail(id)}`;
        this.names.set(id, name);
      }
      return name;
    };
    this.shown = viewRows(this.run.rows.all(), this.view, named, (row) => rowCause(row, this.explain)).map((row) => row.vehicleId);
    this.shownFor = `${this.run.runId}/${JSON.stringify(this.view)}/${this.run.rows.order.length}`;
    this.spacer.style.height = `${this.shown.length * ROW_HEIGHT}px`;
    for (const header of /** @type {NodeListOf<HTMLElement>} */ (this.dialog.querySelectorAll("[data-sort]"))) {
      const sorted = header.dataset.sort === this.view.sort;
      header.closest("[role=columnheader]")?.setAttribute("aria-sort", sorted ? (this.view.descending ? "descending" : "ascending") : "none");
    }
    byId("fleet-shown").textContent = this.t("fleetShown", { shown: formatCount(this.shown.length), total: formatCount(this.run.rows.order.length) });
    this.drawRows();
  }

  /** Draws the table's rows in view, reusing their elements. */
  drawRows() {
    const body = byId("fleet-rows");
    const height = body.clientHeight || 400;
    const first = Math.max(0, Math.floor(body.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.shown.length, Math.ceil((body.scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
    const count = Math.max(0, last - first);
    while (this.pool.length < count) {
      const row = document.createElement("div");
      row.className = "fleet-row";
      row.setAttribute("role", "row");
      for (const name of ["vehicle", "stage", "cause"]) {
        const cell = document.createElement("span");
        cell.className = name;
        cell.setAttribute("role", "cell");
        row.append(cell);
      }
      const vehicleName = document.createElement("span");
      vehicleName.className = "name";
      const vin = document.createElement("span");
      vin.className = "vin";
      row.children[0].append(vehicleName, vin);
      this.pool.push(row);
      body.append(row);
    }
    this.pool.forEach((element, i) => {
      const id = this.shown[first + i];
      const row = id === undefined ? undefined : this.run?.rows.rows.get(id);
      if (i >= count || !row) {
        element.hidden = true;
        element.removeAttribute("data-vehicle-id");
        return;
      }
      element.hidden = false;
      element.dataset.vehicleId = row.vehicleId;
      element.dataset.stage = row.stage;
      element.style.transform = `translateY(${(first + i) * ROW_HEIGHT}px)`;
      element.classList.toggle("ended", END_STAGES.has(row.stage));
      const [vehicle, stage, cause] = /** @type {HTMLElement[]} */ ([...element.children]);
      const tail = this.vinTail(row.vehicleId);
      /** @type {HTMLElement} */ (vehicle.children[0]).textContent = this.label(row.vehicleId);
      /** @type {HTMLElement} */ (vehicle.children[1]).textContent = tail ? ` …${tail}` : "";
      stage.textContent = this.t(`fleetStage_${row.stage}`);
      cause.textContent = rowCause(row, this.explain);
      cause.title = cause.textContent;
    });
  }

  async cancel() {
    const run = this.run;
    if (!run) {
      return;
    }
    /** @type {HTMLButtonElement} */ (byId("fleet-cancel")).disabled = true;
    try {
      await ipc.fleetCancel(run.runId);
    } catch (error) {
      this.showRunError(error);
    }
  }

  /** "Retry the failed ones" (a new run of those), or "Resume" an interrupted run. */
  async retry() {
    const run = this.run;
    if (!run) {
      return;
    }
    if (run.interrupted) {
      const resumed = this.newRun(run.runId, run.feature, run.key, run.name, run.input, run.rows.order);
      resumed.rows = run.rows;
      try {
        await ipc.fleetResume(run.runId, (update) => this.onUpdate(resumed, update));
        this.showRun(resumed);
        this.refreshRunsBadge();
      } catch (error) {
        this.showRunError(error);
      }
      return;
    }
    const ids = run.rows.retryable();
    if (!ids.length) {
      return;
    }
    this.ids = ids;
    this.feature = run.feature;
    /** @type {HTMLSelectElement} */ (byId("fleet-feature")).value = run.feature;
    this.drawForm();
    await this.showPreview(run.key, run.input, run.name);
  }

  async exportRows() {
    const run = this.run;
    if (!run) {
      return;
    }
    const status = byId("fleet-export-status");
    status.textContent = this.t("exporting");
    try {
      const saved = await ipc.fleetExport(run.runId);
      status.textContent = saved ? this.t("fleetExported", { rows: String(saved.rows), path: saved.path }) : "";
    } catch (error) {
      status.textContent = "";
      this.showRunError(error);
    }
  }

  /** @param {unknown} error */
  showRunError(error) {
    const line = byId("fleet-run-error");
    line.textContent = errorMessage(error, this.t);
    line.hidden = false;
  }

  /** Opens the dialog on the past runs. */
  async openRuns() {
    this.showModal();
    this.showView("runs");
    const list = byId("fleet-runs");
    try {
      const runs = await ipc.fleetRuns();
      list.replaceChildren(...runs.map((/** @type {any} */ summary) => this.runItem(summary)));
      byId("fleet-runs-empty").hidden = runs.length > 0;
      this.onRunsChanged(runs.filter((/** @type {any} */ r) => r.interrupted).length);
    } catch (error) {
      list.replaceChildren();
      const line = byId("fleet-error");
      line.textContent = errorMessage(error, this.t);
      line.hidden = false;
    }
  }

  /** Tells the window how many runs wait to be resumed. */
  async refreshRunsBadge() {
    try {
      const runs = await ipc.fleetRuns();
      this.onRunsChanged(runs.filter((/** @type {any} */ r) => r.interrupted).length);
    } catch {
      // No journal: nothing to resume either.
    }
  }

  /** @param {any} summary a FleetRunSummary */
  runItem(summary) {
    const item = document.createElement("li");
    item.className = "fleet-run-item";
    item.dataset.runId = summary.runId;
    const counts = summary.counts;
    const state = summary.active ? "fleetRunning" : summary.interrupted ? "fleetInterrupted" : summary.cancelled ? "fleetCancelled" : "fleetFinished";
    const line = document.createElement("p");
    const when = new Date(summary.createdAt).toLocaleString(document.documentElement.lang || undefined, { dateStyle: "short", timeStyle: "short" });
    line.textContent = `${when} · ${this.t(`feature_${summary.feature}`)} · ${this.t("fleetVehicles", { count: formatCount(counts.total) })} · ${this.t(state)}`;
    const detail = document.createElement("p");
    detail.className = "hint";
    detail.textContent = COUNTED.filter((stage) => counts[stage] > 0)
      .map((stage) => `${this.t(`fleetStage_${stage}`)} ${counts[stage]}`)
      .join(" · ");
    const open = document.createElement("button");
    open.type = "button";
    open.className = "secondary small";
    open.dataset.open = summary.runId;
    open.textContent = summary.interrupted ? this.t("fleetOpenResume") : this.t("fleetOpen");
    open.addEventListener("click", () => this.openRun(summary.runId));
    item.append(line, detail, open);
    return item;
  }

  /**
   * Shows a run from the journal (or from Rust's memory while it is live).
   * @param {string} runId
   */
  async openRun(runId) {
    try {
      const view = await ipc.fleetRun(runId);
      const name = this.t(`feature_${view.feature}`);
      const run = this.run?.runId === runId && this.run.following ? this.run : this.fromView(view, name);
      this.showRun(run);
      if (!run.following && view.active) {
        this.scheduleReread(runId);
      }
    } catch (error) {
      const line = byId("fleet-error");
      line.textContent = errorMessage(error, this.t);
      line.hidden = false;
    }
  }

  /**
   * @param {any} view a FleetRunView
   * @param {string} name
   * @returns {Run}
   */
  fromView(view, name) {
    const run = this.newRun(view.runId, view.feature, "", name, view.input, view.rows.map((/** @type {any} */ r) => r.vehicleId));
    run.rows.apply(view.rows);
    run.counts = view.counts;
    run.finished = Boolean(view.endedAt);
    run.cancelled = view.cancelled;
    run.interrupted = view.interrupted;
    run.following = false;
    return run;
  }

  /** A run live in Rust but not followed by this page is read again every second. @param {string} runId */
  scheduleReread(runId) {
    this.stopReread();
    this.reread = setTimeout(async () => {
      this.reread = 0;
      if (!this.dialog.open || this.run?.runId !== runId) {
        return;
      }
      try {
        const view = await ipc.fleetRun(runId);
        const run = /** @type {Run} */ (this.run);
        run.rows.apply(view.rows);
        run.counts = view.counts;
        run.finished = Boolean(view.endedAt);
        run.cancelled = view.cancelled;
        this.scheduleDraw();
        if (view.active) {
          this.scheduleReread(runId);
        }
      } catch {
        // Read again when the run is opened again.
      }
    }, REREAD_MS);
  }

  stopReread() {
    if (this.reread) {
      clearTimeout(this.reread);
      this.reread = 0;
    }
  }

  /**
   * While a run is live, measures the longest time the page did not answer: a timer due every
   * 20 ms that fires late by that much (the end-to-end run prints it).
   */
  watchResponsiveness() {
    this.stopWatch?.();
    let last = performance.now();
    this.perf.fleetMaxBlockMs = 0;
    this.perf.fleetMaxWorkMs = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      this.perf.fleetMaxBlockMs = Math.max(this.perf.fleetMaxBlockMs, now - last - HEARTBEAT_MS);
      last = now;
    }, HEARTBEAT_MS);
    this.stopWatch = () => {
      clearInterval(timer);
      this.stopWatch = null;
    };
  }
}

/** @typedef {import("./fleetrows.js").RowView["sort"]} RowViewSort */

/**
 * Counts from the rows themselves (before Rust's first update).
 * @param {RunRows} rows
 * @returns {import("./ipc.js").FleetCounts}
 */
function countRows(rows) {
  /** @type {any} */
  const counts = { total: rows.order.length };
  for (const stage of COUNTED) {
    counts[stage] = 0;
  }
  for (const row of rows.all()) {
    counts[row.stage] += 1;
  }
  return counts;
}
