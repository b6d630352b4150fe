// Lighthouse on many pages in one Node process and one browser (for starlight/site/audit.py).
//
// Starting Chromium and Node once per page cost much of the audit's time; Lighthouse's
// Node API audits page after page in one browser, each run with its storage reset, as
// the CLI does. The full-page screenshot (about 1.3 s a page) only illustrates the HTML
// report, which this audit does not write; no scored audit uses it.
// A fresh browser's first loads pay its own warm-up (measured: total blocking time of
// 50–190 ms on a page's first run in a new browser, 0 ms by its third), so one run of
// the first page is made and discarded before any page is scored.
// Usage: node scripts/starlight/site/audit.mjs CHROMIUM "FLAGS" CATEGORIES URL...
// Prints one JSON line per page: its URL and, per category, the score and the weighted
// audits with their scores (what audit.py needs to name what cost points).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [chromePath, flags, categories, ...urls] = process.argv.slice(2);
const onlyCategories = categories.split(',');
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: flags.split(' ') });
const options = { port: chrome.port, logLevel: 'error', onlyCategories,
                  disableFullPageScreenshot: true };
try {
  await lighthouse(urls[0], options);
  for (const url of urls) {
    const { lhr } = await lighthouse(url, options);
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
    process.stdout.write(JSON.stringify({ url, runtimeError: lhr.runtimeError ?? null,
                                          categories: cats, audits }) + '\n');
  }
} finally {
  await chrome.kill();
}
