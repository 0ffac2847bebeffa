// Facts about the org that change how we read and write (today: whether it is multi-currency, which decides
// whether CurrencyIsoCode may appear in a SELECT or a write at all). Learned once per adapter: given by the
// caller when the connection already knows it, else probed with GET /sobjects/CurrencyType, which a
// single-currency org answers 404 (the object does not exist there). The probe is also offered as a
// composite subrequest, so an upsert can learn it inside a call it makes anyway.
import type { SalesforceClient, CompositeSubrequest } from './client.js';
import { mapSalesforceFailure } from './error-map.js';
import { SfErrorArraySchema, type SfSubresponse } from './wire.js';

export const currencyProbeRef = 'currencyProbe';

export class OrgFacts {
  #multiCurrency: boolean | undefined;

  constructor(
    private readonly client: SalesforceClient,
    multiCurrency?: boolean,
  ) {
    this.#multiCurrency = multiCurrency;
  }

  get known(): boolean {
    return this.#multiCurrency !== undefined;
  }

  /** The probe as a composite subrequest, or none when the answer is already known. */
  probeSubrequest(): CompositeSubrequest[] {
    if (this.known) return [];
    return [
      { method: 'GET', url: this.client.dataPath('sobjects/CurrencyType'), referenceId: currencyProbeRef },
    ];
  }

  /** Reads the probe's answer out of a composite result. */
  learnFrom(answer: SfSubresponse | undefined): void {
    if (!answer || this.known) return;
    if (answer.httpStatusCode === 200) this.#multiCurrency = true;
    else if (answer.httpStatusCode === 404) this.#multiCurrency = false;
    else {
      const errors = SfErrorArraySchema.safeParse(answer.body);
      throw mapSalesforceFailure(
        { status: answer.httpStatusCode, errors: errors.success ? errors.data : [] },
        { identity: this.client.identity },
      );
    }
  }

  /** Sets what another call found out (e.g. a CurrencyType query refused as INVALID_TYPE). */
  learn(multiCurrency: boolean): void {
    this.#multiCurrency = multiCurrency;
  }

  async multiCurrency(): Promise<boolean> {
    if (this.#multiCurrency !== undefined) return this.#multiCurrency;
    const [answer] = await this.client.composite(this.probeSubrequest(), {
      allOrNone: false,
      replayable: true,
    });
    this.learnFrom(answer);
    return this.#multiCurrency ?? false;
  }
}
