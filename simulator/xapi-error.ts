// The one error shape the simulator throws: a XAPI error code plus its string parameters, as it
// goes on the wire ([code, ...params]).
export class XapiError extends Error {
  readonly code: string;
  readonly params: string[];
  constructor(code: string, params: (string | number)[] = []) {
    super(`${code} ${JSON.stringify(params)}`);
    this.code = code;
    this.params = params.map(String);
  }
  toArray(): string[] { return [this.code, ...this.params]; }
}
