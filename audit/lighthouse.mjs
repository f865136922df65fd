// Runs Lighthouse over several URLs in one headless Chromium (scripts/audit.py drives this).
//
//   node lighthouse.mjs JOBS.json
//
// JOBS.json: {"chromePath": "/usr/bin/chromium", "chromeFlags": [...],
//             "jobs": [{"url": ..., "output": "x.json", "formFactor": "mobile"|"desktop",
//                       "categories": ["seo", ...]}]}
// Each job writes Lighthouse's result object (the LHR) to its output file, or
// {"error": "..."} when the run failed. The exit status is 0 when every job produced a report.
// Chromium is launched once, by path: nothing here downloads a browser.
import {readFile, writeFile} from 'node:fs/promises';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

const spec = JSON.parse(await readFile(process.argv[2], 'utf8'));
const chrome = await chromeLauncher.launch({
  chromePath: spec.chromePath,
  chromeFlags: spec.chromeFlags,
  logLevel: 'silent',
});

let failures = 0;
try {
  for (const job of spec.jobs) {
    const started = Date.now();
    const flags = {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: job.categories,
      // No full-page screenshot and no about:blank hop: the audits do not use them.
      disableFullPageScreenshot: true,
      skipAboutBlank: true,
    };
    let report;
    try {
      const result = await lighthouse(job.url, flags, job.formFactor === 'desktop' ? desktopConfig : undefined);
      if (!result) throw new Error('Lighthouse returned no result');
      report = result.lhr;
      if (report.runtimeError) {
        failures += 1;
        report = {error: `${report.runtimeError.code}: ${report.runtimeError.message}`};
      }
    } catch (error) {
      failures += 1;
      report = {error: String(error && error.stack || error)};
    }
    await writeFile(job.output, JSON.stringify(report));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`lighthouse: ${job.formFactor} ${job.url} ${report.error ? 'FAILED' : 'done'} (${seconds}s)\n`);
  }
} finally {
  await chrome.kill();
}
process.exitCode = failures ? 1 : 0;
