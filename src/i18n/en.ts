// English: the source catalogue and the fallback. Every key here must exist in nl-NL.ts and zh-CN.ts
// (the type system enforces it). Keys are flat; `{{name}}` is filled from the error's params.
// Each error code has a message (`errors.CODE`) and a fix (`errors.CODE.fix`): what the user should do.

export const en = {
  'errors.CONFIG_INVALID': 'The configuration is not valid: {{problems}}',
  'errors.CONFIG_INVALID.fix':
    'Correct the listed settings (environment variables starting with COSELL_, or DATABASE_URL) and start again.',
  'errors.PORT_IN_USE': 'Port {{port}} on {{host}} is already in use by another program.',
  'errors.PORT_IN_USE.fix':
    'Stop the other program, or choose another port with COSELL_PORT (or --port; 0 picks a free one).',
  'errors.ROLE_NEEDS_POSTGRES':
    'The role {{roles}} leaves work for other processes, and the embedded store serves one process.',
  'errors.ROLE_NEEDS_POSTGRES.fix':
    'Run every role in this process (leave out --role, or --role all), or set DATABASE_URL to a PostgreSQL database shared by all processes.',
  'errors.ROLE_UNKNOWN': 'Unknown role "{{role}}".',
  'errors.ROLE_UNKNOWN.fix':
    'Choose from {{roles}}, separated by commas (for example --role receiver,reconciler).',
  'errors.INIT_FILE_EXISTS':
    '{{file}} already exists; cosell init does not overwrite a configuration without being told.',
  'errors.INIT_FILE_EXISTS.fix':
    'Run cosell init --force to replace it (its secrets key too: keep the old key if the store holds connections), or choose another file with --file.',
  'errors.STORE_UNREACHABLE': 'The database cannot be reached: {{reason}}',
  'errors.STORE_UNREACHABLE.fix':
    'Check that PostgreSQL is running and that DATABASE_URL is right, or unset DATABASE_URL to use the embedded store.',
  'errors.STORE_LOCKED': 'The data directory {{dataDir}} is in use by another cosell process (pid {{pid}}).',
  'errors.STORE_LOCKED.fix':
    'Stop the other process, or give this one its own data directory with COSELL_DATA_DIR. To run several processes together, use PostgreSQL (DATABASE_URL).',
  'errors.MIGRATION_FAILED': 'Updating the database schema failed at migration {{migration}}.',
  'errors.MIGRATION_FAILED.fix':
    'Nothing was half-applied: each migration runs in one transaction. Read the cause in the log, fix it, and start again.',
  'errors.SECRETS_KEY_INVALID': 'The secrets key is not valid: {{reason}}',
  'errors.SECRETS_KEY_INVALID.fix':
    'Set COSELL_SECRETS_KEY to 32 random bytes in base64 (for example: openssl rand -base64 32). Keep it safe: without it, stored connections cannot be read.',
  'errors.SECRET_UNREADABLE': 'A stored secret for connection {{connection}} cannot be decrypted.',
  'errors.SECRET_UNREADABLE.fix':
    'The secrets key changed or the data was altered. Restore the original COSELL_SECRETS_KEY, or connect again with "cosell connect".',

  'errors.WEBHOOK_SIGNATURE_MISSING': 'The webhook request is not signed: header {{header}} is missing.',
  'errors.WEBHOOK_SIGNATURE_MISSING.fix':
    'Only Partner Center may call this receiver. If Partner Center sent it, register the webhook again with "cosell webhooks register".',
  'errors.WEBHOOK_SIGNATURE_INVALID': 'The webhook signature does not match its body.',
  'errors.WEBHOOK_SIGNATURE_INVALID.fix':
    'The request was altered or forged and was not stored. If this repeats for real Partner Center events, check that no proxy rewrites the body.',
  'errors.WEBHOOK_ALGORITHM_UNSUPPORTED': 'The webhook signature algorithm {{algorithm}} is not supported.',
  'errors.WEBHOOK_ALGORITHM_UNSUPPORTED.fix':
    'Partner Center signs with rsa-sha256; other algorithms are refused.',
  'errors.WEBHOOK_CERT_HOST_NOT_ALLOWED':
    'The signing certificate is on host {{host}}, which is not on the allow list; it was not fetched.',
  'errors.WEBHOOK_CERT_HOST_NOT_ALLOWED.fix':
    'If this host really serves Partner Center certificates, add it to COSELL_WEBHOOK_CERT_HOSTS.',
  'errors.WEBHOOK_CERT_UNAVAILABLE': 'The signing certificate could not be downloaded from {{host}}.',
  'errors.WEBHOOK_CERT_UNAVAILABLE.fix':
    'Partner Center retries the delivery, and missed events are caught up by reconciliation. Check outbound HTTPS access to the certificate host.',
  'errors.WEBHOOK_CERT_INVALID': 'The signing certificate is not acceptable: {{reason}}',
  'errors.WEBHOOK_CERT_INVALID.fix':
    'The certificate must be valid today and issued to {{issuer}}. Forged requests are refused; nothing was stored.',
  'errors.WEBHOOK_BODY_TOO_LARGE': 'The webhook body is larger than the limit of {{limit}} bytes.',
  'errors.WEBHOOK_BODY_TOO_LARGE.fix':
    'Partner Center events are small. If real events are refused, raise COSELL_WEBHOOK_MAX_BYTES.',
  'errors.WEBHOOK_BODY_MALFORMED': 'The webhook body is not a valid Partner Center event: {{reason}}',
  'errors.WEBHOOK_BODY_MALFORMED.fix':
    'A Partner Center event is JSON with EventName, ResourceUri and ResourceChangeUtcDate. Nothing was stored.',
  'errors.WEBHOOK_CONTENT_TYPE': 'The webhook body has content type {{contentType}}; JSON is expected.',
  'errors.WEBHOOK_CONTENT_TYPE.fix': 'Send the event as application/json.',
  'errors.WEBHOOK_EVENT_UNKNOWN': 'The webhook event {{event}} is not one this receiver handles.',
  'errors.WEBHOOK_EVENT_UNKNOWN.fix':
    'Register only the referral events with "cosell webhooks register"; it subscribes to all four.',
  'errors.WEBHOOK_REGISTRATION_FAILED': 'Registering the webhook with Partner Center failed: {{reason}}',
  'errors.WEBHOOK_REGISTRATION_FAILED.fix':
    'Check the Partner Center connection with "cosell doctor", then run "cosell webhooks register" again; it is safe to repeat.',
  'errors.WEBHOOK_VALIDATION_FAILED': 'The validation event did not reach this receiver: {{reason}}',
  'errors.WEBHOOK_VALIDATION_FAILED.fix':
    'Partner Center must reach the receiver URL over the internet. Check COSELL_PUBLIC_URL, firewalls and TLS, then register again.',

  'errors.PC_ACCESS_DENIED': 'Partner Center refused access for {{identity}}: {{reason}}',
  'errors.PC_ACCESS_DENIED.fix':
    'Give {{identity}} the Referrals admin role in Partner Center (Account settings > User management), then run "cosell connect partner-center" again.',
  'errors.PC_UNAUTHENTICATED': 'Partner Center did not accept the sign-in token.',
  'errors.PC_UNAUTHENTICATED.fix': 'Sign in again with "cosell connect partner-center".',
  'errors.PC_NOT_FOUND': 'Partner Center has no {{resource}} with id {{id}}.',
  'errors.PC_NOT_FOUND.fix': 'The record may have been removed or belong to another partner account.',
  'errors.PC_INVALID_REQUEST': 'Partner Center rejected the request: {{reason}}',
  'errors.PC_INVALID_REQUEST.fix':
    'Check the data of the record named in the audit; the reason says which field.',
  'errors.PC_PRECONDITION_FAILED': 'The referral {{id}} changed in Partner Center since it was read.',
  'errors.PC_PRECONDITION_FAILED.fix':
    'Nothing to do: the change is read again and re-applied on top of the newer version.',
  'errors.PC_THROTTLED': 'Partner Center asked to slow down (429).',
  'errors.PC_THROTTLED.fix': 'Nothing to do: the call is repeated after the time Partner Center asked for.',
  'errors.PC_UNAVAILABLE': 'Partner Center is temporarily unavailable (503).',
  'errors.PC_UNAVAILABLE.fix': 'Nothing to do: the call is repeated later. Nothing is lost.',
  'errors.PC_SERVER_ERROR': 'Partner Center answered with a server error ({{status}}).',
  'errors.PC_SERVER_ERROR.fix': 'Nothing to do: the call is repeated with backoff.',
  'errors.PC_RESPONSE_INVALID': 'Partner Center sent a response this version cannot read: {{reason}}',
  'errors.PC_RESPONSE_INVALID.fix': 'Report this with the run id; the record is kept and can be resubmitted.',
  'errors.PC_BUDGET_EXHAUSTED':
    'The daily Partner Center API budget is used up for account {{account}} ({{used}} of {{cap}} calls).',
  'errors.PC_BUDGET_EXHAUSTED.fix':
    'Nothing is lost: waiting work continues at {{resumeAt}} (UTC midnight). Raise COSELL_PC_DAILY_CAP only if your plan allows more calls.',
  'errors.NETWORK_ERROR': 'The network call to {{host}} failed: {{reason}}',
  'errors.NETWORK_ERROR.fix': 'The call is repeated with backoff. Check connectivity if it persists.',

  'errors.CRM_ACCESS_DENIED': '{{system}} refused access for {{identity}}: {{reason}}',
  'errors.CRM_ACCESS_DENIED.fix':
    'Give {{identity}} the System Administrator or System Customizer role in {{system}}, or connect with an identity that has it.',
  'errors.CRM_DAILY_LIMIT': 'The {{system}} daily API limit is reached ({{used}} of {{limit}} requests).',
  'errors.CRM_DAILY_LIMIT.fix':
    'Nothing is lost: waiting work continues at {{resumeAt}}. Ask your {{system}} administrator for a higher limit if this happens often.',
  'errors.CRM_THROTTLED': '{{system}} asked to slow down.',
  'errors.CRM_THROTTLED.fix': 'Nothing to do: the call is repeated after the time {{system}} asked for.',
  'errors.CRM_UNAVAILABLE': '{{system}} is temporarily unavailable ({{status}}).',
  'errors.CRM_UNAVAILABLE.fix': 'Nothing to do: the call is repeated with backoff. Nothing is lost.',
  'errors.CRM_REQUEST_INVALID': '{{system}} refused the write: {{reason}}',
  'errors.CRM_REQUEST_INVALID.fix':
    'Check the field named in the reason on the record in {{system}}, then resubmit the run.',
  'errors.CRM_NOT_FOUND': '{{system}} has no {{object}} with id {{id}}.',
  'errors.CRM_NOT_FOUND.fix':
    'The record may have been deleted in {{system}}; the audit says which change needed it.',
  'errors.CRM_CONFLICT': 'The {{object}} {{id}} changed in {{system}} since it was read.',
  'errors.CRM_CONFLICT.fix':
    'Nothing to do: the record is read again and the change applied on top of the newer version.',
  'errors.CRM_DUPLICATE': '{{system}} has more than one {{object}} for {{key}}.',
  'errors.CRM_DUPLICATE.fix':
    'Merge or delete the duplicates in {{system}} so that one record remains, then resubmit the run.',
  'errors.CRM_RESPONSE_INVALID': '{{system}} sent a response this version cannot read: {{reason}}',
  'errors.CRM_RESPONSE_INVALID.fix':
    'Report this with the run id; the record is kept and can be resubmitted.',
  'errors.CRM_SCHEMA_MISSING': 'The co-sell fields are not installed in {{system}}: {{reason}}',
  'errors.CRM_SCHEMA_MISSING.fix':
    'Run "cosell install crm" as a System Administrator or System Customizer of {{system}}, then resubmit the failed runs (cosell runs resubmit --failed).',

  'errors.AUTH_NOT_CONNECTED': 'There is no {{system}} connection yet.',
  'errors.AUTH_NOT_CONNECTED.fix': 'Connect once with "cosell connect {{system}}".',
  'errors.AUTH_REFRESH_FAILED': 'The {{system}} sign-in of {{identity}} has expired or was revoked.',
  'errors.AUTH_REFRESH_FAILED.fix':
    'Sign in again with "cosell connect {{system}}". Changes made meanwhile are caught up automatically; nothing is lost.',
  'errors.AUTH_DEVICE_CODE_EXPIRED': 'The sign-in code expired before it was used.',
  'errors.AUTH_DEVICE_CODE_EXPIRED.fix':
    'Run the connect command again and enter the new code within its time limit.',
  'errors.AUTH_DEVICE_CODE_DECLINED': 'The sign-in was declined.',
  'errors.AUTH_DEVICE_CODE_DECLINED.fix': 'Run the connect command again and approve the sign-in.',
  'errors.AUTH_ROLE_MISSING': '{{identity}} does not have the {{role}} role in {{system}}.',
  'errors.AUTH_ROLE_MISSING.fix':
    'Ask an administrator to give {{identity}} the {{role}} role, or connect with an identity that has it.',
  'errors.AUTH_SIGN_IN_FAILED': 'Signing in to {{system}} failed: {{reason}}',
  'errors.AUTH_SIGN_IN_FAILED.fix':
    'Check the application (client) id and tenant, then run the connect command again.',
  'errors.AUTH_CONNECTED_APP_REFUSED': '{{system}} refused the sign-in of the connected app: {{reason}}',
  'errors.AUTH_CONNECTED_APP_REFUSED.fix':
    'Check that COSELL_SF_CLIENT_ID is the consumer key of a connected app with OAuth settings, "Enable for Device Flow" and the scopes api and refresh_token, and that COSELL_SF_LOGIN_URL is where the org signs in (https://test.salesforce.com for a sandbox, or its My Domain); then run "cosell connect salesforce" again.',
  'errors.AUTH_REFRESH_TOKEN_REFUSED':
    '{{system}} did not accept the refresh token read from standard input: {{reason}}',
  'errors.AUTH_REFRESH_TOKEN_REFUSED.fix':
    'Give a current refresh token of the connected app in COSELL_SF_CLIENT_ID, issued where COSELL_SF_LOGIN_URL points (a sandbox token needs https://test.salesforce.com), or run "cosell connect salesforce" without --refresh-token-stdin to sign in with a code.',
  'errors.AUTH_REFRESH_TOKEN_MISSING': 'No refresh token was read from standard input.',
  'errors.AUTH_REFRESH_TOKEN_MISSING.fix':
    'Pipe the token in, for example "cosell connect salesforce --refresh-token-stdin < token.txt". It is never taken as an argument, where other users of the machine could see it.',

  'errors.VALIDATION_SOLUTION_MISSING': 'No Microsoft co-sell solution is attached to this opportunity.',
  'errors.VALIDATION_SOLUTION_MISSING.fix':
    'Add at least one of your co-sell-ready solutions (Microsoft Partner Center Solutions) to the opportunity.',
  'errors.VALIDATION_COUNTRY_INVALID':
    'The customer country "{{value}}" is not a two-letter ISO 3166 country code.',
  'errors.VALIDATION_COUNTRY_INVALID.fix':
    'Set the customer account country to a two-letter code such as US, NL or CN.{{suggestion}}',
  'validation.countrySuggestion': ' Did you mean {{code}} ({{name}})?',
  'errors.VALIDATION_CONTACT_MISSING': 'Help from Microsoft is requested, but no customer contact is given.',
  'errors.VALIDATION_CONTACT_MISSING.fix':
    'Add the customer contact\'s name and e-mail or phone number, or clear "How can Microsoft help?".',
  'errors.VALIDATION_DEAL_VALUE_MISSING': 'A qualified deal needs a deal value.',
  'errors.VALIDATION_DEAL_VALUE_MISSING.fix': 'Enter the deal value (amount) on the opportunity.',
  'errors.VALIDATION_CLOSE_DATE_MISSING': 'A qualified deal needs a close date.',
  'errors.VALIDATION_CLOSE_DATE_MISSING.fix': 'Enter the expected close date on the opportunity.',
  'errors.VALIDATION_CURRENCY_INVALID': 'The currency "{{value}}" is not a valid ISO 4217 code.',
  'errors.VALIDATION_CURRENCY_INVALID.fix':
    'Use a three-letter currency code such as USD or EUR, and make sure it is enabled in the CRM.',
  'errors.VALIDATION_CURRENCY_NOT_ENABLED':
    'The currency {{value}} is not enabled in the CRM (enabled: {{enabled}}).',
  'errors.VALIDATION_CURRENCY_NOT_ENABLED.fix':
    'Enable {{value}} in the CRM (Salesforce: Manage Currencies; Dynamics 365: Currencies), or use one of the enabled currencies.',
  'errors.STATUS_TRANSITION_INVALID': 'A referral cannot move from {{from}} to {{to}}.',
  'errors.STATUS_TRANSITION_INVALID.fix':
    'Closed referrals (won, lost, declined, expired) are final and are never reopened.',
  'errors.REFERRAL_PAYLOAD_INVALID': 'The referral data is not valid: {{reason}}',
  'errors.REFERRAL_PAYLOAD_INVALID.fix': 'Check the field named in the reason.',

  'errors.FLOW_NEEDED': 'The flow {{flow}} is needed by flows that are on: {{dependents}}.',
  'errors.FLOW_NEEDED.fix':
    'Disable {{dependents}} first, or disable them together with "cosell flows disable {{flow}} --cascade".',
  'errors.WORKER_STOPPED': 'The worker stopped before the job could finish; the job was put back.',
  'errors.WORKER_STOPPED.fix':
    'Nothing to do: the job runs again as soon as a worker is running, without spending an attempt.',
  'errors.JOB_KIND_UNKNOWN': 'This version of cosell has no handler for job kind {{kind}}.',
  'errors.JOB_KIND_UNKNOWN.fix':
    'Nothing is lost: the job waits and is tried again later, when a worker that knows the kind may take it. If this persists, run the same cosell version in every process.',
  'errors.RUN_NOT_FOUND': 'There is no run {{id}}.',
  'errors.RUN_NOT_FOUND.fix':
    'Find the run’s id with "cosell runs list". A record’s history stays in "cosell audit" after its runs are pruned.',
  'errors.RUN_NOT_FAILED':
    'Run {{id}} did not fail (its outcome is {{status}}); only a failed run can be resubmitted.',
  'errors.RUN_NOT_FAILED.fix': 'List the failed runs with "cosell runs list --status failed".',
  'errors.RUN_NOT_RESUBMITTABLE': 'Run {{id}} was not started by a job, so there is nothing to queue again.',
  'errors.RUN_NOT_RESUBMITTABLE.fix':
    'Start the work again the way it was started the first time; the run’s trigger says how.',
  'errors.PLAN_NOT_FOUND': 'No plan {{plan}} in the store.',
  'errors.PLAN_NOT_FOUND.fix':
    'Run cosell plan to make one, or cosell backfill --plan FILE with the plan file you reviewed.',
  'errors.PLAN_INVALID': 'Plan {{plan}} cannot be applied: {{reason}}.',
  'errors.PLAN_INVALID.fix':
    'Run cosell plan again and review the new plan; in a plan file only "accept" on a proposed pair may be edited.',
  'errors.BACKFILL_RUNNING':
    'Plan {{plan}} is being applied by {{runner}} (its claim holds until {{until}}).',
  'errors.BACKFILL_RUNNING.fix':
    'Wait for that backfill to finish or stop it; a backfill that was stopped or killed resumes when you run cosell backfill again.',
  'errors.BACKFILL_NOT_CONFIRMED': 'The backfill was not started: {{reason}}.',
  'errors.BACKFILL_NOT_CONFIRMED.fix':
    'Review the plan shown above and answer yes, or pass --yes where no one can answer (a script).',
  'errors.REQUEST_INVALID': 'The request is not valid: {{reason}}',
  'errors.REQUEST_INVALID.fix': 'Correct the request as the reason says.',
  'errors.NOT_FOUND': 'Not found: {{what}}',
  'errors.NOT_FOUND.fix': 'Check the name or id.',
  'errors.INTERNAL': 'An unexpected error occurred (reference {{reference}}).',
  'errors.INTERNAL.fix': 'Nothing is lost; the work is retried. If it persists, report the reference.',

  'cli.description': 'Keeps Partner Center co-sell referrals and CRM opportunities in sync.',
  'cli.error': 'Error {{code}}: {{message}}',
  'cli.fix': 'What to do: {{fix}}',
  'cli.emulator.listening': 'Partner Center emulator listening on {{url}} ({{count}} referrals).',
  'cli.emulator.certificate': 'Webhooks are signed; certificate at {{url}}.',
  'cli.emulator.stop': 'Press Ctrl+C to stop.',
  'cli.connect.open':
    'To sign in to Partner Center, open {{url}} and enter the code {{code}} (valid until {{expiresAt}}).',
  'cli.connect.waiting': 'Waiting for the sign-in to be approved…',
  'cli.connect.signedIn': 'Signed in as {{identity}}.',
  'cli.connect.roleOk': '{{identity}} holds the Referrals admin role: Partner Center answered.',
  'cli.connect.saved': 'Connection saved (refresh token encrypted). Access token valid until {{expiresAt}}.',
  'cli.connect.refreshNote':
    'Refresh tokens stop working when the user is disabled, changes password or is inactive for 90 days; "cosell doctor" warns before that.',
  'cli.connect.salesforce.open':
    'To sign in to Salesforce, open {{url}}, enter the code {{code}} and allow access.',
  'cli.connect.salesforce.refreshTokenOk': 'The refresh token works: Salesforce issued a session for it.',
  'cli.connect.salesforce.signedIn': 'Signed in to Salesforce as {{identity}} (org {{orgId}}).',
  'cli.connect.salesforce.canCustomize':
    '{{identity}} may customise the org (System Administrator, Modify All Data or Customize Application), so it can install the co-sell fields.',
  'cli.connect.salesforce.cannotCustomize':
    'Warning: {{identity}} may not customise the org (that needs System Administrator, Modify All Data or Customize Application), so it cannot install the co-sell fields. Sync needs only API access: have an administrator install the fields, or connect as a user who may customise.',
  'cli.connect.salesforce.saved':
    'Connection saved (refresh token encrypted); sessions are refreshed at {{loginUrl}}.',
  'cli.connect.salesforce.refreshNote':
    'The refresh token belongs to {{identity}} and dies with that user: it stops working when the user is deactivated or frozen, loses API access, or the token is revoked. Connect as a dedicated integration user, not a person. If it stops, sync pauses with AUTH_REFRESH_FAILED and catches up once you connect again.',
  'cli.connect.dynamics.open':
    'To sign in to Dynamics 365, open {{url}} and enter the code {{code}} (valid until {{expiresAt}}).',
  'cli.connect.dynamics.clientSecretOk':
    'The client secret works: Microsoft Entra ID issued a token for the application.',
  'cli.connect.dynamics.signedIn':
    'Signed in to Dynamics 365 as {{identity}} (organization {{organizationId}} at {{url}}).',
  'cli.connect.dynamics.canCustomize':
    '{{identity}} may customise the environment (System Administrator or System Customizer), so it can install the co-sell columns and the Microsoft solution table.',
  'cli.connect.dynamics.cannotCustomize':
    'Warning: {{identity}} may not customise the environment (that needs System Administrator or System Customizer), so it cannot install the co-sell columns and the Microsoft solution table. Sync needs only its table privileges: have an administrator install the solution, or connect as a user who may customise.',
  'cli.connect.dynamics.savedRefreshToken':
    'Connection saved (refresh token encrypted). Access token valid until {{expiresAt}}; new ones come from the refresh token.',
  'cli.connect.dynamics.savedClientSecret':
    'Connection saved (client secret encrypted). Access token valid until {{expiresAt}}; new ones come from the client secret, until the secret itself expires in Entra ID.',
  'cli.connect.dynamics.refreshNote':
    'The refresh token belongs to {{identity}} and dies with that user: it stops working when the user is disabled, loses access or its sessions are revoked. For unattended sync use an application user (--client-secret-stdin). If it stops, sync pauses with AUTH_REFRESH_FAILED and catches up once you connect again.',
  'cli.webhooks.registered': 'Registered {{count}} events to {{url}}: {{events}}.',
  'cli.webhooks.validationSent': 'Validation event sent (correlation id {{id}}); waiting for the round trip…',
  'cli.webhooks.validationOk':
    'Round trip succeeded: the receiver answered {{status}} in Partner Center’s check.',
  'cli.webhooks.validationPending': 'Partner Center has not reported the round trip yet (status {{status}}).',
  'cli.status.inbox': 'Inbox: {{total}} events ({{pending}} waiting, {{processed}} processed).',
  'cli.status.budget': 'Partner Center API calls today ({{day}}, account {{account}}): {{used}} of {{cap}}.',
  'cli.demo.starting':
    'Starting the demo: Partner Center and {{crm}} emulators, store, receiver, sample referrals and opportunities.',
  'cli.demo.store': 'Store: {{store}}.',
  'cli.demo.receiver': 'Webhook receiver listening on {{url}}.',
  'cli.demo.signIn': 'Signing in to the emulator as {{identity}} with the device code {{code}}.',
  'cli.demo.ready':
    'Ready. Simulated users now work in Partner Center and {{crm}}; the connector syncs both ways. Ctrl+C stops.',
  'cli.demo.tick':
    'Linked {{linked}} | runs: {{succeeded}} synced, {{skipped}} skipped, {{failed}} failed | waiting {{waiting}} | Partner Center calls today {{used}} of {{cap}} | {{crm}} calls {{crmCalls}}',
  'cli.demo.salesforce':
    'Salesforce emulator listening on {{url}} with {{opportunities}} sample opportunities.',
  'cli.demo.dynamics':
    'Dynamics 365 emulator listening on {{url}} with {{opportunities}} sample opportunities.',
  'cli.demo.crmConnected': 'Connected to {{crm}} as {{identity}}; every flow is on.',
  'cli.demo.readyUntilSynced': 'Ready. Syncing the sample records until every one has reached a final state.',
  'cli.opt.untilSynced': 'no simulated users: exit once every sample record has reached a final state',
  'cli.opt.demoDoctor':
    'sync the sample data once, then run the doctor against the demo and print its report',
  'cli.opt.demoJson': 'print one JSON summary instead of progress lines',
  'cli.opt.crm': 'the CRM to sync with (salesforce or dynamics)',
  'cli.opt.accounts': 'sample CRM accounts (each with contacts and opportunities)',
  'cli.demo.stopping': 'Stopping…',
  'cli.demo.stopped': 'Stopped. Everything received and synced is in the store; run again to continue.',
  'cli.demo.productionRefused': 'The demo runs only in the sandbox profile; unset COSELL_PROFILE=production.',
  'cli.cmd.demo': 'Both emulators, store, receiver, connector and sample data: the whole sync end to end.',
  'cli.cmd.emulate': 'Run an emulator of a remote system on loopback.',
  'cli.cmd.emulatePartnerCenter': 'Partner Center Referrals API, webhooks and sign-in endpoints.',
  'cli.cmd.connect': 'Sign in to a remote system and store the connection.',
  'cli.cmd.connectPartnerCenter': 'Device-code sign-in to Partner Center; checks the Referrals admin role.',
  'cli.cmd.connectSalesforce':
    'Sign in to Salesforce with the device flow (or a refresh token from standard input); checks the user at once.',
  'cli.cmd.connectDynamics':
    "Sign in to Dynamics 365 with a device code (or an application user's client secret from standard input); checks the identity and its roles at once.",
  'cli.cmd.webhooks': 'Manage the Partner Center webhook registration.',
  'cli.cmd.webhooksRegister':
    'Subscribe all four referral events to a URL (overwrite) and verify it with a validation event.',
  'cli.cmd.config': 'Check or show the configuration (COSELL_CONFIG_FILE, then the environment, which wins).',
  'cli.cmd.configCheck': 'Validate the configuration; every problem is listed at once.',
  'cli.cmd.configShow': 'Show every setting in effect and where it comes from; secrets are never shown.',
  'cli.config.valid':
    'The configuration is valid: {{set}} settings given (file: {{file}}), the rest at their defaults.',
  'cli.config.file': 'Configuration file: {{file}}',
  'cli.config.noFile': 'none (COSELL_CONFIG_FILE is not set)',
  'cli.config.setting': '{{key}} = {{value}}  ({{source}})',
  'cli.config.hidden': '(set, hidden)',
  'cli.config.unset': '(not set)',
  'cli.config.source.environment': 'environment',
  'cli.config.source.file': 'file',
  'cli.config.source.default': 'default',
  'cli.cmd.init':
    'Set up cosell: profile, store, CRM, public receiver URL and secrets key, written to a configuration file.',
  'cli.opt.initFile': 'the configuration file to write (default: COSELL_CONFIG_FILE, else ./cosell.env)',
  'cli.opt.initProfile': 'sandbox or production',
  'cli.opt.initDataDir': 'the embedded store’s data directory',
  'cli.opt.initDatabaseUrl': 'a PostgreSQL URL instead of the embedded store (or DATABASE_URL)',
  'cli.opt.initCrm': 'salesforce or dynamics',
  'cli.opt.initPublicUrl': 'the public https URL Partner Center delivers webhooks to',
  'cli.opt.initPcClientId': 'the Partner Center (Microsoft Entra) application id',
  'cli.opt.initSecretsKeyStdin':
    'read the secrets key (32 bytes, base64) from standard input instead of generating one',
  'cli.opt.initForce': 'replace an existing configuration file',
  'cli.opt.initYes': 'ask nothing: take flags, then the environment, then defaults',
  'cli.opt.initInteractive': 'ask even when standard input is not a terminal (answers one per line)',
  'cli.init.askProfile': 'Profile: sandbox or production? [{{fallback}}]',
  'cli.init.askStore': 'Store: a data directory for the embedded store, or a postgres:// URL? [{{fallback}}]',
  'cli.init.askCrm': 'CRM: salesforce or dynamics? [{{fallback}}]',
  'cli.init.askPublicUrl':
    'Public https URL of this service, where Partner Center delivers webhooks (empty: decide later)? [{{fallback}}]',
  'cli.init.askPcClientId': 'Partner Center application (client) id (empty: decide later)? [{{fallback}}]',
  'cli.init.fileHeader':
    'cosell configuration, written by `cosell init`. Holds the secrets key: keep it private and keep a copy.',
  'cli.init.written': 'Configuration written to {{file}} (readable by its owner only):',
  'cli.init.keyGenerated':
    'A new secrets key was generated and written to {{file}} only. Keep a copy: stored connections cannot be read without it.',
  'cli.init.next':
    'Next: export COSELL_CONFIG_FILE={{file}}; then `cosell connect partner-center`, `cosell connect {{crm}}` and `cosell start`.',
  'cli.cmd.status': 'Show the inbox and today’s Partner Center API budget.',
  'cli.opt.locale': 'language of messages: en, nl-NL or zh-CN (default: COSELL_LOCALE)',
  'cli.opt.help': 'show help for the command',
  'cli.opt.port': 'port to listen on (0: any free port)',
  'cli.opt.host': 'address to listen on',
  'cli.opt.seed': 'JSON file with referrals to start with',
  'cli.opt.generate': 'number of realistic referrals to generate',
  'cli.opt.randomSeed': 'seed for generated data and faults',
  'cli.opt.referrals': 'sample referrals to start with',
  'cli.opt.receiverPort': 'receiver port (0: any free port; default COSELL_PORT)',
  'cli.opt.interval': 'milliseconds between simulated Partner Center edits',
  'cli.opt.tick': 'milliseconds between status lines',
  'cli.opt.exitAfter': 'stop after this many sync runs succeeded (for scripted runs)',
  'cli.opt.url': 'public URL of the webhook receiver (…/webhooks/partner-center)',
  'cli.opt.timeout': 'seconds to wait for the validation round trip',
  'cli.arg.wholeNumber': 'expected a whole number of 0 or more',
  'cli.cmd.start':
    'Run the connector: the webhook receiver and the sync workers, reconciliation and the CRM change feed (until Ctrl+C or SIGTERM).',
  'cli.opt.role':
    'what this process does: receiver, worker, reconciler, console (the admin console) or all (comma-separated; default all)',
  'cli.opt.workers': 'sync jobs this process runs at once (default COSELL_WORKERS)',
  'cli.start.syncing':
    'Syncing with {{crm}}: {{workers}} workers, reconciliation and the change feed are running.',
  'cli.start.receiveOnly':
    'Receiving only: webhooks are stored and wait until the connection above works; then restart.',
  'cli.cmd.sync':
    'Force one record to sync now, by its Partner Center referral id or its CRM id (both directions when linked).',
  'cli.sync.run': 'Run {{run}} ({{flow}}): {{status}}.',
  'cli.sync.reason': '  Why: {{reason}}',
  'cli.sync.error': '  {{code}}: {{message}} What to do: {{fix}}',
  'cli.sync.waiting': 'Job {{job}} is queued for another attempt; see cosell runs list.',
  'cli.cmd.install': 'Create what cosell needs in a connected system.',
  'cli.cmd.installCrm':
    'Create the co-sell fields and the Microsoft solution object in the configured CRM (COSELL_CRM), as a System Administrator or System Customizer; creates only what is missing. Exit codes: 0 done (with --dry-run: nothing missing), 2 with --dry-run when something would be created, 1 an error a person must fix (such as a missing role), 3 a temporary error.',
  'cli.opt.dryRun': 'list what would be created and change nothing',
  'cli.opt.bare': 'start without the co-sell fields and the solution object, as before "cosell install crm"',
  'cli.install.identity': 'Installing the co-sell schema in {{system}} as {{identity}}.',
  'cli.install.checking':
    'Checking the co-sell schema in {{system}} as {{identity}} (dry run: nothing is changed).',
  'cli.install.created': '  created           {{name}}',
  'cli.install.present': '  already present   {{name}}',
  'cli.install.wouldCreate': '  would be created  {{name}}',
  'cli.install.currency': 'Referral currency: {{field}} with {{currencies}}.',
  'cli.install.noCurrency':
    'No currency is enabled for {{field}}: enable one in {{system}}, then run this again.',
  'cli.install.done': 'Created {{created}} of {{total}} items; the others were already present.',
  'cli.install.nothingToDo': 'Nothing to create: all {{total}} co-sell items are already present.',
  'cli.install.wouldDo':
    '{{count}} of {{total}} items would be created; run without --dry-run to create them.',
  'cli.start.listening': 'Listening on {{url}}; Partner Center webhooks go to {{webhookUrl}}.',
  'cli.start.stopped': 'Stopped; every accepted webhook and every unfinished job is in the store.',
  'cli.opt.registerWebhooks':
    'once listening, register the webhook at COSELL_PUBLIC_URL (all four events, overwrite) and check the round trip',
  'cli.demo.portBusy': 'Port {{port}} is in use; the receiver takes a free port instead.',
  'reasons.ECHO': 'Our own write came back; nothing to do.',
  'reasons.NO_CHANGE': 'No synced field changed.',
  'reasons.REFERRAL_CLOSED':
    'The referral is closed in Partner Center; closed deals are never reopened or overwritten.',
  'reasons.ON_HOLD': 'The opportunity is in the on-hold stage; its edits sync once the referral is accepted.',
  'reasons.STATUS_TRANSITION_INVALID': 'Partner Center does not allow this status change.',
  'reasons.FIELD_NOT_SYNCED': 'This field does not sync in this direction.',
  'reasons.CONFLICT_LOST': 'Both sides changed this field; the value of the field’s owner was kept.',
  'reasons.CRM_RECORD_MISSING':
    'Partner Center names a CRM record that does not exist; the change was not applied.',
  'reasons.SYNC_DISABLED': '"Sync with Partner Center" is off for this opportunity.',
  'reasons.OPPORTUNITY_CLOSED':
    'The opportunity is closed in the CRM and was never shared; a closed deal is not sent as a new referral.',
  'reasons.REFERRAL_MISSING':
    'The opportunity’s Referral Identifier names a referral Partner Center does not have; fix or clear the field.',
  'reasons.MICROSOFT_SIDE':
    'This is Microsoft’s side of one of our co-sells, not a deal of its own; no opportunity is created for it.',
  'sync.record.synced': 'In sync with Partner Center (referral {{referralId}}).',
  'sync.record.created': 'Co-sell referral {{referralId}} created in Partner Center.',
  'sync.record.skipped': 'Not sent to Partner Center (referral {{referralId}}): {{reason}}',
  'sync.record.microsoft': 'Microsoft’s co-sell referral {{referralId}}: {{status}}.',
  'sync.record.failed': 'Not synced: {{message}} Fix: {{fix}}',
  'reasons.OUTBOUND_PENDING': 'Changed in the CRM; the CRM to Partner Center flow sends it.',
  'cli.cmd.emulateSalesforce':
    'Salesforce REST API (v50.0 and later), OAuth and SOAP sign-in, with the co-sell fields.',
  'cli.opt.singleCurrency': 'run the org without multi-currency (no CurrencyIsoCode)',
  'cli.opt.dailyApiCap': 'API requests allowed per day before REQUEST_LIMIT_EXCEEDED',
  'cli.opt.deviceInterval': 'seconds between device sign-in polls the emulator asks for (default 5)',
  'cli.opt.refreshTokenStdin':
    'read an existing refresh token from standard input instead of signing in (for automation)',
  'cli.opt.clientSecretStdin':
    "read the application user's client secret from standard input instead of signing in as a person (for automation)",
  'cli.emulator.salesforceListening':
    'Salesforce emulator listening on {{url}} (org {{orgId}}: {{opportunities}} opportunities, {{accounts}} accounts).',
  'cli.emulator.salesforceUsers': 'Users: {{users}}; password {{password}}; any client id is accepted.',
  'cli.cmd.emulateDynamics':
    'Dataverse Web API (v9.2) of Dynamics 365 with the co-sell columns, and Microsoft sign-in endpoints.',
  'cli.opt.generateAccounts': 'number of accounts to generate, with their contacts and opportunities',
  'cli.opt.seedRows': 'JSON file with rows to start with, by entity set',
  'cli.opt.publisherPrefix': 'publisher prefix of the co-sell columns and table (default cosell_)',
  'cli.emulator.dynamicsListening':
    'Dynamics 365 emulator listening on {{url}} (Web API {{apiUrl}}: {{opportunities}} opportunities, {{accounts}} accounts).',
  'cli.emulator.dynamicsSignIn': 'Token endpoint {{tokenUrl}}; any client id is accepted. Users: {{users}}.',
  'crm.salesforce': 'Salesforce',
  'crm.dynamics': 'Dynamics 365',
  'flows.webhook-registration': 'Webhook registration',
  'flows.partner-center-to-crm-helper': 'Partner Center to {{crm}} – Helper',
  'flows.microsoft-referral-updates-to-crm': 'Partner Center Microsoft co-sell referral updates to {{crm}}',
  'flows.partner-center-to-crm': 'Partner Center to {{crm}}',
  'flows.create-co-sell-referral': 'Create co-sell referral – {{crm}} to Partner Center',
  'flows.crm-opportunity-to-partner-center': '{{crm}} opportunity to Partner Center',
  'flows.microsoft-solutions-to-partner-center': '{{crm}} Microsoft solutions to Partner Center',
  'flows.crm-to-partner-center': '{{crm}} to Partner Center',
  'cli.cmd.flows': 'List, enable and disable the sync flows.',
  'cli.cmd.flowsList': 'List the flows, whether each is on, and what each needs.',
  'cli.cmd.flowsEnable': 'Enable a flow and, first, every flow it needs.',
  'cli.cmd.flowsDisable': 'Disable a flow; refused while flows that are on need it.',
  'cli.opt.cascade': 'also disable the flows that need it',
  'cli.flows.on': 'on ',
  'cli.flows.off': 'off',
  'cli.flows.row': '{{state}}  {{name}}  {{title}}',
  'cli.flows.needs': '       needs: {{needs}}',
  'cli.flows.enabled': 'Enabled, in this order: {{flows}}.',
  'cli.flows.alreadyEnabled': '{{flow}} and everything it needs are already on.',
  'cli.flows.disabled': 'Disabled: {{flows}}.',
  'cli.flows.alreadyDisabled': '{{flow}} is already off.',
  'cli.cmd.runs': 'Show the flow runs, inspect one, and resubmit failed runs.',
  'cli.cmd.runsList':
    'List runs, newest first: when, which flow, what started it, how it ended, API calls and error.',
  'cli.cmd.runsShow': 'Show one run with its steps, API calls per system, and its error with what to do.',
  'cli.cmd.runsResubmit':
    'Queue the job of failed runs again: the runs named by id, or all failed runs with --failed.',
  'cli.cmd.audit': 'Show the audit timeline of a referral or CRM record: every sync decision, newest first.',
  'cli.opt.status': 'only runs with this outcome: {{choices}}',
  'cli.opt.flow': 'only runs of this flow (see "cosell flows list")',
  'cli.opt.referral': 'only runs about this Partner Center referral (and its linked CRM record)',
  'cli.opt.crmId': 'only runs about this CRM record (and its linked referral)',
  'cli.opt.since': 'only runs started at or after this ISO 8601 date or time (UTC unless a zone is given)',
  'cli.opt.limit': 'show at most this many runs (default 20)',
  'cli.opt.json': 'print JSON for scripts instead of text',
  'cli.opt.failed':
    'resubmit every failed run that matches --flow and --since (the newest failure of each record)',
  'cli.opt.resubmitFlow': 'with --failed: only runs of this flow',
  'cli.opt.resubmitSince': 'with --failed: only runs started at or after this ISO 8601 date or time',
  'cli.opt.resubmitLimit': 'with --failed: at most this many records',
  'cli.opt.auditLimit': 'show at most this many entries (default 100)',
  'cli.arg.runId': 'the run’s id (see "cosell runs list")',
  'cli.arg.runIds': 'ids of the failed runs to resubmit',
  'cli.arg.recordId': 'a Partner Center referral id or a CRM record id',
  'cli.arg.positive': 'expected a whole number of 1 or more',
  'cli.arg.choice': 'expected one of: {{choices}}',
  'cli.arg.date': 'expected an ISO 8601 date such as 2026-03-01 or 2026-03-01T09:30:00Z',
  'runs.status.running': 'running',
  'runs.status.succeeded': 'succeeded',
  'runs.status.failed': 'failed',
  'runs.status.skipped': 'skipped',
  'runs.status.deferred': 'deferred',
  'runs.trigger.webhook': 'webhook event',
  'runs.trigger.change-feed': 'change feed',
  'runs.trigger.reconciliation': 'reconciliation',
  'runs.trigger.manual': 'started by hand',
  'runs.trigger.resubmit': 'resubmitted',
  'cli.runs.row':
    '#{{id}}  {{startedAt}}  {{flow}}  {{trigger}}  {{outcome}}  {{duration}}  API calls: {{calls}}{{subject}}{{error}}',
  'cli.runs.rowSubject': '  about {{subject}}',
  'cli.runs.rowError': '  error {{code}}',
  'cli.runs.rowReason': '  reason {{code}}',
  'cli.runs.noCalls': 'none',
  'cli.runs.took': 'took {{ms}} ms',
  'cli.runs.unfinished': 'not finished',
  'cli.runs.none': 'No runs match.',
  'cli.runs.more': 'These are the newest {{limit}}; use --limit for more.',
  'cli.runs.show.title': 'Run #{{id}}: {{flow}}, {{trigger}}, {{outcome}}',
  'cli.runs.show.finished': 'Started {{startedAt}}, finished {{finishedAt}}: {{duration}}.',
  'cli.runs.show.unfinished': 'Started {{startedAt}}; not finished.',
  'cli.runs.show.subject': 'About: {{subject}}',
  'cli.runs.show.correlation': 'Correlation id: {{id}}',
  'cli.runs.show.calls': 'API calls: {{calls}} ({{total}} in all)',
  'cli.runs.show.steps': 'Steps:',
  'cli.runs.show.noSteps': 'No steps were recorded.',
  'cli.runs.show.step': '  {{seq}}. {{name}}: {{outcome}}, {{duration}}, API calls: {{calls}}',
  'cli.runs.show.detail': '     Detail: {{detail}}',
  'cli.runs.show.stepError': '     Error {{code}}: {{message}}',
  'cli.runs.show.stepReason': '     Reason {{code}}: {{text}}',
  'cli.runs.show.reason': 'Reason {{code}}: {{text}}',
  'cli.runs.show.deferredUntil': 'Continues at {{until}}.',
  'cli.runs.show.resubmitHint': 'Resubmit it with "cosell runs resubmit {{id}}".',
  'cli.runs.resubmitted': 'Run #{{run}} resubmitted: job #{{job}} is queued.',
  'cli.runs.resubmitWaiting':
    'Run #{{run}}: job #{{job}} for the same record is already waiting and does this work; nothing more was queued.',
  'cli.runs.superseded':
    'Run #{{run}} left out: run #{{newer}}, a newer failure of the same record, was resubmitted.',
  'cli.runs.leftOut': 'Left out: {{message}}',
  'cli.runs.resubmitNone': 'No failed run matches; nothing was resubmitted.',
  'cli.runs.resubmitSummary':
    'Resubmitted: {{queued}} queued, {{waiting}} already waiting, {{leftOut}} left out.',
  'cli.runs.resubmitUsage':
    'name the failed runs to resubmit by id, or resubmit all failed runs with --failed (narrowed by --flow, --since and --limit), not both',
  'audit.direction.pc-to-crm': 'Partner Center to {{crm}}',
  'audit.direction.crm-to-pc': '{{crm}} to Partner Center',
  'audit.direction.none': 'no sync direction',
  'audit.action.received': 'received',
  'audit.action.created': 'created',
  'audit.action.updated': 'updated',
  'audit.action.skipped': 'skipped',
  'audit.action.failed': 'failed',
  'audit.action.deferred': 'deferred',
  'cli.audit.linked': 'Audit of referral {{referralId}} and {{crm}} record {{crmRecordId}}, newest first:',
  'cli.audit.referralOnly':
    'Audit of referral {{referralId}} (not linked to a {{crm}} record), newest first:',
  'cli.audit.crmOnly': 'Audit of {{crm}} record {{crmRecordId}} (not linked to a referral), newest first:',
  'cli.audit.none': 'No audit entries for {{id}}: no sync decision about it has been recorded.',
  'cli.audit.mapping': 'mapping version {{version}}',
  'cli.audit.run': 'run #{{id}}',
  'cli.audit.reason': '  Reason {{code}}: {{text}}',
  'cli.audit.reasonCode': '  Reason {{code}}',
  'cli.audit.fix': '  What to do: {{fix}}',
  'cli.audit.change': '  {{field}}: {{from}} → {{to}}',
  'cli.audit.value': '  {{field}}: {{value}}',
  'cli.audit.skippedField': '  {{field}}: not written: {{reason}}',
  'cli.audit.conflictPc':
    '  {{field}}: changed on both sides; the Partner Center value was kept and {{lost}} was not written.',
  'cli.audit.conflictCrm':
    '  {{field}}: changed on both sides; the {{crm}} value was kept and {{lost}} was not written.',
  'cli.audit.failure': '  {{field}}: error {{code}}: {{message}}',
  'cli.audit.failureFix': '    What to do: {{fix}}',
  'cli.format.empty': '(empty)',
  // `cosell doctor` and `cosell repair` (src/doctor/, docs/doctor.md).
  'cli.cmd.doctor': 'run every check and print, per check, pass / warn / fail, what was found and the fix',
  'cli.cmd.repair':
    'connect the stored connections again, register the webhooks again with a validation event, and switch on every flow',
  'cli.opt.doctorJson': 'print the report as one JSON document',
  'cli.opt.doctorFix':
    'apply the safe fixes: register the webhooks again, switch on needed flows, set suggested country codes',
  'cli.opt.yes': 'answer yes to every confirmation (for automation)',
  'cli.opt.lang': 'language of the report (en, nl-NL, zh-CN)',
  'cli.opt.only': 'run only these checks (ids or groups, comma-separated)',
  'cli.opt.receiverUrl': 'the webhook URL the registration must point at (default: COSELL_PUBLIC_URL)',
  'doctor.status.pass': 'PASS',
  'doctor.status.warn': 'WARN',
  'doctor.status.fail': 'FAIL',
  'doctor.status.skip': 'SKIP',
  'doctor.table.status': 'Status',
  'doctor.table.check': 'Check',
  'doctor.table.requirements': 'Requirements',
  'doctor.table.found': 'Found',
  'doctor.table.fix': 'What to do: {{text}}',
  'doctor.table.records': 'Records: {{ids}} ({{total}} in all)',
  'doctor.summary': '{{pass}} passed, {{warn}} warnings, {{fail}} failures, {{skip}} skipped.',
  'doctor.skip.notConnected': 'Not checked: there is no {{system}} connection.',
  'doctor.timedOut': 'The check did not finish within {{seconds}} s.',
  'doctor.connections.pcOk': '{{identity}} holds the {{role}} role in Partner Center.',
  'doctor.connections.crmOk': '{{identity}} is connected to {{system}} and may customise it.',
  'doctor.connections.crmCannotCustomize':
    '{{identity}} is connected to {{system}} but is neither System Administrator nor System Customizer.',
  'doctor.connections.crmCannotCustomize.fix':
    'Syncing works; to install or update the co-sell fields, give {{identity}} the System Administrator or System Customizer role (Salesforce: Customize Application or Modify All Data).',
  'doctor.tokens.ok': 'Refresh tokens valid; days left: {{days}}.',
  'doctor.tokens.expiring': 'A refresh token ends soon; days left: {{days}}.',
  'doctor.tokens.expired': 'The refresh token of {{systems}} has expired.',
  'doctor.tokens.expired.fix':
    'Connect again with "cosell connect {{system}}"; missed changes are caught up afterwards.',
  'doctor.flows.ok': 'All {{count}} flows are on.',
  'doctor.flows.off': 'These flows are off: {{flows}}.',
  'doctor.flows.broken': 'These flows are on while a flow they need is off: {{flows}} (need {{needs}}).',
  'doctor.flows.fix':
    'Run "cosell doctor --fix" or "cosell flows enable FLOW": what a flow needs is switched on first.',
  'doctor.webhooks.ok': 'All {{count}} referral events are registered to {{url}}.',
  'doctor.webhooks.none': 'No webhook registration exists: Partner Center tells nobody about changes.',
  'doctor.webhooks.missingEvents': 'These referral events are not registered: {{events}}.',
  'doctor.webhooks.otherUrl': 'The webhooks point at {{url}}, not at this receiver ({{expected}}).',
  'doctor.webhooks.urlUnknown':
    'The webhooks point at {{url}}; this receiver’s public URL is not configured.',
  'doctor.webhooks.urlUnknown.fix':
    'Set COSELL_PUBLIC_URL to the receiver’s public https URL so the registration can be checked.',
  'doctor.webhooks.fix':
    'Run "cosell repair" or "cosell doctor --fix": all four events are registered again (overwrite) and a validation event is sent.',
  'doctor.webhooks.roundTripOk': 'A validation event went through this receiver and came back as delivered.',
  'doctor.webhooks.skipNone': 'Not checked: there is no webhook registration.',
  'doctor.webhooks.skipRoundTrip':
    'Not checked: the validation event failed for another reason (see webhooks.validation).',
  'doctor.webhooks.certHostOk': 'The signing certificate came from an allowed host ({{hosts}}).',
  'doctor.webhooks.certHostRefused':
    'The receiver refused the signing certificate’s host; allowed hosts: {{hosts}}.',
  'doctor.webhooks.certHostRefused.fix':
    'Add the host Partner Center signs from to COSELL_WEBHOOK_CERT_HOSTS and restart the receiver.',
  'doctor.crm.currenciesOk': 'Enabled currencies are valid ISO 4217 codes: {{codes}}.',
  'doctor.crm.noCurrency': 'The CRM reports no enabled currency.',
  'doctor.crm.invalidCurrency': 'These enabled currencies are not ISO 4217 codes: {{codes}}.',
  'doctor.crm.currency.fix':
    'In the CRM’s currency set-up, enable the ISO 4217 currencies you sell in and correct or disable the others.',
  'doctor.crm.cosellFieldsOk':
    'Every co-sell field and the Microsoft solution object are installed in {{crm}}.',
  'doctor.crm.cosellFieldsMissing':
    '{{count}} co-sell fields or objects the sync needs are missing in {{crm}}.',
  'doctor.crm.cosellFields.fix':
    'Run `cosell install crm` as a user with the {{role}} role (`--dry-run` first lists what it would create).',
  'doctor.crm.currencyFieldOk': 'All {{count}} co-sell opportunities carry a valid, enabled currency.',
  'doctor.crm.currencyField':
    '{{bad}} co-sell opportunities have a deal value without a valid, enabled currency (enabled: {{codes}}).',
  'doctor.crm.currencyField.fix':
    'Set the opportunity currency (Salesforce: Opportunity Currency; Dynamics 365: Currency) to an enabled ISO 4217 currency.',
  'doctor.crm.sellersOk': 'All {{count}} sellers of synced referrals are CRM users.',
  'doctor.crm.sellersUnmapped':
    '{{count}} of {{total}} sellers of synced referrals are not active CRM users (matched by e-mail).',
  'doctor.crm.sellersUnmapped.fix':
    'Create or activate CRM users with these e-mail addresses, or set COSELL_DEFAULT_OWNER; until then their opportunities go to the default owner.',
  'doctor.data.ok': 'All {{count}} opportunities marked for sync pass ({{pages}} pages read).',
  'doctor.data.solution': '{{bad}} of {{count}} opportunities marked for sync have no Microsoft solution id.',
  'doctor.data.solution.fix':
    'Add a co-sell-ready Microsoft solution to each listed opportunity; Partner Center refuses a co-sell referral without one.',
  'doctor.data.country':
    '{{bad}} of {{count}} opportunities marked for sync have a customer country that is not an ISO alpha-2 code ({{suggested}} with a suggested code).',
  'doctor.data.country.fix':
    'Set the account’s country to its two-letter ISO 3166 code (for example NL, US).',
  'doctor.data.country.fixSuggested':
    'Run "cosell doctor --fix" to set the suggested codes after confirmation, or set each account’s country to its two-letter ISO 3166 code.',
  'doctor.data.contact':
    '{{bad}} of {{count}} opportunities marked for sync ask Microsoft for help but have no customer contact with a name and an e-mail or phone.',
  'doctor.data.contact.fix':
    'Add a customer contact with a name and an e-mail address or phone number to each listed opportunity.',
  'doctor.data.qualification':
    '{{bad}} of {{count}} opportunities marked for sync are qualifying but have no deal value or no close date.',
  'doctor.data.qualification.fix':
    'Enter the deal value (revenue) and the close date on each listed opportunity.',
  'doctor.budget.ok': '{{system}}: {{used}} of {{cap}} API calls today; forecast for the day {{forecast}}.',
  'doctor.budget.forecastOver':
    '{{system}}: {{used}} of {{cap}} API calls today; at this pace the day ends at {{forecast}}.',
  'doctor.budget.spent':
    '{{system}}: today’s {{cap}} API calls are spent ({{used}}); work waits for the next UTC day.',
  'doctor.budget.fix':
    'Nothing is lost: deferred work resumes after midnight UTC. Raise the cap if your plan allows, or find what makes so many changes.',
  'doctor.budget.crmAllowance':
    '{{system}}: {{used}} of {{cap}} calls today by us; the org has {{remaining}} of {{max}} left.',
  'doctor.budget.crmAllowanceLow':
    '{{system}}: the org has only {{remaining}} of {{max}} daily API calls left (we made {{used}}).',
  'doctor.budget.crmAllowanceLow.fix':
    'Other integrations share the org’s allowance; find the heavy user, or ask for a higher limit.',
  'doctor.runtime.storeOk': 'The store ({{kind}}) answers.',
  'doctor.runtime.migrationsOk': 'The database schema is current.',
  'doctor.runtime.migrationsPending': '{{count}} database migrations are not applied.',
  'doctor.runtime.migrationsPending.fix':
    'Start the service once ("cosell start"): it applies them in one transaction each.',
  'doctor.runtime.diskOk':
    '{{freeMb}} MB free where the store lives ({{dir}}); at least {{minMb}} MB needed.',
  'doctor.runtime.diskLow':
    'Only {{freeMb}} MB free where the store lives ({{dir}}); at least {{minMb}} MB needed.',
  'doctor.runtime.diskLow.fix': 'Free space on that disk, or move COSELL_DATA_DIR to a larger one.',
  'doctor.runtime.diskRemote':
    'Not checked: the store is a PostgreSQL server, whose disk its own monitoring watches.',
  'doctor.runs.noneFailing': 'No record’s newest run failed.',
  'doctor.runs.failing': '{{records}} records’ newest run failed ({{codes}}).',
  'doctor.runs.ok': 'No record failed {{count}} times in a row with the same error.',
  'doctor.runs.repeated':
    '{{records}} records failed at least {{count}} times in a row with the same error ({{codes}}).',
  'doctor.runs.repeated.fix':
    'Read the error of the newest run ("cosell runs show ID"), fix its cause, then "cosell runs resubmit --failed".',
  'doctor.referrals.ok':
    'Every one of {{total}} referrals is linked or has a recorded reason ({{unlinked}} not linked).',
  'doctor.referrals.silent': '{{count}} of {{total}} referrals have no CRM record and no recorded reason.',
  'doctor.referrals.silent.fix':
    'Run "cosell sync ID" for each listed referral; the audit then says what happened ("cosell audit ID").',
  'doctor.fix.webhooks': 'Webhooks registered again to {{url}}; the validation event came back.',
  'doctor.fix.flows': 'Flows switched on: {{flows}}.',
  'doctor.fix.countryAsk': 'Set the country of account {{account}} from "{{value}}" to {{code}}? [y/N] ',
  'doctor.fix.countriesDone': 'Country set on {{count}} accounts.',
  'doctor.fix.countryFailed': 'Account {{account}}: the country was not set ({{code}}).',
  'doctor.fix.countriesNotConfirmed': 'Country codes left unchanged: confirm on a terminal, or add --yes.',
  'doctor.fix.noUrl':
    'Webhooks not registered again: the receiver’s URL is unknown (set COSELL_PUBLIC_URL or give --url).',
  'doctor.fix.rerun': 'Checked again after the fixes:',
  'doctor.repair.connection': '{{system}}: the connection works ({{identity}}).',
  'errors.CONSOLE_UNAUTHENTICATED': 'You are not signed in to the console, or your session has ended.',
  'errors.CONSOLE_UNAUTHENTICATED.fix':
    'Sign in at /console/login, or send a valid API token as "Authorization: Bearer <token>" (make one with "cosell users token").',
  'errors.CONSOLE_FORBIDDEN': 'Your role ({{role}}) may not do this ({{action}}).',
  'errors.CONSOLE_FORBIDDEN.fix':
    'Ask an admin to give your account the operator or admin role ("cosell users add" with --role), or to do it for you.',
  'errors.CSRF_INVALID': 'The request did not carry this session’s security token, so it was refused.',
  'errors.CSRF_INVALID.fix':
    'Reload the console page and try again. Another site cannot act in the console on your behalf.',
  'errors.LOGIN_THROTTLED': 'Too many sign-in attempts from this address.',
  'errors.LOGIN_THROTTLED.fix':
    'Wait {{seconds}} seconds and try again. If you forgot the password, an admin can remove your user and add it again with a new one.',
  'errors.USER_EXISTS': 'There is already a console user named {{username}}.',
  'errors.USER_EXISTS.fix':
    'Choose another name, or remove the user first with "cosell users remove {{username}}".',
  'errors.USER_NOT_FOUND': 'There is no console user named {{username}}.',
  'errors.USER_NOT_FOUND.fix': 'List the users with "cosell users list".',
  'errors.PASSWORD_TOO_SHORT': 'The password is too short: at least {{min}} characters are needed.',
  'errors.PASSWORD_TOO_SHORT.fix':
    'Choose a longer password; a passphrase of several words is easy to remember.',
  'errors.DOCTOR_UNAVAILABLE': 'This process does not run the doctor.',
  'errors.DOCTOR_UNAVAILABLE.fix':
    'Run "cosell doctor" on the command line, or open the console of a process started with cosell start or cosell demo.',
  'console.nav.overview': 'Overview',
  'console.nav.records': 'Records',
  'console.nav.runs': 'Runs',
  'console.nav.doctor': 'Doctor',
  'console.nav.settings': 'Settings',
  'console.signedInAs': '{{user}} ({{role}})',
  'console.signOut': 'Sign out',
  'console.role.admin': 'admin',
  'console.role.operator': 'operator',
  'console.role.viewer': 'viewer',
  'console.live.updated': 'Updated live while sync runs.',
  'console.error.title': 'Something went wrong',
  'console.login.title': 'Sign in to the console',
  'console.login.failed': 'Wrong user name or password.',
  'console.login.username': 'User name',
  'console.login.password': 'Password',
  'console.login.submit': 'Sign in',
  'console.whatToDo': 'What to do:',
  'console.system.partner-center': 'Partner Center',
  'console.budget.used': '{{used}} of {{cap}} API calls today',
  'console.budget.forecast': 'At this pace: about {{forecast}} by the end of the day (UTC).',
  'console.overview.chart': 'Runs by outcome, last hour',
  'console.overview.linked': 'linked records',
  'console.overview.succeeded': 'runs succeeded',
  'console.overview.failed': 'runs failed',
  'console.overview.waiting': 'waiting',
  'console.overview.outcomes': 'Sync outcomes',
  'console.overview.budget': 'API budget today',
  'console.overview.connections': 'Connections',
  'console.overview.noConnections': 'No connection yet: connect with "cosell connect".',
  'console.overview.flows': 'Flows',
  'console.overview.failures': 'Latest failures',
  'console.col.system': 'System',
  'console.col.identity': 'Signed in as',
  'console.col.accessExpires': 'Access token expires',
  'console.col.refreshExpires': 'Refresh token expires',
  'console.col.health': 'Health',
  'console.col.flow': 'Flow',
  'console.col.state': 'State',
  'console.col.needs': 'Needs',
  'console.col.name': 'Name',
  'console.col.referral': 'Referral',
  'console.col.direction': 'Direction',
  'console.col.status': 'Status',
  'console.col.outcome': 'Outcome',
  'console.col.when': 'When',
  'console.col.trigger': 'Started by',
  'console.col.subject': 'About',
  'console.col.calls': 'API calls',
  'console.col.step': 'Step',
  'console.col.detail': 'Detail',
  'console.col.field': 'Field',
  'console.health.ok': 'healthy',
  'console.health.expiring': 'expires soon',
  'console.health.expired': 'expired: connect again',
  'console.flow.on': 'on',
  'console.flow.off': 'off',
  'console.filter.outcome': 'Outcome',
  'console.filter.direction': 'Direction',
  'console.filter.status': 'Status',
  'console.filter.search': 'Search',
  'console.filter.any': 'any',
  'console.filter.apply': 'Filter',
  'console.status.pending': 'pending',
  'console.status.active': 'active',
  'console.status.won': 'won',
  'console.status.lost': 'lost',
  'console.records.none': 'No records match.',
  'console.next': 'Next page',
  'console.record.link': 'Link',
  'console.record.linked': 'linked',
  'console.record.notLinked': 'not linked yet',
  'console.record.syncNow': 'Sync now',
  'console.record.timeline': 'History',
  'console.record.noAudit': 'No sync decision about this record has been recorded.',
  'console.record.conflict':
    'changed on both sides; the {{winner}} value was kept and {{lost}} was not written.',
  'console.run.title': 'Run #{{id}}',
  'console.run.resubmit': 'Resubmit',
  'console.run.started': 'Started',
  'console.run.duration': 'Took',
  'console.run.ms': '{{ms}} ms',
  'console.run.correlation': 'Correlation id',
  'console.run.error': 'Why',
  'console.run.steps': 'Steps',
  'console.run.noSteps': 'No steps were recorded.',
  'console.runs.none': 'No runs match.',
  'console.runs.resubmitAll': 'Resubmit every failed run',
  'console.runs.resubmitFlow': 'Resubmit every failed run of {{flow}}',
  'console.doctor.unavailable':
    'This process does not run the doctor: run "cosell doctor" on the command line.',
  'console.doctor.runAgain': 'Run again',
  'console.doctor.none': 'The doctor has not run yet.',
  'console.doctor.at': 'Results of {{at}}',
  'console.doctor.warn': 'warning',
  'console.doctor.fail': 'failed',
  'console.doctor.pass': 'passed',
  'console.doctor.skip': 'not run',
  'console.doctor.records': 'Records: {{ids}} ({{total}} in all)',
  'console.settings.readOnly':
    'The settings in effect, read-only. Change them in the configuration (docs/configuration.md) and restart.',
  'console.settings.mapping': 'Field mapping and conflict policy (mapping version {{version}})',
  'console.settings.toCrm': 'Partner Center to {{crm}}',
  'console.settings.toPc': '{{crm}} to Partner Center',
  'console.settings.owner': 'Wins a conflict',
  'console.settings.stages': 'Stage names',
  'console.settings.caps': 'Daily API caps',
  'console.yes': 'yes',
  'console.no': 'no',
  'cli.cmd.users': 'console accounts: add, list, remove, and API tokens',
  'cli.cmd.usersAdd': 'add a console user (the password is read from standard input, or asked for)',
  'cli.cmd.usersList': 'list the console users',
  'cli.cmd.usersRemove': 'remove a console user and end their sessions',
  'cli.cmd.usersToken': 'make an API token for a user (shown once)',
  'cli.arg.username': 'the user name',
  'cli.opt.userRole': 'role: {{choices}} (default viewer)',
  'cli.opt.tokenName': 'what the token is for (default "api")',
  'cli.users.password': 'Password for {{username}}: ',
  'cli.users.added': 'User {{username}} added with role {{role}}.',
  'cli.users.removed': 'User {{username}} removed; their sessions and API tokens no longer work.',
  'cli.users.none': 'No console users yet: add the first admin with "cosell users add <name> --role admin".',
  'cli.users.row': '{{username}}  {{role}}  since {{createdAt}}',
  'cli.users.token':
    'API token for {{username}} (shown only now; send it as "Authorization: Bearer <token>"):',
  'cli.start.console': 'Console on {{url}} (sign in with an account made by "cosell users add").',
  'cli.demo.console':
    'Console on {{url}}: sign in as {{username}} with the password {{password}} (new at every start, shown only here).',
  'cli.cmd.plan':
    'show what a first sync would do (links, creates, updates, what is left alone), writing nothing',
  'cli.cmd.backfill': 'apply a first-sync plan: link, create what is missing, resumable where it stopped',
  'cli.opt.planOut': 'write the plan to this file for review (edit "accept" on proposed pairs only)',
  'cli.opt.acceptFuzzy': 'link every proposed pair found by the fuzzy match, without asking per pair',
  'cli.opt.planJson': 'print the summary and every item as JSON (for scripts)',
  'cli.opt.planShow': 'how many pairs and flags to list (0: none)',
  'cli.opt.backfillPlan': 'apply this reviewed plan file instead of computing a new plan',
  'cli.opt.backfillFresh': 'compute a new plan even if an earlier backfill did not finish',
  'cli.opt.backfillJson': 'print the report as JSON (no progress bar)',
  'plan.reading.partner-center': 'Reading Partner Center: {{records}} referrals',
  'plan.reading.crm': 'Reading the CRM: {{records}} opportunities',
  'plan.title': 'Plan {{plan}} (CRM: {{crm}}); nothing has been written.',
  'plan.read':
    'Read {{referrals}} referrals and {{opportunities}} opportunities; {{linked}} already linked (the running sync keeps them); {{other}} opportunities without "Sync with Partner Center" and no referral left out.',
  'plan.row.link': 'Link (same ids on both sides)',
  'plan.row.propose': 'Proposed pairs (fuzzy match)',
  'plan.accepted': '{{n}} accepted',
  'plan.row.createInCrm': 'Create in the CRM',
  'plan.row.createInPc': 'Create in Partner Center',
  'plan.row.flag': 'Flagged (possible duplicates, ids that disagree)',
  'plan.row.skip': 'Left alone (with a reason)',
  'plan.row.updates': 'Updates of linked pairs',
  'plan.updates':
    '{{pairs}} pairs: {{toCrm}} fields to the CRM, {{toPc}} to Partner Center, {{conflicts}} conflicts decided by the field owner',
  'plan.reasons': 'Reasons (records left alone or flagged):',
  'plan.cost':
    'Estimated API calls: Partner Center {{pc}} ({{pcLeft}} left today), CRM {{crm}} ({{crmLeft}} left today).',
  'plan.days':
    "That is more than today's budget allows: the backfill stops at the cap and continues when you run it again the next day ({{days}} days in all).",
  'plan.items': 'Pairs and flags to review:',
  'plan.more': '… more in the plan file (cosell plan --out plan.json).',
  'plan.item.flag': 'flagged {{reason}}: referrals {{referrals}}; opportunities {{opportunities}}',
  'plan.item.link': 'link {{referral}} ↔ {{opportunity}} "{{name}}" by {{evidence}} (score {{score}})',
  'plan.item.propose':
    'proposed {{referral}} ↔ {{opportunity}} "{{name}}" by {{evidence}} (score {{score}}) {{accepted}}',
  'plan.item.accepted': '[accepted]',
  'plan.written':
    'Plan written to {{file}}. To link a proposed pair, set "accept": true on it; then run: cosell backfill --plan {{file}}',
  'plan.nothing': 'Nothing would change: both sides are in step.',
  'plan.next': 'Apply it with: cosell backfill (or cosell backfill --plan FILE for a reviewed file).',
  'backfill.resuming': 'Resuming plan {{plan}} where it stopped.',
  'backfill.stopping': 'Stopping after the current page; run cosell backfill again to resume.',
  'backfill.notInteractive': 'no one can answer here (not a terminal)',
  'backfill.ask': 'Apply this plan now? [y/N] ',
  'backfill.declined': 'the answer was no',
  'backfill.progress': '[{{bar}}] {{done}}/{{total}}  {{rate}}/s  {{left}} left',
  'backfill.progressFollowUps': 'Follow-up syncs: {{done}} done, {{pending}} to go',
  'backfill.done':
    'Plan {{plan}}: {{done}} records done, {{failed}} failed, {{waiting}} waiting; {{seconds}} s ({{rate}} records/s).',
  'backfill.followUps':
    'Follow-up syncs of linked pairs and shares: {{done}} done, {{failed}} failed, {{waiting}} waiting (the running service finishes them).',
  'backfill.limit':
    'Stopped at a limit ({{code}}); it opens again at {{until}}. Run cosell backfill then: it resumes where it stopped.',
  'backfill.interrupted': 'Stopped before the end; run cosell backfill again to resume where it stopped.',
  'backfill.audit':
    'Every decision is in the audit (cosell audit ID) and the run history (cosell runs list), under correlation id {{plan}}.',
  'reasons.POSSIBLE_DUPLICATE':
    'Possibly the same deal entered twice: flagged for a person to decide, never merged silently.',
  'reasons.IDS_DISAGREE':
    'The ids on the two sides point to different records: flagged for a person to decide.',
  'reasons.MATCH_UNCONFIRMED':
    'A likely match was proposed and not accepted: both records are left alone until someone accepts it (cosell backfill --plan FILE with "accept": true, or --accept-fuzzy).',
  'runs.trigger.backfill': 'first-sync backfill',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = { readonly [K in MessageKey]: string };
