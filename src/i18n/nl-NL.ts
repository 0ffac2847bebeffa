// Dutch (nl-NL). Terminology follows Microsoft's Dutch Partner Center documentation: "referral" stays
// "referral", an opportunity is a "verkoopkans", Partner Center stays "Partner Center" and the role keeps
// its Partner Center name with the Dutch name in parentheses. `{{name}}` placeholders match en.ts exactly.
import type { Catalogue } from './en.js';

export const nlNL: Catalogue = {
  'errors.CONFIG_INVALID': 'De configuratie is ongeldig: {{problems}}',
  'errors.CONFIG_INVALID.fix':
    'Corrigeer de genoemde instellingen (omgevingsvariabelen die beginnen met COSELL_, of DATABASE_URL) en start opnieuw.',
  'errors.ROLE_NEEDS_POSTGRES':
    'De rol {{roles}} laat werk over aan andere processen, en de ingebouwde opslag bedient één proces.',
  'errors.ROLE_NEEDS_POSTGRES.fix':
    'Voer alle rollen in dit proces uit (laat --role weg, of --role all), of zet DATABASE_URL op een PostgreSQL-database die alle processen delen.',
  'errors.ROLE_UNKNOWN': 'Onbekende rol "{{role}}".',
  'errors.ROLE_UNKNOWN.fix':
    "Kies uit {{roles}}, gescheiden door komma's (bijvoorbeeld --role receiver,reconciler).",
  'errors.INIT_FILE_EXISTS':
    '{{file}} bestaat al; cosell init overschrijft een configuratie niet zonder opdracht.',
  'errors.INIT_FILE_EXISTS.fix':
    'Voer cosell init --force uit om het te vervangen (ook de geheimensleutel: bewaar de oude sleutel als de opslag verbindingen bevat), of kies een ander bestand met --file.',
  'errors.PORT_IN_USE': 'Poort {{port}} op {{host}} is al in gebruik door een ander programma.',
  'errors.PORT_IN_USE.fix':
    'Stop het andere programma, of kies een andere poort met COSELL_PORT (of --port; 0 kiest een vrije poort).',
  'errors.STORE_UNREACHABLE': 'De database is niet bereikbaar: {{reason}}',
  'errors.STORE_UNREACHABLE.fix':
    'Controleer of PostgreSQL draait en of DATABASE_URL juist is, of verwijder DATABASE_URL om de ingebouwde opslag te gebruiken.',
  'errors.STORE_LOCKED':
    'De gegevensmap {{dataDir}} wordt gebruikt door een ander cosell-proces (pid {{pid}}).',
  'errors.STORE_LOCKED.fix':
    'Stop het andere proces, of geef dit proces een eigen gegevensmap met COSELL_DATA_DIR. Gebruik PostgreSQL (DATABASE_URL) om meerdere processen tegelijk te laten draaien.',
  'errors.MIGRATION_FAILED': 'Het bijwerken van het databaseschema is mislukt bij migratie {{migration}}.',
  'errors.MIGRATION_FAILED.fix':
    'Er is niets half toegepast: elke migratie wordt in één transactie uitgevoerd. Lees de oorzaak in het logboek, los het probleem op en start opnieuw.',
  'errors.SECRETS_KEY_INVALID': 'De sleutel voor geheimen is ongeldig: {{reason}}',
  'errors.SECRETS_KEY_INVALID.fix':
    'Stel COSELL_SECRETS_KEY in op 32 willekeurige bytes in base64 (bijvoorbeeld: openssl rand -base64 32). Bewaar de sleutel veilig: zonder deze sleutel kunnen opgeslagen verbindingen niet worden gelezen.',
  'errors.SECRET_UNREADABLE':
    'Een opgeslagen geheim van verbinding {{connection}} kan niet worden ontsleuteld.',
  'errors.SECRET_UNREADABLE.fix':
    'De sleutel voor geheimen is gewijzigd of de gegevens zijn aangepast. Zet de oorspronkelijke COSELL_SECRETS_KEY terug, of maak opnieuw verbinding met "cosell connect".',

  'errors.WEBHOOK_SIGNATURE_MISSING': 'Het webhookverzoek is niet ondertekend: header {{header}} ontbreekt.',
  'errors.WEBHOOK_SIGNATURE_MISSING.fix':
    'Alleen Partner Center mag deze ontvanger aanroepen. Als Partner Center het verzoek heeft verstuurd, registreer de webhook dan opnieuw met "cosell webhooks register".',
  'errors.WEBHOOK_SIGNATURE_INVALID': 'De handtekening van de webhook komt niet overeen met de inhoud.',
  'errors.WEBHOOK_SIGNATURE_INVALID.fix':
    'Het verzoek is gewijzigd of vervalst en is niet opgeslagen. Als dit blijft gebeuren bij echte Partner Center-gebeurtenissen, controleer dan of er geen proxy is die de inhoud herschrijft.',
  'errors.WEBHOOK_ALGORITHM_UNSUPPORTED':
    'Het handtekeningalgoritme {{algorithm}} van de webhook wordt niet ondersteund.',
  'errors.WEBHOOK_ALGORITHM_UNSUPPORTED.fix':
    'Partner Center ondertekent met rsa-sha256; andere algoritmen worden geweigerd.',
  'errors.WEBHOOK_CERT_HOST_NOT_ALLOWED':
    'Het ondertekeningscertificaat staat op host {{host}}, die niet op de lijst met toegestane hosts staat; het certificaat is niet opgehaald.',
  'errors.WEBHOOK_CERT_HOST_NOT_ALLOWED.fix':
    'Als deze host echt Partner Center-certificaten levert, voeg hem dan toe aan COSELL_WEBHOOK_CERT_HOSTS.',
  'errors.WEBHOOK_CERT_UNAVAILABLE': 'Het ondertekeningscertificaat kon niet worden gedownload van {{host}}.',
  'errors.WEBHOOK_CERT_UNAVAILABLE.fix':
    'Partner Center probeert de aflevering opnieuw, en gemiste gebeurtenissen worden bij de afstemming alsnog verwerkt. Controleer de uitgaande HTTPS-toegang tot de certificaathost.',
  'errors.WEBHOOK_CERT_INVALID': 'Het ondertekeningscertificaat is niet acceptabel: {{reason}}',
  'errors.WEBHOOK_CERT_INVALID.fix':
    'Het certificaat moet vandaag geldig zijn en zijn uitgegeven aan {{issuer}}. Vervalste verzoeken worden geweigerd; er is niets opgeslagen.',
  'errors.WEBHOOK_BODY_TOO_LARGE': 'De inhoud van de webhook is groter dan de limiet van {{limit}} bytes.',
  'errors.WEBHOOK_BODY_TOO_LARGE.fix':
    'Partner Center-gebeurtenissen zijn klein. Als echte gebeurtenissen worden geweigerd, verhoog dan COSELL_WEBHOOK_MAX_BYTES.',
  'errors.WEBHOOK_BODY_MALFORMED':
    'De inhoud van de webhook is geen geldige Partner Center-gebeurtenis: {{reason}}',
  'errors.WEBHOOK_BODY_MALFORMED.fix':
    'Een Partner Center-gebeurtenis is JSON met EventName, ResourceUri en ResourceChangeUtcDate. Er is niets opgeslagen.',
  'errors.WEBHOOK_CONTENT_TYPE':
    'De inhoud van de webhook heeft het contenttype {{contentType}}; er wordt JSON verwacht.',
  'errors.WEBHOOK_CONTENT_TYPE.fix': 'Verstuur de gebeurtenis als application/json.',
  'errors.WEBHOOK_EVENT_UNKNOWN': 'De webhookgebeurtenis {{event}} wordt niet door deze ontvanger verwerkt.',
  'errors.WEBHOOK_EVENT_UNKNOWN.fix':
    'Registreer alleen de referral-gebeurtenissen met "cosell webhooks register"; deze opdracht abonneert zich op alle vier.',
  'errors.WEBHOOK_REGISTRATION_FAILED':
    'Het registreren van de webhook bij Partner Center is mislukt: {{reason}}',
  'errors.WEBHOOK_REGISTRATION_FAILED.fix':
    'Controleer de verbinding met Partner Center met "cosell doctor" en voer daarna "cosell webhooks register" opnieuw uit; dit kan veilig worden herhaald.',
  'errors.WEBHOOK_VALIDATION_FAILED': 'De validatiegebeurtenis heeft deze ontvanger niet bereikt: {{reason}}',
  'errors.WEBHOOK_VALIDATION_FAILED.fix':
    'Partner Center moet de URL van de ontvanger via internet kunnen bereiken. Controleer COSELL_PUBLIC_URL, firewalls en TLS, en registreer daarna opnieuw.',

  'errors.PC_ACCESS_DENIED': 'Partner Center heeft de toegang voor {{identity}} geweigerd: {{reason}}',
  'errors.PC_ACCESS_DENIED.fix':
    'Geef {{identity}} de rol Referrals admin (beheerder van verwijzingen) in Partner Center (Accountinstellingen > Gebruikersbeheer) en voer daarna "cosell connect partner-center" opnieuw uit.',
  'errors.PC_UNAUTHENTICATED': 'Partner Center heeft het aanmeldingstoken niet geaccepteerd.',
  'errors.PC_UNAUTHENTICATED.fix': 'Meld u opnieuw aan met "cosell connect partner-center".',
  'errors.PC_NOT_FOUND': 'Partner Center heeft geen {{resource}} met id {{id}}.',
  'errors.PC_NOT_FOUND.fix': 'Het record is mogelijk verwijderd of hoort bij een ander partneraccount.',
  'errors.PC_INVALID_REQUEST': 'Partner Center heeft het verzoek afgewezen: {{reason}}',
  'errors.PC_INVALID_REQUEST.fix':
    'Controleer de gegevens van het record dat in de audit wordt genoemd; de reden vermeldt om welk veld het gaat.',
  'errors.PC_PRECONDITION_FAILED':
    'De referral {{id}} is in Partner Center gewijzigd nadat deze werd gelezen.',
  'errors.PC_PRECONDITION_FAILED.fix':
    'U hoeft niets te doen: de nieuwere versie wordt opnieuw gelezen en de wijziging wordt daarop opnieuw toegepast.',
  'errors.PC_THROTTLED': 'Partner Center heeft gevraagd het tempo te verlagen (429).',
  'errors.PC_THROTTLED.fix':
    'U hoeft niets te doen: de aanroep wordt herhaald na de wachttijd die Partner Center heeft opgegeven.',
  'errors.PC_UNAVAILABLE': 'Partner Center is tijdelijk niet beschikbaar (503).',
  'errors.PC_UNAVAILABLE.fix':
    'U hoeft niets te doen: de aanroep wordt later herhaald. Er gaat niets verloren.',
  'errors.PC_SERVER_ERROR': 'Partner Center heeft geantwoord met een serverfout ({{status}}).',
  'errors.PC_SERVER_ERROR.fix': 'U hoeft niets te doen: de aanroep wordt herhaald met oplopende wachttijden.',
  'errors.PC_RESPONSE_INVALID':
    'Partner Center heeft een antwoord gestuurd dat deze versie niet kan lezen: {{reason}}',
  'errors.PC_RESPONSE_INVALID.fix':
    'Meld dit met de run-id; het record blijft bewaard en kan opnieuw worden ingediend.',
  'errors.PC_BUDGET_EXHAUSTED':
    'Het dagelijkse API-budget van Partner Center is opgebruikt voor account {{account}} ({{used}} van {{cap}} aanroepen).',
  'errors.PC_BUDGET_EXHAUSTED.fix':
    'Er gaat niets verloren: wachtend werk gaat verder om {{resumeAt}} (middernacht UTC). Verhoog COSELL_PC_DAILY_CAP alleen als uw abonnement meer aanroepen toestaat.',
  'errors.NETWORK_ERROR': 'De netwerkaanroep naar {{host}} is mislukt: {{reason}}',
  'errors.NETWORK_ERROR.fix':
    'De aanroep wordt herhaald met oplopende wachttijden. Controleer de netwerkverbinding als het probleem aanhoudt.',

  'errors.CRM_ACCESS_DENIED': '{{system}} weigerde de toegang voor {{identity}}: {{reason}}',
  'errors.CRM_ACCESS_DENIED.fix':
    'Geef {{identity}} de rol Systeembeheerder of Systeemaanpasser in {{system}}, of maak verbinding met een identiteit die deze rol heeft.',
  'errors.CRM_DAILY_LIMIT':
    'De dagelijkse API-limiet van {{system}} is bereikt ({{used}} van {{limit}} aanvragen).',
  'errors.CRM_DAILY_LIMIT.fix':
    'Er gaat niets verloren: wachtend werk gaat verder om {{resumeAt}}. Vraag uw {{system}}-beheerder om een hogere limiet als dit vaak gebeurt.',
  'errors.CRM_THROTTLED': '{{system}} vroeg om het tempo te verlagen.',
  'errors.CRM_THROTTLED.fix':
    'U hoeft niets te doen: de aanroep wordt herhaald na de tijd die {{system}} vroeg.',
  'errors.CRM_UNAVAILABLE': '{{system}} is tijdelijk niet beschikbaar ({{status}}).',
  'errors.CRM_UNAVAILABLE.fix':
    'U hoeft niets te doen: de aanroep wordt met vertraging herhaald. Er gaat niets verloren.',
  'errors.CRM_REQUEST_INVALID': '{{system}} weigerde de schrijfactie: {{reason}}',
  'errors.CRM_REQUEST_INVALID.fix':
    'Controleer het veld uit de reden op het record in {{system}} en dien de uitvoering daarna opnieuw in.',
  'errors.CRM_NOT_FOUND': '{{system}} heeft geen {{object}} met id {{id}}.',
  'errors.CRM_NOT_FOUND.fix':
    'Het record is mogelijk verwijderd in {{system}}; de audit vermeldt welke wijziging het nodig had.',
  'errors.CRM_CONFLICT': 'Het {{object}} {{id}} is in {{system}} gewijzigd sinds het werd gelezen.',
  'errors.CRM_CONFLICT.fix':
    'U hoeft niets te doen: het record wordt opnieuw gelezen en de wijziging wordt op de nieuwere versie toegepast.',
  'errors.CRM_DUPLICATE': '{{system}} heeft meer dan één {{object}} voor {{key}}.',
  'errors.CRM_DUPLICATE.fix':
    'Voeg de dubbele records in {{system}} samen of verwijder ze zodat er één overblijft, en dien de uitvoering opnieuw in.',
  'errors.CRM_RESPONSE_INVALID': '{{system}} stuurde een antwoord dat deze versie niet kan lezen: {{reason}}',
  'errors.CRM_RESPONSE_INVALID.fix':
    'Meld dit met het uitvoerings-id; het record blijft bewaard en kan opnieuw worden ingediend.',
  'errors.CRM_SCHEMA_MISSING': 'De co-sell-velden zijn niet geïnstalleerd in {{system}}: {{reason}}',
  'errors.CRM_SCHEMA_MISSING.fix':
    'Voer "cosell install crm" uit als systeembeheerder of systeemaanpasser van {{system}} en dien daarna de mislukte runs opnieuw in (cosell runs resubmit --failed).',

  'errors.AUTH_NOT_CONNECTED': 'Er is nog geen verbinding met {{system}}.',
  'errors.AUTH_NOT_CONNECTED.fix': 'Maak eenmalig verbinding met "cosell connect {{system}}".',
  'errors.AUTH_REFRESH_FAILED': 'De aanmelding van {{identity}} bij {{system}} is verlopen of ingetrokken.',
  'errors.AUTH_REFRESH_FAILED.fix':
    'Meld u opnieuw aan met "cosell connect {{system}}". Wijzigingen die in de tussentijd zijn gedaan, worden automatisch alsnog verwerkt; er gaat niets verloren.',
  'errors.AUTH_DEVICE_CODE_EXPIRED': 'De aanmeldingscode is verlopen voordat deze werd gebruikt.',
  'errors.AUTH_DEVICE_CODE_EXPIRED.fix':
    'Voer de connect-opdracht opnieuw uit en voer de nieuwe code binnen de geldigheidsduur in.',
  'errors.AUTH_DEVICE_CODE_DECLINED': 'De aanmelding is geweigerd.',
  'errors.AUTH_DEVICE_CODE_DECLINED.fix': 'Voer de connect-opdracht opnieuw uit en keur de aanmelding goed.',
  'errors.AUTH_ROLE_MISSING': '{{identity}} heeft niet de rol {{role}} in {{system}}.',
  'errors.AUTH_ROLE_MISSING.fix':
    'Vraag een beheerder om {{identity}} de rol {{role}} te geven, of maak verbinding met een identiteit die deze rol wel heeft.',
  'errors.AUTH_SIGN_IN_FAILED': 'Aanmelden bij {{system}} is mislukt: {{reason}}',
  'errors.AUTH_SIGN_IN_FAILED.fix':
    'Controleer de toepassings-id (client-id) en de tenant, en voer daarna de connect-opdracht opnieuw uit.',
  'errors.AUTH_CONNECTED_APP_REFUSED':
    '{{system}} heeft de aanmelding van de connected app geweigerd: {{reason}}',
  'errors.AUTH_CONNECTED_APP_REFUSED.fix':
    'Controleer dat COSELL_SF_CLIENT_ID de consumer key is van een connected app met OAuth-instellingen, "Enable for Device Flow" en de scopes api en refresh_token, en dat COSELL_SF_LOGIN_URL het adres is waar de organisatie zich aanmeldt (https://test.salesforce.com voor een sandbox, of het My Domain); voer daarna "cosell connect salesforce" opnieuw uit.',
  'errors.AUTH_REFRESH_TOKEN_REFUSED':
    '{{system}} heeft het vernieuwingstoken van standaardinvoer niet geaccepteerd: {{reason}}',
  'errors.AUTH_REFRESH_TOKEN_REFUSED.fix':
    'Geef een geldig vernieuwingstoken van de connected app uit COSELL_SF_CLIENT_ID, uitgegeven op het adres van COSELL_SF_LOGIN_URL (een sandboxtoken vraagt https://test.salesforce.com), of voer "cosell connect salesforce" uit zonder --refresh-token-stdin om u met een code aan te melden.',
  'errors.AUTH_REFRESH_TOKEN_MISSING': 'Er is geen vernieuwingstoken van standaardinvoer gelezen.',
  'errors.AUTH_REFRESH_TOKEN_MISSING.fix':
    'Geef het token via een pipe door, bijvoorbeeld "cosell connect salesforce --refresh-token-stdin < token.txt". Het wordt nooit als argument aangenomen, omdat andere gebruikers van de machine het daar kunnen zien.',

  'errors.VALIDATION_SOLUTION_MISSING':
    'Er is geen Microsoft co-sell-oplossing aan deze verkoopkans gekoppeld.',
  'errors.VALIDATION_SOLUTION_MISSING.fix':
    'Voeg minimaal één van uw co-sell-ready oplossingen (Microsoft Partner Center Solutions) toe aan de verkoopkans.',
  'errors.VALIDATION_COUNTRY_INVALID':
    'Het land van de klant "{{value}}" is geen landcode van twee letters volgens ISO 3166.',
  'errors.VALIDATION_COUNTRY_INVALID.fix':
    'Stel het land van het klantaccount in op een code van twee letters, zoals US, NL of CN.{{suggestion}}',
  'validation.countrySuggestion': ' Bedoelt u {{code}} ({{name}})?',
  'errors.VALIDATION_CONTACT_MISSING':
    'Er is hulp van Microsoft aangevraagd, maar er is geen contactpersoon bij de klant opgegeven.',
  'errors.VALIDATION_CONTACT_MISSING.fix':
    'Voeg de naam en het e-mailadres of telefoonnummer van de contactpersoon bij de klant toe, of maak het veld "Hoe kan Microsoft helpen?" ("How can Microsoft help?") leeg.',
  'errors.VALIDATION_DEAL_VALUE_MISSING': 'Een gekwalificeerde deal moet een dealwaarde hebben.',
  'errors.VALIDATION_DEAL_VALUE_MISSING.fix': 'Vul de dealwaarde (bedrag) in bij de verkoopkans.',
  'errors.VALIDATION_CLOSE_DATE_MISSING': 'Een gekwalificeerde deal moet een afsluitdatum hebben.',
  'errors.VALIDATION_CLOSE_DATE_MISSING.fix': 'Vul de verwachte afsluitdatum in bij de verkoopkans.',
  'errors.VALIDATION_CURRENCY_INVALID': 'De valuta "{{value}}" is geen geldige ISO 4217-code.',
  'errors.VALIDATION_CURRENCY_INVALID.fix':
    'Gebruik een valutacode van drie letters, zoals USD of EUR, en zorg dat deze valuta in het CRM is ingeschakeld.',
  'errors.VALIDATION_CURRENCY_NOT_ENABLED':
    'De valuta {{value}} is niet ingeschakeld in het CRM (ingeschakeld: {{enabled}}).',
  'errors.VALIDATION_CURRENCY_NOT_ENABLED.fix':
    "Schakel {{value}} in het CRM in (Salesforce: Manage Currencies; Dynamics 365: Valuta's), of gebruik een van de ingeschakelde valuta's.",
  'errors.STATUS_TRANSITION_INVALID': 'Een referral kan niet van {{from}} naar {{to}} gaan.',
  'errors.STATUS_TRANSITION_INVALID.fix':
    'Gesloten referrals (gewonnen, verloren, afgewezen, verlopen) zijn definitief en worden nooit heropend.',
  'errors.REFERRAL_PAYLOAD_INVALID': 'De referralgegevens zijn ongeldig: {{reason}}',
  'errors.REFERRAL_PAYLOAD_INVALID.fix': 'Controleer het veld dat in de reden wordt genoemd.',

  'errors.FLOW_NEEDED': 'De flow {{flow}} is nodig voor flows die aan staan: {{dependents}}.',
  'errors.FLOW_NEEDED.fix':
    'Schakel eerst {{dependents}} uit, of schakel ze samen uit met "cosell flows disable {{flow}} --cascade".',
  'errors.WORKER_STOPPED': 'De worker is gestopt voordat de taak klaar was; de taak is teruggezet.',
  'errors.WORKER_STOPPED.fix':
    'U hoeft niets te doen: de taak wordt opnieuw uitgevoerd zodra er een worker draait, zonder dat er een poging wordt verbruikt.',
  'errors.JOB_KIND_UNKNOWN': 'Deze versie van cosell heeft geen verwerker voor het taaktype {{kind}}.',
  'errors.JOB_KIND_UNKNOWN.fix':
    'Er gaat niets verloren: de taak wacht en wordt later opnieuw geprobeerd, wanneer een worker die dit type kent haar kan oppakken. Blijft dit gebeuren, gebruik dan in elk proces dezelfde versie van cosell.',
  'errors.RUN_NOT_FOUND': 'Er is geen uitvoering {{id}}.',
  'errors.RUN_NOT_FOUND.fix':
    'Zoek de id van de uitvoering op met "cosell runs list". De geschiedenis van een record blijft in "cosell audit" staan nadat de uitvoeringen ervan zijn opgeschoond.',
  'errors.RUN_NOT_FAILED':
    'Uitvoering {{id}} is niet mislukt (de uitkomst is {{status}}); alleen een mislukte uitvoering kan opnieuw worden ingediend.',
  'errors.RUN_NOT_FAILED.fix': 'Toon de mislukte uitvoeringen met "cosell runs list --status failed".',
  'errors.RUN_NOT_RESUBMITTABLE':
    'Uitvoering {{id}} is niet door een taak gestart; er is dus niets om opnieuw in de wachtrij te plaatsen.',
  'errors.RUN_NOT_RESUBMITTABLE.fix':
    'Start het werk opnieuw op de manier waarop het de eerste keer is gestart; de trigger van de uitvoering zegt hoe.',
  'errors.PLAN_NOT_FOUND': 'Geen plan {{plan}} in de opslag.',
  'errors.PLAN_NOT_FOUND.fix':
    'Voer cosell plan uit om er een te maken, of cosell backfill --plan BESTAND met het planbestand dat u hebt beoordeeld.',
  'errors.PLAN_INVALID': 'Plan {{plan}} kan niet worden uitgevoerd: {{reason}}.',
  'errors.PLAN_INVALID.fix':
    'Voer cosell plan opnieuw uit en beoordeel het nieuwe plan; in een planbestand mag alleen "accept" bij een voorgesteld paar worden gewijzigd.',
  'errors.BACKFILL_RUNNING': 'Plan {{plan}} wordt uitgevoerd door {{runner}} (de claim geldt tot {{until}}).',
  'errors.BACKFILL_RUNNING.fix':
    'Wacht tot die backfill klaar is of stop hem; een gestopte of afgebroken backfill hervat wanneer u cosell backfill opnieuw uitvoert.',
  'errors.BACKFILL_NOT_CONFIRMED': 'De backfill is niet gestart: {{reason}}.',
  'errors.BACKFILL_NOT_CONFIRMED.fix':
    'Beoordeel het plan hierboven en antwoord ja, of geef --yes mee waar niemand kan antwoorden (een script).',
  'errors.REQUEST_INVALID': 'Het verzoek is ongeldig: {{reason}}',
  'errors.REQUEST_INVALID.fix': 'Corrigeer het verzoek zoals in de reden is aangegeven.',
  'errors.NOT_FOUND': 'Niet gevonden: {{what}}',
  'errors.NOT_FOUND.fix': 'Controleer de naam of de id.',
  'errors.INTERNAL': 'Er is een onverwachte fout opgetreden (referentie {{reference}}).',
  'errors.INTERNAL.fix':
    'Er gaat niets verloren; het werk wordt opnieuw geprobeerd. Meld de referentie als het probleem aanhoudt.',

  'cli.description':
    'Houdt co-sell-referrals in Partner Center en verkoopkansen in het CRM gesynchroniseerd.',
  'cli.error': 'Fout {{code}}: {{message}}',
  'cli.fix': 'Wat u kunt doen: {{fix}}',
  'cli.emulator.listening': 'De Partner Center-emulator luistert op {{url}} ({{count}} referrals).',
  'cli.emulator.certificate': 'Webhooks worden ondertekend; het certificaat staat op {{url}}.',
  'cli.emulator.stop': 'Druk op Ctrl+C om te stoppen.',
  'cli.connect.open':
    'Als u zich wilt aanmelden bij Partner Center, opent u {{url}} en voert u de code {{code}} in (geldig tot {{expiresAt}}).',
  'cli.connect.waiting': 'Wachten tot de aanmelding is goedgekeurd…',
  'cli.connect.signedIn': 'Aangemeld als {{identity}}.',
  'cli.connect.roleOk':
    '{{identity}} heeft de rol Referrals admin (beheerder van verwijzingen): Partner Center heeft geantwoord.',
  'cli.connect.saved':
    'Verbinding opgeslagen (vernieuwingstoken versleuteld). Het toegangstoken is geldig tot {{expiresAt}}.',
  'cli.connect.refreshNote':
    'Vernieuwingstokens werken niet meer als de gebruiker wordt uitgeschakeld, het wachtwoord wijzigt of 90 dagen inactief is; "cosell doctor" waarschuwt u voordat het zover is.',
  'cli.connect.salesforce.open':
    'Als u zich wilt aanmelden bij Salesforce, opent u {{url}}, voert u de code {{code}} in en staat u de toegang toe.',
  'cli.connect.salesforce.refreshTokenOk':
    'Het vernieuwingstoken werkt: Salesforce heeft er een sessie voor uitgegeven.',
  'cli.connect.salesforce.signedIn': 'Aangemeld bij Salesforce als {{identity}} (organisatie {{orgId}}).',
  'cli.connect.salesforce.canCustomize':
    '{{identity}} mag de organisatie aanpassen (System Administrator, Modify All Data of Customize Application) en kan dus de co-sell-velden installeren.',
  'cli.connect.salesforce.cannotCustomize':
    'Waarschuwing: {{identity}} mag de organisatie niet aanpassen (daarvoor is System Administrator, Modify All Data of Customize Application nodig) en kan de co-sell-velden dus niet installeren. Synchroniseren vraagt alleen API-toegang: laat een beheerder de velden installeren, of maak verbinding als een gebruiker die de organisatie mag aanpassen.',
  'cli.connect.salesforce.saved':
    'Verbinding opgeslagen (vernieuwingstoken versleuteld); sessies worden vernieuwd bij {{loginUrl}}.',
  'cli.connect.salesforce.refreshNote':
    'Het vernieuwingstoken hoort bij {{identity}} en vervalt met die gebruiker: het werkt niet meer als de gebruiker wordt gedeactiveerd of bevroren, de API-toegang verliest, of als het token wordt ingetrokken. Maak verbinding als een aparte integratiegebruiker, niet als een persoon. Werkt het niet meer, dan pauzeert de synchronisatie met AUTH_REFRESH_FAILED en haalt ze alles in zodra u opnieuw verbinding maakt.',
  'cli.connect.dynamics.open':
    'Als u zich wilt aanmelden bij Dynamics 365, opent u {{url}} en voert u de code {{code}} in (geldig tot {{expiresAt}}).',
  'cli.connect.dynamics.clientSecretOk':
    'Het clientgeheim werkt: Microsoft Entra ID heeft een token voor de toepassing uitgegeven.',
  'cli.connect.dynamics.signedIn':
    'Aangemeld bij Dynamics 365 als {{identity}} (organisatie {{organizationId}} op {{url}}).',
  'cli.connect.dynamics.canCustomize':
    '{{identity}} mag de omgeving aanpassen (System Administrator of System Customizer) en kan dus de co-sell-kolommen en de tabel met Microsoft-oplossingen installeren.',
  'cli.connect.dynamics.cannotCustomize':
    'Waarschuwing: {{identity}} mag de omgeving niet aanpassen (daarvoor is System Administrator of System Customizer nodig) en kan de co-sell-kolommen en de tabel met Microsoft-oplossingen dus niet installeren. Synchroniseren vraagt alleen de rechten op de tabellen: laat een beheerder de oplossing installeren, of maak verbinding als een gebruiker die de omgeving mag aanpassen.',
  'cli.connect.dynamics.savedRefreshToken':
    'Verbinding opgeslagen (vernieuwingstoken versleuteld). Toegangstoken geldig tot {{expiresAt}}; nieuwe komen van het vernieuwingstoken.',
  'cli.connect.dynamics.savedClientSecret':
    'Verbinding opgeslagen (clientgeheim versleuteld). Toegangstoken geldig tot {{expiresAt}}; nieuwe komen van het clientgeheim, tot het geheim zelf verloopt in Entra ID.',
  'cli.connect.dynamics.refreshNote':
    'Het vernieuwingstoken hoort bij {{identity}} en vervalt met die gebruiker: het werkt niet meer als de gebruiker wordt uitgeschakeld, de toegang verliest of als de sessies worden ingetrokken. Gebruik voor onbeheerde synchronisatie een toepassingsgebruiker (--client-secret-stdin). Werkt het niet meer, dan pauzeert de synchronisatie met AUTH_REFRESH_FAILED en haalt ze alles in zodra u opnieuw verbinding maakt.',
  'cli.webhooks.registered': 'Er zijn {{count}} gebeurtenissen geregistreerd voor {{url}}: {{events}}.',
  'cli.webhooks.validationSent':
    'Validatiegebeurtenis verzonden (correlatie-id {{id}}); wachten tot de rondreis is voltooid…',
  'cli.webhooks.validationOk':
    'Rondreis geslaagd: de ontvanger antwoordde met {{status}} bij de controle door Partner Center.',
  'cli.webhooks.validationPending': 'Partner Center heeft de rondreis nog niet gemeld (status {{status}}).',
  'cli.status.inbox': 'Inbox: {{total}} gebeurtenissen ({{pending}} wachtend, {{processed}} verwerkt).',
  'cli.status.budget':
    'API-aanroepen naar Partner Center vandaag ({{day}}, account {{account}}): {{used}} van {{cap}}.',
  'cli.demo.starting':
    'De demo start: emulators voor Partner Center en {{crm}}, opslag, ontvanger, voorbeeldreferrals en -verkoopkansen.',
  'cli.demo.store': 'Opslag: {{store}}.',
  'cli.demo.receiver': 'De webhookontvanger luistert op {{url}}.',
  'cli.demo.signIn': 'Aanmelden bij de emulator als {{identity}} met de apparaatcode {{code}}.',
  'cli.demo.ready':
    'Klaar. Gesimuleerde gebruikers werken nu in Partner Center en {{crm}}; de connector synchroniseert in beide richtingen. Ctrl+C stopt.',
  'cli.demo.tick':
    'Gekoppeld {{linked}} | uitvoeringen: {{succeeded}} gesynchroniseerd, {{skipped}} overgeslagen, {{failed}} mislukt | wachtend {{waiting}} | Partner Center-aanroepen vandaag {{used}} van {{cap}} | {{crm}}-aanroepen {{crmCalls}}',
  'cli.demo.salesforce':
    'De Salesforce-emulator luistert op {{url}} met {{opportunities}} voorbeeldverkoopkansen.',
  'cli.demo.dynamics':
    'De Dynamics 365-emulator luistert op {{url}} met {{opportunities}} voorbeeldverkoopkansen.',
  'cli.demo.crmConnected': 'Verbonden met {{crm}} als {{identity}}; alle flows staan aan.',
  'cli.demo.readyUntilSynced':
    'Klaar. De voorbeeldrecords worden gesynchroniseerd tot elk ervan een eindtoestand heeft bereikt.',
  'cli.opt.untilSynced':
    'geen gesimuleerde gebruikers: stoppen zodra elk voorbeeldrecord een eindtoestand heeft bereikt',
  'cli.opt.demoDoctor':
    'de voorbeeldgegevens één keer synchroniseren, daarna de doctor op de demo uitvoeren en het rapport tonen',
  'cli.opt.demoJson': 'één JSON-samenvatting afdrukken in plaats van voortgangsregels',
  'cli.opt.crm': 'het CRM om mee te synchroniseren (salesforce of dynamics)',
  'cli.opt.accounts': 'voorbeeldaccounts in het CRM (elk met contactpersonen en verkoopkansen)',
  'cli.demo.stopping': 'Bezig met stoppen…',
  'cli.demo.stopped':
    'Gestopt. Alles wat is ontvangen en gesynchroniseerd staat in de opslag; start opnieuw om verder te gaan.',
  'cli.demo.productionRefused':
    'De demo werkt alleen in het sandboxprofiel; verwijder de instelling COSELL_PROFILE=production.',
  'cli.cmd.demo':
    'Beide emulators, opslag, ontvanger, connector en voorbeeldgegevens: de hele synchronisatie van begin tot eind.',
  'cli.cmd.emulate': 'Voer een emulator van een extern systeem uit op loopback.',
  'cli.cmd.emulatePartnerCenter': 'Referrals API, webhooks en aanmeldingseindpunten van Partner Center.',
  'cli.cmd.connect': 'Meld u aan bij een extern systeem en sla de verbinding op.',
  'cli.cmd.connectPartnerCenter':
    'Aanmelden bij Partner Center met een apparaatcode; controleert de rol Referrals admin (beheerder van verwijzingen).',
  'cli.cmd.connectSalesforce':
    'Aanmelden bij Salesforce met een apparaatcode (of een vernieuwingstoken via standaardinvoer); controleert de gebruiker meteen.',
  'cli.cmd.connectDynamics':
    'Aanmelden bij Dynamics 365 met een apparaatcode (of het clientgeheim van een toepassingsgebruiker via standaardinvoer); controleert de identiteit en de rollen meteen.',
  'cli.cmd.webhooks': 'Beheer de webhookregistratie in Partner Center.',
  'cli.cmd.webhooksRegister':
    'Abonneer een URL op alle vier referral-gebeurtenissen (de bestaande registratie wordt overschreven) en controleer deze met een validatiegebeurtenis.',
  'cli.cmd.config':
    'Controleer of toon de configuratie (COSELL_CONFIG_FILE, daarna de omgeving, die voorgaat).',
  'cli.cmd.configCheck': 'Valideer de configuratie; alle problemen worden tegelijk genoemd.',
  'cli.cmd.configShow':
    'Toon elke geldende instelling en waar die vandaan komt; geheimen worden nooit getoond.',
  'cli.config.valid':
    'De configuratie is geldig: {{set}} instellingen opgegeven (bestand: {{file}}), de rest staat op de standaardwaarde.',
  'cli.config.file': 'Configuratiebestand: {{file}}',
  'cli.config.noFile': 'geen (COSELL_CONFIG_FILE is niet ingesteld)',
  'cli.config.setting': '{{key}} = {{value}}  ({{source}})',
  'cli.config.hidden': '(ingesteld, verborgen)',
  'cli.config.unset': '(niet ingesteld)',
  'cli.config.source.environment': 'omgeving',
  'cli.config.source.file': 'bestand',
  'cli.config.source.default': 'standaard',
  'cli.cmd.init':
    'Cosell instellen: profiel, opslag, CRM, publieke ontvanger-URL en geheimensleutel, weggeschreven in een configuratiebestand.',
  'cli.opt.initFile':
    'het configuratiebestand om te schrijven (standaard: COSELL_CONFIG_FILE, anders ./cosell.env)',
  'cli.opt.initProfile': 'sandbox of production',
  'cli.opt.initDataDir': 'de gegevensmap van de ingebouwde opslag',
  'cli.opt.initDatabaseUrl': 'een PostgreSQL-URL in plaats van de ingebouwde opslag (of DATABASE_URL)',
  'cli.opt.initCrm': 'salesforce of dynamics',
  'cli.opt.initPublicUrl': 'de publieke https-URL waar Partner Center webhooks aflevert',
  'cli.opt.initPcClientId': 'de applicatie-id voor Partner Center (Microsoft Entra)',
  'cli.opt.initSecretsKeyStdin':
    'de geheimensleutel (32 bytes, base64) van standaardinvoer lezen in plaats van er een te maken',
  'cli.opt.initForce': 'een bestaand configuratiebestand vervangen',
  'cli.opt.initYes': 'niets vragen: eerst opties, dan de omgeving, dan standaardwaarden',
  'cli.opt.initInteractive': 'ook vragen als standaardinvoer geen terminal is (één antwoord per regel)',
  'cli.init.askProfile': 'Profiel: sandbox of production? [{{fallback}}]',
  'cli.init.askStore':
    'Opslag: een gegevensmap voor de ingebouwde opslag, of een postgres://-URL? [{{fallback}}]',
  'cli.init.askCrm': 'CRM: salesforce of dynamics? [{{fallback}}]',
  'cli.init.askPublicUrl':
    'Publieke https-URL van deze dienst, waar Partner Center webhooks aflevert (leeg: later beslissen)? [{{fallback}}]',
  'cli.init.askPcClientId':
    'Applicatie-id (client-id) voor Partner Center (leeg: later beslissen)? [{{fallback}}]',
  'cli.init.fileHeader':
    'cosell-configuratie, geschreven door `cosell init`. Bevat de geheimensleutel: houd hem privé en bewaar een kopie.',
  'cli.init.written': 'Configuratie geschreven naar {{file}} (alleen leesbaar voor de eigenaar):',
  'cli.init.keyGenerated':
    'Er is een nieuwe geheimensleutel gemaakt en alleen naar {{file}} geschreven. Bewaar een kopie: opgeslagen verbindingen zijn zonder die sleutel niet te lezen.',
  'cli.init.next':
    'Volgende stap: export COSELL_CONFIG_FILE={{file}}; daarna `cosell connect partner-center`, `cosell connect {{crm}}` en `cosell start`.',
  'cli.cmd.status': 'Toon de inbox en het API-budget van Partner Center voor vandaag.',
  'cli.opt.locale': 'taal van de berichten: en, nl-NL of zh-CN (standaard: COSELL_LOCALE)',
  'cli.opt.help': 'help voor de opdracht weergeven',
  'cli.opt.port': 'poort waarop wordt geluisterd (0: een willekeurige vrije poort)',
  'cli.opt.host': 'adres waarop wordt geluisterd',
  'cli.opt.seed': 'JSON-bestand met referrals om mee te beginnen',
  'cli.opt.generate': 'aantal realistische referrals dat wordt gegenereerd',
  'cli.opt.randomSeed': 'startwaarde (seed) voor gegenereerde gegevens en storingen',
  'cli.opt.referrals': 'aantal voorbeeldreferrals om mee te beginnen',
  'cli.opt.receiverPort': 'poort van de ontvanger (0: een willekeurige vrije poort; standaard COSELL_PORT)',
  'cli.opt.interval': 'milliseconden tussen gesimuleerde wijzigingen in Partner Center',
  'cli.opt.tick': 'milliseconden tussen statusregels',
  'cli.opt.exitAfter':
    'stoppen nadat dit aantal synchronisatie-uitvoeringen is geslaagd (voor gescripte uitvoeringen)',
  'cli.opt.url': 'openbare URL van de webhookontvanger (…/webhooks/partner-center)',
  'cli.opt.timeout': 'aantal seconden dat op de rondreis van de validatie wordt gewacht',
  'cli.arg.wholeNumber': 'verwacht een geheel getal van 0 of hoger',
  'cli.cmd.start':
    'De connector draaien: de webhookontvanger en de synchronisatiewerkers, reconciliatie en de CRM-wijzigingsfeed (tot Ctrl+C of SIGTERM).',
  'cli.opt.role':
    "wat dit proces doet: receiver, worker, reconciler, console (de beheerconsole) of all (gescheiden door komma's; standaard all)",
  'cli.opt.workers': 'aantal synchronisatietaken dat dit proces tegelijk uitvoert (standaard COSELL_WORKERS)',
  'cli.start.syncing':
    'Synchroniseren met {{crm}}: {{workers}} werkers, reconciliatie en de wijzigingsfeed draaien.',
  'cli.start.receiveOnly':
    'Alleen ontvangen: webhooks worden opgeslagen en wachten tot de verbinding hierboven werkt; start dan opnieuw.',
  'cli.cmd.sync':
    'Eén record nu synchroniseren, via de referral-id in Partner Center of de CRM-id (beide richtingen als het gekoppeld is).',
  'cli.sync.run': 'Uitvoering {{run}} ({{flow}}): {{status}}.',
  'cli.sync.reason': '  Waarom: {{reason}}',
  'cli.sync.error': '  {{code}}: {{message}} Wat te doen: {{fix}}',
  'cli.sync.waiting': 'Taak {{job}} staat klaar voor een nieuwe poging; zie cosell runs list.',
  'cli.cmd.install': 'Aanmaken wat cosell nodig heeft in een verbonden systeem.',
  'cli.cmd.installCrm':
    'De co-sell-velden en het object voor Microsoft-oplossingen aanmaken in het ingestelde CRM (COSELL_CRM), als systeembeheerder of systeemaanpasser; alleen wat ontbreekt wordt aangemaakt. Afsluitcodes: 0 klaar (met --dry-run: niets ontbreekt), 2 met --dry-run als er iets aangemaakt zou worden, 1 een fout die iemand moet oplossen (zoals een ontbrekende rol), 3 een tijdelijke fout.',
  'cli.opt.dryRun': 'tonen wat aangemaakt zou worden zonder iets te wijzigen',
  'cli.opt.bare':
    'starten zonder de co-sell-velden en het oplossingenobject, zoals vóór "cosell install crm"',
  'cli.install.identity': 'Het co-sell-schema wordt geïnstalleerd in {{system}} als {{identity}}.',
  'cli.install.checking':
    'Het co-sell-schema in {{system}} wordt gecontroleerd als {{identity}} (proefrun: er wordt niets gewijzigd).',
  'cli.install.created': '  aangemaakt             {{name}}',
  'cli.install.present': '  al aanwezig            {{name}}',
  'cli.install.wouldCreate': '  zou aangemaakt worden  {{name}}',
  'cli.install.currency': 'Valuta van referrals: {{field}} met {{currencies}}.',
  'cli.install.noCurrency':
    'Er is geen valuta ingeschakeld voor {{field}}: schakel er een in in {{system}} en voer dit daarna opnieuw uit.',
  'cli.install.done': '{{created}} van {{total}} onderdelen aangemaakt; de andere waren al aanwezig.',
  'cli.install.nothingToDo': 'Niets aan te maken: alle {{total}} co-sell-onderdelen zijn al aanwezig.',
  'cli.install.wouldDo':
    '{{count}} van {{total}} onderdelen zouden aangemaakt worden; voer de opdracht zonder --dry-run uit om ze aan te maken.',
  'cli.start.listening': 'Luistert op {{url}}; Partner Center-webhooks gaan naar {{webhookUrl}}.',
  'cli.start.stopped': 'Gestopt; elke geaccepteerde webhook en elke onafgemaakte taak staat in de opslag.',
  'cli.opt.registerWebhooks':
    'registreer na het starten de webhook op COSELL_PUBLIC_URL (alle vier gebeurtenissen, overschrijven) en controleer de rondreis',
  'cli.demo.portBusy': 'Poort {{port}} is in gebruik; de ontvanger neemt in plaats daarvan een vrije poort.',
  'reasons.ECHO': 'Onze eigen schrijfactie kwam terug; er hoeft niets te gebeuren.',
  'reasons.NO_CHANGE': 'Geen gesynchroniseerd veld is gewijzigd.',
  'reasons.REFERRAL_CLOSED':
    'De referral is gesloten in Partner Center; gesloten deals worden nooit heropend of overschreven.',
  'reasons.ON_HOLD':
    'De verkoopkans staat in de wachtfase; de wijzigingen worden gesynchroniseerd zodra de referral is geaccepteerd.',
  'reasons.STATUS_TRANSITION_INVALID': 'Partner Center staat deze statuswijziging niet toe.',
  'reasons.FIELD_NOT_SYNCED': 'Dit veld wordt niet in deze richting gesynchroniseerd.',
  'reasons.CONFLICT_LOST':
    'Beide kanten wijzigden dit veld; de waarde van de eigenaar van het veld is behouden.',
  'reasons.CRM_RECORD_MISSING':
    'Partner Center noemt een CRM-record dat niet bestaat; de wijziging is niet toegepast.',
  'reasons.SYNC_DISABLED': '"Synchroniseren met Partner Center" staat uit voor deze verkoopkans.',
  'reasons.OPPORTUNITY_CLOSED':
    'De verkoopkans is gesloten in het CRM en is nooit gedeeld; een gesloten deal wordt niet als nieuwe referral verstuurd.',
  'reasons.REFERRAL_MISSING':
    'De Referral Identifier van de verkoopkans verwijst naar een referral die Partner Center niet kent; corrigeer of wis het veld.',
  'reasons.MICROSOFT_SIDE':
    'Dit is de kant van Microsoft van een van onze co-sells, geen eigen deal; er wordt geen verkoopkans voor gemaakt.',
  'sync.record.synced': 'Gesynchroniseerd met Partner Center (referral {{referralId}}).',
  'sync.record.created': 'Co-sell-referral {{referralId}} aangemaakt in Partner Center.',
  'sync.record.skipped': 'Niet naar Partner Center verstuurd (referral {{referralId}}): {{reason}}',
  'sync.record.microsoft': 'Co-sell-referral van Microsoft {{referralId}}: {{status}}.',
  'sync.record.failed': 'Niet gesynchroniseerd: {{message}} Oplossing: {{fix}}',
  'reasons.OUTBOUND_PENDING': 'Gewijzigd in het CRM; de flow CRM naar Partner Center verstuurt dit.',
  'cli.cmd.emulateSalesforce':
    'Salesforce REST API (v50.0 en later), aanmelden via OAuth en SOAP, met de co-sell-velden.',
  'cli.opt.singleCurrency': 'de organisatie zonder meerdere valuta uitvoeren (geen CurrencyIsoCode)',
  'cli.opt.dailyApiCap': 'toegestane API-aanvragen per dag vóór REQUEST_LIMIT_EXCEEDED',
  'cli.opt.deviceInterval':
    'seconden tussen de controles van een apparaataanmelding die de emulator vraagt (standaard 5)',
  'cli.opt.refreshTokenStdin':
    'een bestaand vernieuwingstoken van standaardinvoer lezen in plaats van aan te melden (voor automatisering)',
  'cli.opt.clientSecretStdin':
    'het clientgeheim van de toepassingsgebruiker van standaardinvoer lezen in plaats van als persoon aan te melden (voor automatisering)',
  'cli.emulator.salesforceListening':
    'Salesforce-emulator luistert op {{url}} (organisatie {{orgId}}: {{opportunities}} verkoopkansen, {{accounts}} accounts).',
  'cli.emulator.salesforceUsers':
    'Gebruikers: {{users}}; wachtwoord {{password}}; elke client-id wordt geaccepteerd.',
  'cli.cmd.emulateDynamics':
    'Dataverse Web API (v9.2) van Dynamics 365 met de co-sell-kolommen, en aanmeldingseindpunten van Microsoft.',
  'cli.opt.generateAccounts':
    'aantal accounts dat wordt gegenereerd, met hun contactpersonen en verkoopkansen',
  'cli.opt.seedRows': 'JSON-bestand met rijen om mee te beginnen, per entiteitsset',
  'cli.opt.publisherPrefix':
    'voorvoegsel van de uitgever voor de co-sell-kolommen en -tabel (standaard cosell_)',
  'cli.emulator.dynamicsListening':
    'Dynamics 365-emulator luistert op {{url}} (Web API {{apiUrl}}: {{opportunities}} verkoopkansen, {{accounts}} accounts).',
  'cli.emulator.dynamicsSignIn':
    'Tokeneindpunt {{tokenUrl}}; elke client-id wordt geaccepteerd. Gebruikers: {{users}}.',
  'crm.salesforce': 'Salesforce',
  'crm.dynamics': 'Dynamics 365',
  'flows.webhook-registration': 'Webhookregistratie',
  'flows.partner-center-to-crm-helper': 'Partner Center naar {{crm}} – Helper',
  'flows.microsoft-referral-updates-to-crm':
    'Updates van Microsoft co-sell-referrals in Partner Center naar {{crm}}',
  'flows.partner-center-to-crm': 'Partner Center naar {{crm}}',
  'flows.create-co-sell-referral': 'Co-sell-referral maken – {{crm}} naar Partner Center',
  'flows.crm-opportunity-to-partner-center': '{{crm}}-verkoopkans naar Partner Center',
  'flows.microsoft-solutions-to-partner-center': '{{crm}} Microsoft-oplossingen naar Partner Center',
  'flows.crm-to-partner-center': '{{crm}} naar Partner Center',
  'cli.cmd.flows': 'De synchronisatieflows weergeven, inschakelen en uitschakelen.',
  'cli.cmd.flowsList': 'De flows weergeven, of elke flow aan staat en wat elke flow nodig heeft.',
  'cli.cmd.flowsEnable': 'Een flow inschakelen en eerst elke flow die deze nodig heeft.',
  'cli.cmd.flowsDisable': 'Een flow uitschakelen; geweigerd zolang flows die aan staan deze nodig hebben.',
  'cli.opt.cascade': 'ook de flows uitschakelen die deze nodig hebben',
  'cli.flows.on': 'aan',
  'cli.flows.off': 'uit',
  'cli.flows.row': '{{state}}  {{name}}  {{title}}',
  'cli.flows.needs': '       nodig: {{needs}}',
  'cli.flows.enabled': 'Ingeschakeld, in deze volgorde: {{flows}}.',
  'cli.flows.alreadyEnabled': '{{flow}} en alles wat deze nodig heeft staan al aan.',
  'cli.flows.disabled': 'Uitgeschakeld: {{flows}}.',
  'cli.flows.alreadyDisabled': '{{flow}} staat al uit.',
  'cli.cmd.runs':
    'De uitvoeringen van de flows weergeven, er één bekijken en mislukte uitvoeringen opnieuw indienen.',
  'cli.cmd.runsList':
    'Uitvoeringen weergeven, nieuwste eerst: wanneer, welke flow, wat deze startte, hoe deze afliep, API-aanroepen en fout.',
  'cli.cmd.runsShow':
    'Eén uitvoering weergeven met de stappen, de API-aanroepen per systeem en de fout met wat u kunt doen.',
  'cli.cmd.runsResubmit':
    'De taak van mislukte uitvoeringen opnieuw in de wachtrij plaatsen: de uitvoeringen met de opgegeven id’s, of alle mislukte uitvoeringen met --failed.',
  'cli.cmd.audit':
    'De audittijdlijn van een referral of CRM-record weergeven: elke synchronisatiebeslissing, nieuwste eerst.',
  'cli.opt.status': 'alleen uitvoeringen met deze uitkomst: {{choices}}',
  'cli.opt.flow': 'alleen uitvoeringen van deze flow (zie "cosell flows list")',
  'cli.opt.referral': 'alleen uitvoeringen over deze Partner Center-referral (en het gekoppelde CRM-record)',
  'cli.opt.crmId': 'alleen uitvoeringen over dit CRM-record (en de gekoppelde referral)',
  'cli.opt.since':
    'alleen uitvoeringen die op of na deze ISO 8601-datum of -tijd zijn gestart (UTC, tenzij een zone is opgegeven)',
  'cli.opt.limit': 'ten hoogste dit aantal uitvoeringen weergeven (standaard 20)',
  'cli.opt.json': 'JSON voor scripts afdrukken in plaats van tekst',
  'cli.opt.failed':
    'elke mislukte uitvoering opnieuw indienen die overeenkomt met --flow en --since (de recentste mislukking van elk record)',
  'cli.opt.resubmitFlow': 'met --failed: alleen uitvoeringen van deze flow',
  'cli.opt.resubmitSince':
    'met --failed: alleen uitvoeringen die op of na deze ISO 8601-datum of -tijd zijn gestart',
  'cli.opt.resubmitLimit': 'met --failed: ten hoogste dit aantal records',
  'cli.opt.auditLimit': 'ten hoogste dit aantal vermeldingen weergeven (standaard 100)',
  'cli.arg.runId': 'de id van de uitvoering (zie "cosell runs list")',
  'cli.arg.runIds': 'id’s van de mislukte uitvoeringen die opnieuw moeten worden ingediend',
  'cli.arg.recordId': 'een id van een Partner Center-referral of van een CRM-record',
  'cli.arg.positive': 'verwacht een geheel getal van 1 of hoger',
  'cli.arg.choice': 'verwacht een van: {{choices}}',
  'cli.arg.date': 'verwacht een ISO 8601-datum zoals 2026-03-01 of 2026-03-01T09:30:00Z',
  'runs.status.running': 'bezig',
  'runs.status.succeeded': 'geslaagd',
  'runs.status.failed': 'mislukt',
  'runs.status.skipped': 'overgeslagen',
  'runs.status.deferred': 'uitgesteld',
  'runs.trigger.webhook': 'webhookgebeurtenis',
  'runs.trigger.change-feed': 'wijzigingsfeed',
  'runs.trigger.reconciliation': 'afstemming',
  'runs.trigger.manual': 'handmatig gestart',
  'runs.trigger.resubmit': 'opnieuw ingediend',
  'cli.runs.row':
    '#{{id}}  {{startedAt}}  {{flow}}  {{trigger}}  {{outcome}}  {{duration}}  API-aanroepen: {{calls}}{{subject}}{{error}}',
  'cli.runs.rowSubject': '  over {{subject}}',
  'cli.runs.rowError': '  fout {{code}}',
  'cli.runs.rowReason': '  reden {{code}}',
  'cli.runs.noCalls': 'geen',
  'cli.runs.took': 'duurde {{ms}} ms',
  'cli.runs.unfinished': 'niet voltooid',
  'cli.runs.none': 'Geen uitvoeringen gevonden.',
  'cli.runs.more': 'Dit zijn de nieuwste {{limit}}; gebruik --limit voor meer.',
  'cli.runs.show.title': 'Uitvoering #{{id}}: {{flow}}, {{trigger}}, {{outcome}}',
  'cli.runs.show.finished': 'Gestart {{startedAt}}, voltooid {{finishedAt}}: {{duration}}.',
  'cli.runs.show.unfinished': 'Gestart {{startedAt}}; niet voltooid.',
  'cli.runs.show.subject': 'Over: {{subject}}',
  'cli.runs.show.correlation': 'Correlatie-id: {{id}}',
  'cli.runs.show.calls': 'API-aanroepen: {{calls}} ({{total}} in totaal)',
  'cli.runs.show.steps': 'Stappen:',
  'cli.runs.show.noSteps': 'Er zijn geen stappen vastgelegd.',
  'cli.runs.show.step': '  {{seq}}. {{name}}: {{outcome}}, {{duration}}, API-aanroepen: {{calls}}',
  'cli.runs.show.detail': '     Details: {{detail}}',
  'cli.runs.show.stepError': '     Fout {{code}}: {{message}}',
  'cli.runs.show.stepReason': '     Reden {{code}}: {{text}}',
  'cli.runs.show.reason': 'Reden {{code}}: {{text}}',
  'cli.runs.show.deferredUntil': 'Gaat verder om {{until}}.',
  'cli.runs.show.resubmitHint': 'Dien deze opnieuw in met "cosell runs resubmit {{id}}".',
  'cli.runs.resubmitted': 'Uitvoering #{{run}} opnieuw ingediend: taak #{{job}} staat in de wachtrij.',
  'cli.runs.resubmitWaiting':
    'Uitvoering #{{run}}: taak #{{job}} voor hetzelfde record wacht al en doet dit werk; er is niets extra in de wachtrij geplaatst.',
  'cli.runs.superseded':
    'Uitvoering #{{run}} overgeslagen: uitvoering #{{newer}}, een recentere mislukking van hetzelfde record, is opnieuw ingediend.',
  'cli.runs.leftOut': 'Overgeslagen: {{message}}',
  'cli.runs.resubmitNone': 'Geen mislukte uitvoering gevonden; er is niets opnieuw ingediend.',
  'cli.runs.resubmitSummary':
    'Opnieuw ingediend: {{queued}} in de wachtrij geplaatst, {{waiting}} wachtten al, {{leftOut}} overgeslagen.',
  'cli.runs.resubmitUsage':
    'geef de id’s op van de mislukte uitvoeringen die opnieuw moeten worden ingediend, of dien alle mislukte uitvoeringen opnieuw in met --failed (te beperken met --flow, --since en --limit), niet beide',
  'audit.direction.pc-to-crm': 'Partner Center naar {{crm}}',
  'audit.direction.crm-to-pc': '{{crm}} naar Partner Center',
  'audit.direction.none': 'geen synchronisatierichting',
  'audit.action.received': 'ontvangen',
  'audit.action.created': 'aangemaakt',
  'audit.action.updated': 'bijgewerkt',
  'audit.action.skipped': 'overgeslagen',
  'audit.action.failed': 'mislukt',
  'audit.action.deferred': 'uitgesteld',
  'cli.audit.linked': 'Audit van referral {{referralId}} en {{crm}}-record {{crmRecordId}}, nieuwste eerst:',
  'cli.audit.referralOnly':
    'Audit van referral {{referralId}} (niet gekoppeld aan een {{crm}}-record), nieuwste eerst:',
  'cli.audit.crmOnly':
    'Audit van {{crm}}-record {{crmRecordId}} (niet gekoppeld aan een referral), nieuwste eerst:',
  'cli.audit.none':
    'Geen auditvermeldingen voor {{id}}: er is nog geen synchronisatiebeslissing over vastgelegd.',
  'cli.audit.mapping': 'toewijzingsversie {{version}}',
  'cli.audit.run': 'uitvoering #{{id}}',
  'cli.audit.reason': '  Reden {{code}}: {{text}}',
  'cli.audit.reasonCode': '  Reden {{code}}',
  'cli.audit.fix': '  Wat u kunt doen: {{fix}}',
  'cli.audit.change': '  {{field}}: {{from}} → {{to}}',
  'cli.audit.value': '  {{field}}: {{value}}',
  'cli.audit.skippedField': '  {{field}}: niet geschreven: {{reason}}',
  'cli.audit.conflictPc':
    '  {{field}}: aan beide kanten gewijzigd; de waarde uit Partner Center is behouden en {{lost}} is niet geschreven.',
  'cli.audit.conflictCrm':
    '  {{field}}: aan beide kanten gewijzigd; de waarde uit {{crm}} is behouden en {{lost}} is niet geschreven.',
  'cli.audit.failure': '  {{field}}: fout {{code}}: {{message}}',
  'cli.audit.failureFix': '    Wat u kunt doen: {{fix}}',
  'cli.format.empty': '(leeg)',
  // `cosell doctor` en `cosell repair` (src/doctor/, docs/doctor.md).
  'cli.cmd.doctor':
    'voert elke controle uit en toont per controle geslaagd / waarschuwing / mislukt, wat gevonden is en de oplossing',
  'cli.cmd.repair':
    'verbindt de opgeslagen verbindingen opnieuw, registreert de webhooks opnieuw met een validatiegebeurtenis en zet elke flow aan',
  'cli.opt.doctorJson': 'het rapport als één JSON-document tonen',
  'cli.opt.doctorFix':
    'de veilige oplossingen toepassen: webhooks opnieuw registreren, benodigde flows aanzetten, voorgestelde landcodes invullen',
  'cli.opt.yes': 'elke bevestiging met ja beantwoorden (voor automatisering)',
  'cli.opt.lang': 'taal van het rapport (en, nl-NL, zh-CN)',
  'cli.opt.only': 'alleen deze controles uitvoeren (id’s of groepen, gescheiden door komma’s)',
  'cli.opt.receiverUrl': 'de webhook-URL waarnaar de registratie moet wijzen (standaard: COSELL_PUBLIC_URL)',
  'doctor.status.pass': 'GOED',
  'doctor.status.warn': 'LET OP',
  'doctor.status.fail': 'FOUT',
  'doctor.status.skip': 'OVERGESLAGEN',
  'doctor.table.status': 'Toestand',
  'doctor.table.check': 'Controle',
  'doctor.table.requirements': 'Eisen',
  'doctor.table.found': 'Gevonden',
  'doctor.table.fix': 'Wat u kunt doen: {{text}}',
  'doctor.table.records': 'Records: {{ids}} ({{total}} in totaal)',
  'doctor.summary': '{{pass}} geslaagd, {{warn}} waarschuwingen, {{fail}} mislukt, {{skip}} overgeslagen.',
  'doctor.skip.notConnected': 'Niet gecontroleerd: er is geen verbinding met {{system}}.',
  'doctor.timedOut': 'De controle was niet binnen {{seconds}} s klaar.',
  'doctor.connections.pcOk': '{{identity}} heeft de rol {{role}} in Partner Center.',
  'doctor.connections.crmOk': '{{identity}} is verbonden met {{system}} en mag het aanpassen.',
  'doctor.connections.crmCannotCustomize':
    '{{identity}} is verbonden met {{system}}, maar is geen systeembeheerder en geen systeemaanpasser.',
  'doctor.connections.crmCannotCustomize.fix':
    'Synchroniseren werkt; geef {{identity}} de rol systeembeheerder of systeemaanpasser om de co-sell-velden te installeren of bij te werken (Salesforce: Customize Application of Modify All Data).',
  'doctor.tokens.ok': 'Vernieuwingstokens geldig; resterende dagen: {{days}}.',
  'doctor.tokens.expiring': 'Een vernieuwingstoken verloopt binnenkort; resterende dagen: {{days}}.',
  'doctor.tokens.expired': 'Het vernieuwingstoken van {{systems}} is verlopen.',
  'doctor.tokens.expired.fix':
    'Verbind opnieuw met "cosell connect {{system}}"; gemiste wijzigingen worden daarna ingehaald.',
  'doctor.flows.ok': 'Alle {{count}} flows staan aan.',
  'doctor.flows.off': 'Deze flows staan uit: {{flows}}.',
  'doctor.flows.broken':
    'Deze flows staan aan terwijl een flow die ze nodig hebben uit staat: {{flows}} (nodig: {{needs}}).',
  'doctor.flows.fix':
    'Voer "cosell doctor --fix" of "cosell flows enable FLOW" uit: wat een flow nodig heeft, gaat eerst aan.',
  'doctor.webhooks.ok': 'Alle {{count}} referral-gebeurtenissen zijn geregistreerd op {{url}}.',
  'doctor.webhooks.none': 'Er is geen webhookregistratie: Partner Center meldt wijzigingen aan niemand.',
  'doctor.webhooks.missingEvents': 'Deze referral-gebeurtenissen zijn niet geregistreerd: {{events}}.',
  'doctor.webhooks.otherUrl': 'De webhooks wijzen naar {{url}}, niet naar deze ontvanger ({{expected}}).',
  'doctor.webhooks.urlUnknown':
    'De webhooks wijzen naar {{url}}; de openbare URL van deze ontvanger is niet ingesteld.',
  'doctor.webhooks.urlUnknown.fix':
    'Stel COSELL_PUBLIC_URL in op de openbare https-URL van de ontvanger, zodat de registratie gecontroleerd kan worden.',
  'doctor.webhooks.fix':
    'Voer "cosell repair" of "cosell doctor --fix" uit: alle vier gebeurtenissen worden opnieuw geregistreerd (overschrijven) en er wordt een validatiegebeurtenis verstuurd.',
  'doctor.webhooks.roundTripOk':
    'Een validatiegebeurtenis ging via deze ontvanger en kwam terug als afgeleverd.',
  'doctor.webhooks.skipNone': 'Niet gecontroleerd: er is geen webhookregistratie.',
  'doctor.webhooks.skipRoundTrip':
    'Niet gecontroleerd: de validatiegebeurtenis mislukte om een andere reden (zie webhooks.validation).',
  'doctor.webhooks.certHostOk': 'Het ondertekeningscertificaat kwam van een toegestane host ({{hosts}}).',
  'doctor.webhooks.certHostRefused':
    'De ontvanger weigerde de host van het ondertekeningscertificaat; toegestane hosts: {{hosts}}.',
  'doctor.webhooks.certHostRefused.fix':
    'Voeg de host waarmee Partner Center ondertekent toe aan COSELL_WEBHOOK_CERT_HOSTS en start de ontvanger opnieuw.',
  'doctor.crm.currenciesOk': 'De ingeschakelde valuta zijn geldige ISO 4217-codes: {{codes}}.',
  'doctor.crm.noCurrency': 'Het CRM meldt geen ingeschakelde valuta.',
  'doctor.crm.invalidCurrency': 'Deze ingeschakelde valuta zijn geen ISO 4217-codes: {{codes}}.',
  'doctor.crm.currency.fix':
    'Schakel in de valuta-instellingen van het CRM de ISO 4217-valuta in waarin u verkoopt, en corrigeer of schakel de andere uit.',
  'doctor.crm.cosellFieldsOk':
    'Alle co-sell-velden en het object voor Microsoft-oplossingen zijn geïnstalleerd in {{crm}}.',
  'doctor.crm.cosellFieldsMissing':
    '{{count}} co-sell-velden of -objecten die de synchronisatie nodig heeft, ontbreken in {{crm}}.',
  'doctor.crm.cosellFields.fix':
    'Voer `cosell install crm` uit als gebruiker met de rol {{role}} (`--dry-run` toont eerst wat er wordt aangemaakt).',
  'doctor.crm.currencyFieldOk':
    'Alle {{count}} co-sell-verkoopkansen hebben een geldige, ingeschakelde valuta.',
  'doctor.crm.currencyField':
    '{{bad}} co-sell-verkoopkansen hebben een dealwaarde zonder geldige, ingeschakelde valuta (ingeschakeld: {{codes}}).',
  'doctor.crm.currencyField.fix':
    'Stel de valuta van de verkoopkans (Salesforce: Opportunity Currency; Dynamics 365: Valuta) in op een ingeschakelde ISO 4217-valuta.',
  'doctor.crm.sellersOk': 'Alle {{count}} verkopers van gesynchroniseerde referrals zijn CRM-gebruikers.',
  'doctor.crm.sellersUnmapped':
    '{{count}} van {{total}} verkopers van gesynchroniseerde referrals zijn geen actieve CRM-gebruikers (gezocht op e-mailadres).',
  'doctor.crm.sellersUnmapped.fix':
    'Maak CRM-gebruikers met deze e-mailadressen aan of activeer ze, of stel COSELL_DEFAULT_OWNER in; tot dan krijgen hun verkoopkansen de standaardeigenaar.',
  'doctor.data.ok':
    'Alle {{count}} verkoopkansen die gesynchroniseerd worden zijn in orde ({{pages}} pagina’s gelezen).',
  'doctor.data.solution':
    '{{bad}} van {{count}} verkoopkansen die gesynchroniseerd worden hebben geen Microsoft-oplossings-id.',
  'doctor.data.solution.fix':
    'Voeg aan elke genoemde verkoopkans een co-sell-klare Microsoft-oplossing toe; Partner Center weigert een co-sell-referral zonder.',
  'doctor.data.country':
    '{{bad}} van {{count}} verkoopkansen die gesynchroniseerd worden hebben een klantland dat geen ISO alpha-2-code is ({{suggested}} met een voorgestelde code).',
  'doctor.data.country.fix':
    'Stel het land van het account in op de tweeletterige ISO 3166-code (bijvoorbeeld NL, US).',
  'doctor.data.country.fixSuggested':
    'Voer "cosell doctor --fix" uit om na bevestiging de voorgestelde codes in te vullen, of stel het land van elk account in op de tweeletterige ISO 3166-code.',
  'doctor.data.contact':
    '{{bad}} van {{count}} verkoopkansen die gesynchroniseerd worden vragen Microsoft om hulp, maar hebben geen klantcontact met een naam en een e-mailadres of telefoonnummer.',
  'doctor.data.contact.fix':
    'Voeg aan elke genoemde verkoopkans een klantcontact toe met een naam en een e-mailadres of telefoonnummer.',
  'doctor.data.qualification':
    '{{bad}} van {{count}} verkoopkansen die gesynchroniseerd worden zijn gekwalificeerd, maar missen een dealwaarde of een sluitingsdatum.',
  'doctor.data.qualification.fix':
    'Vul bij elke genoemde verkoopkans de dealwaarde (omzet) en de sluitingsdatum in.',
  'doctor.budget.ok':
    '{{system}}: {{used}} van {{cap}} API-aanroepen vandaag; verwachting voor de dag {{forecast}}.',
  'doctor.budget.forecastOver':
    '{{system}}: {{used}} van {{cap}} API-aanroepen vandaag; in dit tempo eindigt de dag op {{forecast}}.',
  'doctor.budget.spent':
    '{{system}}: de {{cap}} API-aanroepen van vandaag zijn op ({{used}}); werk wacht op de volgende UTC-dag.',
  'doctor.budget.fix':
    'Er gaat niets verloren: uitgesteld werk gaat na middernacht UTC verder. Verhoog de limiet als uw abonnement dat toelaat, of zoek uit wat zoveel wijzigingen veroorzaakt.',
  'doctor.budget.crmAllowance':
    '{{system}}: vandaag {{used}} van {{cap}} aanroepen door ons; de organisatie heeft nog {{remaining}} van {{max}}.',
  'doctor.budget.crmAllowanceLow':
    '{{system}}: de organisatie heeft nog maar {{remaining}} van {{max}} dagelijkse API-aanroepen (wij deden er {{used}}).',
  'doctor.budget.crmAllowanceLow.fix':
    'Andere koppelingen delen het tegoed van de organisatie; zoek de grootverbruiker, of vraag een hogere limiet aan.',
  'doctor.runtime.storeOk': 'De opslag ({{kind}}) antwoordt.',
  'doctor.runtime.migrationsOk': 'Het databaseschema is actueel.',
  'doctor.runtime.migrationsPending': '{{count}} databasemigraties zijn niet toegepast.',
  'doctor.runtime.migrationsPending.fix':
    'Start de dienst één keer ("cosell start"): die past ze toe, elk in één transactie.',
  'doctor.runtime.diskOk': '{{freeMb}} MB vrij waar de opslag staat ({{dir}}); minstens {{minMb}} MB nodig.',
  'doctor.runtime.diskLow':
    'Slechts {{freeMb}} MB vrij waar de opslag staat ({{dir}}); minstens {{minMb}} MB nodig.',
  'doctor.runtime.diskLow.fix':
    'Maak ruimte vrij op die schijf, of verplaats COSELL_DATA_DIR naar een grotere.',
  'doctor.runtime.diskRemote':
    'Niet gecontroleerd: de opslag is een PostgreSQL-server, waarvan de eigen bewaking de schijf in de gaten houdt.',
  'doctor.runs.noneFailing': 'Bij geen enkel record is de nieuwste run mislukt.',
  'doctor.runs.failing': 'Bij {{records}} records is de nieuwste run mislukt ({{codes}}).',
  'doctor.runs.ok': 'Geen record is {{count}} keer achter elkaar met dezelfde fout mislukt.',
  'doctor.runs.repeated':
    '{{records}} records zijn minstens {{count}} keer achter elkaar met dezelfde fout mislukt ({{codes}}).',
  'doctor.runs.repeated.fix':
    'Lees de fout van de nieuwste run ("cosell runs show ID"), los de oorzaak op en voer dan "cosell runs resubmit --failed" uit.',
  'doctor.referrals.ok':
    'Elk van de {{total}} referrals is gekoppeld of heeft een vastgelegde reden ({{unlinked}} niet gekoppeld).',
  'doctor.referrals.silent':
    '{{count}} van {{total}} referrals hebben geen CRM-record en geen vastgelegde reden.',
  'doctor.referrals.silent.fix':
    'Voer "cosell sync ID" uit voor elke genoemde referral; de audit vertelt dan wat er gebeurde ("cosell audit ID").',
  'doctor.fix.webhooks': 'Webhooks opnieuw geregistreerd op {{url}}; de validatiegebeurtenis kwam terug.',
  'doctor.fix.flows': 'Flows aangezet: {{flows}}.',
  'doctor.fix.countryAsk': 'Het land van account {{account}} van "{{value}}" naar {{code}} wijzigen? [j/N] ',
  'doctor.fix.countriesDone': 'Land ingesteld bij {{count}} accounts.',
  'doctor.fix.countryFailed': 'Account {{account}}: het land is niet ingesteld ({{code}}).',
  'doctor.fix.countriesNotConfirmed': 'Landcodes ongewijzigd: bevestig op een terminal, of voeg --yes toe.',
  'doctor.fix.noUrl':
    'Webhooks niet opnieuw geregistreerd: de URL van de ontvanger is onbekend (stel COSELL_PUBLIC_URL in of geef --url).',
  'doctor.fix.rerun': 'Opnieuw gecontroleerd na de oplossingen:',
  'doctor.repair.connection': '{{system}}: de verbinding werkt ({{identity}}).',
  'errors.CONSOLE_UNAUTHENTICATED': 'U bent niet aangemeld bij de console, of uw sessie is verlopen.',
  'errors.CONSOLE_UNAUTHENTICATED.fix':
    'Meld u aan op /console/login, of stuur een geldig API-token als "Authorization: Bearer <token>" (maak er een met "cosell users token").',
  'errors.CONSOLE_FORBIDDEN': 'Uw rol ({{role}}) mag dit niet doen ({{action}}).',
  'errors.CONSOLE_FORBIDDEN.fix':
    'Vraag een beheerder uw account de rol operator of admin te geven ("cosell users add" met --role), of het voor u te doen.',
  'errors.CSRF_INVALID':
    'Het verzoek bevatte niet het beveiligingstoken van deze sessie en is daarom geweigerd.',
  'errors.CSRF_INVALID.fix':
    'Laad de consolepagina opnieuw en probeer het nog eens. Een andere site kan niet namens u in de console handelen.',
  'errors.LOGIN_THROTTLED': 'Te veel aanmeldpogingen vanaf dit adres.',
  'errors.LOGIN_THROTTLED.fix':
    'Wacht {{seconds}} seconden en probeer het opnieuw. Wachtwoord vergeten? Een beheerder kan uw gebruiker verwijderen en opnieuw toevoegen met een nieuw wachtwoord.',
  'errors.USER_EXISTS': 'Er is al een consolegebruiker met de naam {{username}}.',
  'errors.USER_EXISTS.fix':
    'Kies een andere naam, of verwijder de gebruiker eerst met "cosell users remove {{username}}".',
  'errors.USER_NOT_FOUND': 'Er is geen consolegebruiker met de naam {{username}}.',
  'errors.USER_NOT_FOUND.fix': 'Toon de gebruikers met "cosell users list".',
  'errors.PASSWORD_TOO_SHORT': 'Het wachtwoord is te kort: er zijn minstens {{min}} tekens nodig.',
  'errors.PASSWORD_TOO_SHORT.fix':
    'Kies een langer wachtwoord; een zin van enkele woorden is makkelijk te onthouden.',
  'errors.DOCTOR_UNAVAILABLE': 'Dit proces voert de diagnose (doctor) niet uit.',
  'errors.DOCTOR_UNAVAILABLE.fix':
    'Voer "cosell doctor" uit op de opdrachtregel, of open de console van een proces gestart met cosell start of cosell demo.',
  'console.nav.overview': 'Overzicht',
  'console.nav.records': 'Recordlijst',
  'console.nav.runs': 'Uitvoeringen',
  'console.nav.doctor': 'Diagnose',
  'console.nav.settings': 'Instellingen',
  'console.signedInAs': '{{user}} ({{role}})',
  'console.signOut': 'Afmelden',
  'console.role.admin': 'beheerder',
  'console.role.operator': 'uitvoerder',
  'console.role.viewer': 'kijker',
  'console.live.updated': 'Live bijgewerkt terwijl de synchronisatie loopt.',
  'console.error.title': 'Er ging iets mis',
  'console.login.title': 'Aanmelden bij de console',
  'console.login.failed': 'Onjuiste gebruikersnaam of wachtwoord.',
  'console.login.username': 'Gebruikersnaam',
  'console.login.password': 'Wachtwoord',
  'console.login.submit': 'Aanmelden',
  'console.whatToDo': 'Wat te doen:',
  'console.system.partner-center': 'Partner Center',
  'console.budget.used': '{{used}} van {{cap}} API-aanroepen vandaag',
  'console.budget.forecast': 'In dit tempo: ongeveer {{forecast}} aan het eind van de dag (UTC).',
  'console.overview.chart': 'Uitvoeringen per uitkomst, afgelopen uur',
  'console.overview.linked': 'gekoppelde records',
  'console.overview.succeeded': 'geslaagde uitvoeringen',
  'console.overview.failed': 'mislukte uitvoeringen',
  'console.overview.waiting': 'wachtend',
  'console.overview.outcomes': 'Synchronisatie-uitkomsten',
  'console.overview.budget': 'API-budget vandaag',
  'console.overview.connections': 'Verbindingen',
  'console.overview.noConnections': 'Nog geen verbinding: maak er een met "cosell connect".',
  'console.overview.flows': 'Werkstromen',
  'console.overview.failures': 'Laatste fouten',
  'console.col.system': 'Systeem',
  'console.col.identity': 'Aangemeld als',
  'console.col.accessExpires': 'Toegangstoken verloopt',
  'console.col.refreshExpires': 'Vernieuwingstoken verloopt',
  'console.col.health': 'Status',
  'console.col.flow': 'Werkstroom',
  'console.col.state': 'Toestand',
  'console.col.needs': 'Vereist',
  'console.col.name': 'Naam',
  'console.col.referral': 'Referral-id',
  'console.col.direction': 'Richting',
  'console.col.status': 'Stand',
  'console.col.outcome': 'Uitkomst',
  'console.col.when': 'Wanneer',
  'console.col.trigger': 'Gestart door',
  'console.col.subject': 'Over',
  'console.col.calls': 'API-aanroepen',
  'console.col.step': 'Stap',
  'console.col.detail': 'Details',
  'console.col.field': 'Veld',
  'console.health.ok': 'in orde',
  'console.health.expiring': 'verloopt binnenkort',
  'console.health.expired': 'verlopen: opnieuw verbinden',
  'console.flow.on': 'aan',
  'console.flow.off': 'uit',
  'console.filter.outcome': 'Uitkomst',
  'console.filter.direction': 'Richting',
  'console.filter.status': 'Stand',
  'console.filter.search': 'Zoeken',
  'console.filter.any': 'alle',
  'console.filter.apply': 'Filteren',
  'console.status.pending': 'in afwachting',
  'console.status.active': 'actief',
  'console.status.won': 'gewonnen',
  'console.status.lost': 'verloren',
  'console.records.none': 'Geen records gevonden.',
  'console.next': 'Volgende pagina',
  'console.record.link': 'Koppeling',
  'console.record.linked': 'gekoppeld',
  'console.record.notLinked': 'nog niet gekoppeld',
  'console.record.syncNow': 'Nu synchroniseren',
  'console.record.timeline': 'Geschiedenis',
  'console.record.noAudit': 'Er is nog geen synchronisatiebeslissing over dit record vastgelegd.',
  'console.record.conflict':
    'aan beide kanten gewijzigd; de waarde van {{winner}} is behouden en {{lost}} is niet geschreven.',
  'console.run.title': 'Uitvoering #{{id}}',
  'console.run.resubmit': 'Opnieuw indienen',
  'console.run.started': 'Gestart',
  'console.run.duration': 'Duur',
  'console.run.ms': '{{ms}} ms',
  'console.run.correlation': 'Correlatie-id',
  'console.run.error': 'Waarom',
  'console.run.steps': 'Stappen',
  'console.run.noSteps': 'Er zijn geen stappen vastgelegd.',
  'console.runs.none': 'Geen uitvoeringen gevonden.',
  'console.runs.resubmitAll': 'Alle mislukte uitvoeringen opnieuw indienen',
  'console.runs.resubmitFlow': 'Alle mislukte uitvoeringen van {{flow}} opnieuw indienen',
  'console.doctor.unavailable':
    'Dit proces voert de diagnose niet uit: voer "cosell doctor" uit op de opdrachtregel.',
  'console.doctor.runAgain': 'Opnieuw uitvoeren',
  'console.doctor.none': 'De diagnose is nog niet uitgevoerd.',
  'console.doctor.at': 'Resultaten van {{at}}',
  'console.doctor.warn': 'waarschuwing',
  'console.doctor.fail': 'mislukt',
  'console.doctor.pass': 'geslaagd',
  'console.doctor.skip': 'niet uitgevoerd',
  'console.doctor.records': 'Records: {{ids}} ({{total}} in totaal)',
  'console.settings.readOnly':
    'De geldende instellingen, alleen-lezen. Wijzig ze in de configuratie (docs/configuration.md) en start opnieuw.',
  'console.settings.mapping': 'Veldkoppeling en conflictbeleid (koppelingsversie {{version}})',
  'console.settings.toCrm': 'Partner Center naar {{crm}}',
  'console.settings.toPc': '{{crm}} naar Partner Center',
  'console.settings.owner': 'Wint bij conflict',
  'console.settings.stages': 'Fasenamen',
  'console.settings.caps': 'Dagelijkse API-limieten',
  'console.yes': 'ja',
  'console.no': 'nee',
  'cli.cmd.users': 'consoleaccounts: toevoegen, tonen, verwijderen, en API-tokens',
  'cli.cmd.usersAdd':
    'een consolegebruiker toevoegen (het wachtwoord wordt van standaardinvoer gelezen, of gevraagd)',
  'cli.cmd.usersList': 'de consolegebruikers tonen',
  'cli.cmd.usersRemove': 'een consolegebruiker verwijderen en diens sessies beëindigen',
  'cli.cmd.usersToken': 'een API-token voor een gebruiker maken (eenmalig getoond)',
  'cli.arg.username': 'de gebruikersnaam',
  'cli.opt.userRole': 'rol: {{choices}} (standaard viewer)',
  'cli.opt.tokenName': 'waarvoor het token dient (standaard "api")',
  'cli.users.password': 'Wachtwoord voor {{username}}: ',
  'cli.users.added': 'Gebruiker {{username}} toegevoegd met rol {{role}}.',
  'cli.users.removed': 'Gebruiker {{username}} verwijderd; diens sessies en API-tokens werken niet meer.',
  'cli.users.none':
    'Nog geen consolegebruikers: voeg de eerste beheerder toe met "cosell users add <naam> --role admin".',
  'cli.users.row': '{{username}}  {{role}}  sinds {{createdAt}}',
  'cli.users.token':
    'API-token voor {{username}} (alleen nu getoond; stuur het als "Authorization: Bearer <token>"):',
  'cli.start.console': 'Console op {{url}} (meld u aan met een account gemaakt met "cosell users add").',
  'cli.demo.console':
    'Console op {{url}}: meld u aan als {{username}} met het wachtwoord {{password}} (nieuw bij elke start, alleen hier getoond).',
  'cli.cmd.plan':
    'toon wat een eerste synchronisatie zou doen (koppelingen, aanmaken, bijwerken, wat ongemoeid blijft), zonder iets te schrijven',
  'cli.cmd.backfill':
    'voer een plan voor de eerste synchronisatie uit: koppelen, aanmaken wat ontbreekt, hervat waar het stopte',
  'cli.opt.planOut':
    'schrijf het plan naar dit bestand om te beoordelen (wijzig alleen "accept" bij voorgestelde paren)',
  'cli.opt.acceptFuzzy': 'koppel elk voorgesteld paar uit de vage overeenkomst, zonder per paar te vragen',
  'cli.opt.planJson': 'druk de samenvatting en elk item af als JSON (voor scripts)',
  'cli.opt.planShow': 'hoeveel paren en markeringen worden getoond (0: geen)',
  'cli.opt.backfillPlan': 'voer dit beoordeelde planbestand uit in plaats van een nieuw plan te berekenen',
  'cli.opt.backfillFresh': 'bereken een nieuw plan, ook als een eerdere backfill niet klaar is',
  'cli.opt.backfillJson': 'druk het rapport af als JSON (geen voortgangsbalk)',
  'plan.reading.partner-center': 'Partner Center lezen: {{records}} referrals',
  'plan.reading.crm': 'CRM lezen: {{records}} verkoopkansen',
  'plan.title': 'Plan {{plan}} (CRM: {{crm}}); er is niets geschreven.',
  'plan.read':
    '{{referrals}} referrals en {{opportunities}} verkoopkansen gelezen; {{linked}} al gekoppeld (de lopende synchronisatie houdt ze bij); {{other}} verkoopkansen zonder "Synchroniseren met Partner Center" en zonder referral buiten beschouwing gelaten.',
  'plan.row.link': "Koppelen (dezelfde id's aan beide kanten)",
  'plan.row.propose': 'Voorgestelde paren (vage overeenkomst)',
  'plan.accepted': '{{n}} geaccepteerd',
  'plan.row.createInCrm': 'Aanmaken in het CRM',
  'plan.row.createInPc': 'Aanmaken in Partner Center',
  'plan.row.flag': "Gemarkeerd (mogelijke dubbele records, tegenstrijdige id's)",
  'plan.row.skip': 'Ongemoeid gelaten (met een reden)',
  'plan.row.updates': 'Bijwerkingen van gekoppelde paren',
  'plan.updates':
    '{{pairs}} paren: {{toCrm}} velden naar het CRM, {{toPc}} naar Partner Center, {{conflicts}} conflicten beslist door de eigenaar van het veld',
  'plan.reasons': 'Redenen (ongemoeid gelaten of gemarkeerde records):',
  'plan.cost':
    'Geschatte API-aanroepen: Partner Center {{pc}} (vandaag nog {{pcLeft}}), CRM {{crm}} (vandaag nog {{crmLeft}}).',
  'plan.days':
    'Dat is meer dan het budget van vandaag toelaat: de backfill stopt bij de limiet en gaat verder wanneer u hem de volgende dag opnieuw uitvoert ({{days}} dagen in totaal).',
  'plan.items': 'Te beoordelen paren en markeringen:',
  'plan.more': '… meer in het planbestand (cosell plan --out plan.json).',
  'plan.item.flag': 'gemarkeerd {{reason}}: referrals {{referrals}}; verkoopkansen {{opportunities}}',
  'plan.item.link': 'koppel {{referral}} ↔ {{opportunity}} "{{name}}" op {{evidence}} (score {{score}})',
  'plan.item.propose':
    'voorgesteld {{referral}} ↔ {{opportunity}} "{{name}}" op {{evidence}} (score {{score}}) {{accepted}}',
  'plan.item.accepted': '[geaccepteerd]',
  'plan.written':
    'Plan geschreven naar {{file}}. Zet "accept": true bij een voorgesteld paar om het te koppelen; voer daarna uit: cosell backfill --plan {{file}}',
  'plan.nothing': 'Er zou niets veranderen: beide kanten lopen gelijk.',
  'plan.next':
    'Voer het uit met: cosell backfill (of cosell backfill --plan BESTAND voor een beoordeeld bestand).',
  'backfill.resuming': 'Plan {{plan}} wordt hervat waar het stopte.',
  'backfill.stopping': 'Stoppen na de huidige pagina; voer cosell backfill opnieuw uit om te hervatten.',
  'backfill.notInteractive': 'niemand kan hier antwoorden (geen terminal)',
  'backfill.ask': 'Dit plan nu uitvoeren? [j/N] ',
  'backfill.declined': 'het antwoord was nee',
  'backfill.progress': '[{{bar}}] {{done}}/{{total}}  {{rate}}/s  nog {{left}}',
  'backfill.progressFollowUps': 'Vervolgsynchronisaties: {{done}} klaar, nog {{pending}}',
  'backfill.done':
    'Plan {{plan}}: {{done}} records klaar, {{failed}} mislukt, {{waiting}} wachtend; {{seconds}} s ({{rate}} records/s).',
  'backfill.followUps':
    'Vervolgsynchronisaties van gekoppelde paren en gedeelde verkoopkansen: {{done}} klaar, {{failed}} mislukt, {{waiting}} wachtend (de draaiende service maakt ze af).',
  'backfill.limit':
    'Gestopt bij een limiet ({{code}}); die gaat weer open om {{until}}. Voer dan cosell backfill uit: hij hervat waar hij stopte.',
  'backfill.interrupted':
    'Gestopt voor het einde; voer cosell backfill opnieuw uit om te hervatten waar hij stopte.',
  'backfill.audit':
    'Elke beslissing staat in de audit (cosell audit ID) en de uitvoeringsgeschiedenis (cosell runs list), onder correlatie-id {{plan}}.',
  'reasons.POSSIBLE_DUPLICATE':
    'Mogelijk dezelfde deal twee keer ingevoerd: gemarkeerd zodat iemand beslist, nooit stilzwijgend samengevoegd.',
  'reasons.IDS_DISAGREE':
    "De id's aan beide kanten wijzen naar verschillende records: gemarkeerd zodat iemand beslist.",
  'reasons.MATCH_UNCONFIRMED':
    'Een waarschijnlijke overeenkomst is voorgesteld en niet geaccepteerd: beide records blijven ongemoeid tot iemand hem accepteert (cosell backfill --plan BESTAND met "accept": true, of --accept-fuzzy).',
  'runs.trigger.backfill': 'backfill van de eerste synchronisatie',
};
