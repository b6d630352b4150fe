// Lighthouse in one Node process and one browser, page after page (for starlight/site/audit.py).
//
// Usage: node scripts/starlight/site/audit.mjs CHROMIUM "FLAGS" CATEGORIES WARM_UP_URL
// then one URL per line on stdin. Prints "ready" once the browser is warm, then one JSON
// line per URL, in order: its URL and, per category, the score and the weighted audits
// with their scores (what audit.py needs to name what cost points); on a failure, one
// line {"error": message}, and it stops. audit.py keeps two such processes busy (one on
// a single core), sending each the next page as soon as it answers, and sends re-runs to
// one warm process.
//
// Settings, all Lighthouse's own:
// - Starting Chromium and Node once per page cost much of the audit's time; Lighthouse's
//   Node API audits page after page in one browser, each run with its storage reset, as
//   the CLI does.
// - A fresh browser's first load pays its own warm-up (measured: total blocking time of
//   50–190 ms on a page's first run in a new browser, 0 ms by its third), so one page is
//   loaded and traced once, and discarded, before any page is scored. That run computes
//   one metric only: loading the page is what warms the browser. (An earlier audit went
//   back to a full warm-up run because a page re-run alone, in a fresh browser with a
//   light warm-up, failed every run; re-runs now go to a browser already warm, and in
//   seven audits the first page scored in each browser never needed one.)
// - The quiet windows after first paint and load, of network and of CPU, are half a
//   second instead of one: with simulated throttling (the mobile preset's) the metrics
//   are computed from what was observed, and every request and script of these static
//   pages is done by their load event (measured on the 20 pages: the same FCP, LCP,
//   speed index and blocking time, 1.4 s less a page). The trade-off: work a page
//   starts more than half a second after it went quiet is not seen (with Lighthouse's
//   defaults, one second); a page that starts work on a timer would need them back.
// - Audits that no category weighs are skipped (performance's diagnostics and
//   insights; they cost about a second a page and no point). A category's score is its
//   weighted audits' mean, so the scores are the same.
// - The full-page screenshot (about 1.3 s a page) only illustrates the HTML report,
//   which this audit does not write; no scored audit uses it.
import { spawn } from 'node:child_process';
import os from 'node:os';
import readline from 'node:readline';
import lighthouse, { defaultConfig } from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [chromePath, flags, categories, warmUpUrl] = process.argv.slice(2);
const onlyCategories = categories.split(',');
const refs = onlyCategories.flatMap((name) => defaultConfig.categories[name].auditRefs);
const weighted = new Set(refs.filter((ref) => ref.weight).map((ref) => ref.id));
const skipAudits = [...new Set(refs.map((ref) => ref.id))].filter((id) => !weighted.has(id));

let chrome;
// Stopped (audit.py's time limit): the browser goes too, for chrome-launcher starts it
// detached, and it would outlive this process.
// Ctrl-C too (chrome-launcher's own handler comes only with its launch()).
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    await chrome?.kill();
    process.exit(1);
  });
}

function summary(url, lhr) {
  const audits = {};
  for (const name of onlyCategories) {
    for (const ref of lhr.categories[name].auditRefs) {
      const audit = lhr.audits[ref.id];
      audits[ref.id] = { score: audit.score, displayValue: audit.displayValue ?? null };
    }
  }
  const cats = Object.fromEntries(onlyCategories.map((name) => [name, {
    score: lhr.categories[name].score,
    auditRefs: lhr.categories[name].auditRefs.map(({ id, weight }) => ({ id, weight })),
  }]));
  return { url, runtimeError: lhr.runtimeError ?? null, categories: cats, audits };
}

try {
  // A browser that has not opened its debugging port in 10 s will not (chrome-launcher
  // waits 25 s by default); one that fails to start or exits with an error before opening
  // it fails at once (chrome-launcher would poll its port all that time).
  let exited;
  const exit = new Promise((resolve, reject) => { exited = reject; });
  exit.catch(() => {}); // a browser that exits after starting is Lighthouse's error to report
  chrome = new chromeLauncher.Launcher(
    { chromePath, chromeFlags: flags.split(' '), connectionPollInterval: 250,
      maxConnectionRetries: 40 },
    { spawn: (...args) => spawn(...args)
        .once('error', (error) => exited(new Error(`the browser did not start: ${error.message}`)))
        .once('exit', (code, signal) => {
          if (code !== 0) { // a wrapper that hands over to the browser exits with 0
            exited(new Error(`the browser exited (${signal ?? `status ${code}`}) before it `
                             + 'opened its debugging port'));
          }
        }) });
  await Promise.race([chrome.launch(), exit]);
  // Node's own work (reading the trace, scoring) is not timed; the browser's is. At a
  // lower priority than the browsers, it gives way while another browser loads a page
  // (never raised: a caller's lower priority stays).
  try {
    os.setPriority(Math.max(os.getPriority(), 10));
  } catch {
    // not allowed here: the audit runs as before, only slower on a busy machine
  }
  const options = {
    port: chrome.port, logLevel: 'error', onlyCategories, skipAudits,
    disableFullPageScreenshot: true,
    pauseAfterFcpMs: 500, pauseAfterLoadMs: 500,
    networkQuietThresholdMs: 500, cpuQuietThresholdMs: 500,
  };
  await lighthouse(warmUpUrl, { ...options, onlyCategories: undefined, skipAudits: undefined,
                                onlyAudits: ['first-contentful-paint'] });
  process.stdout.write('ready\n');
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const url = line.trim();
    if (!url) continue;
    const { lhr } = await lighthouse(url, options);
    process.stdout.write(JSON.stringify(summary(url, lhr)) + '\n');
  }
} catch (error) {
  // One line for audit.py to report, instead of Node's source excerpt and stack.
  process.stdout.write(JSON.stringify({ error: String(error?.message ?? error).split('\n')[0] })
                       + '\n');
} finally {
  await chrome?.kill();
}
// Lighthouse leaves handles open that keep Node alive for about 3 s more.
process.exit(0);
