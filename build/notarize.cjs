// electron-builder's afterSign hook: notarizes the signed macOS app with Apple's notary service
// when credentials are in the environment, otherwise says it skipped (local and unsigned builds).
// Credentials, in the order tried (docs/packaging.md):
//   APPLE_API_KEY (path to the .p8), APPLE_API_KEY_ID, APPLE_API_ISSUER    App Store Connect API key
//   APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID                   Apple ID
//   APPLE_KEYCHAIN_PROFILE (and optionally APPLE_KEYCHAIN)                 notarytool keychain profile
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: electron-builder require()s its hooks */
'use strict';
const path = require('node:path');

/** The notarytool credentials the environment gives, or why there are none. */
function notarizeCredentials(env) {
  if (env.APPLE_API_KEY || env.APPLE_API_KEY_ID || env.APPLE_API_ISSUER) {
    const missing = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'].filter((k) => !env[k]);
    if (missing.length) return { error: `an App Store Connect API key needs ${missing.join(', ')} too` };
    return { credentials: { appleApiKey: env.APPLE_API_KEY, appleApiKeyId: env.APPLE_API_KEY_ID, appleApiIssuer: env.APPLE_API_ISSUER } };
  }
  if (env.APPLE_ID || env.APPLE_APP_SPECIFIC_PASSWORD || env.APPLE_TEAM_ID) {
    const missing = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'].filter((k) => !env[k]);
    if (missing.length) return { error: `an Apple ID needs ${missing.join(', ')} too` };
    return { credentials: { appleId: env.APPLE_ID, appleIdPassword: env.APPLE_APP_SPECIFIC_PASSWORD, teamId: env.APPLE_TEAM_ID } };
  }
  if (env.APPLE_KEYCHAIN_PROFILE) {
    return { credentials: { keychainProfile: env.APPLE_KEYCHAIN_PROFILE, ...(env.APPLE_KEYCHAIN ? { keychain: env.APPLE_KEYCHAIN } : {}) } };
  }
  return {};
}

/**
 * The hook. `deps` is for tests: the notarize function (default @electron/notarize, which
 * electron-builder brings), the environment and the log.
 */
async function afterSign(context, deps = {}) {
  const env = deps.env ?? process.env;
  const log = deps.log ?? ((m) => console.log(`  • notarize: ${m}`));
  if (context.electronPlatformName !== 'darwin') return;
  const { credentials, error } = notarizeCredentials(env);
  // Half-given credentials are a mistake, not a choice: fail the build rather than ship un-notarized.
  if (error) throw new Error(`notarization: ${error}`);
  if (!credentials) { log('skipped: no APPLE_API_KEY, APPLE_ID or APPLE_KEYCHAIN_PROFILE in the environment'); return; }
  const appPath = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}.app`);
  const notarize = deps.notarize ?? require('@electron/notarize').notarize;
  log(`submitting ${path.basename(appPath)} to Apple's notary service`);
  await notarize({ appPath, ...credentials });
  log('notarized and stapled');
}

module.exports = afterSign;
module.exports.default = afterSign;
module.exports.notarizeCredentials = notarizeCredentials;
