/**
 * A CMS collection's objects by id (wire names to wire strings), and for the fields asked
 * about, which ids hold each value, compared without regard to case as the device compares
 * them. The device refuses a duplicate uri or callId in constant time; a scan of every object
 * per POST made the emulator quadratic, 28 s of CPU for 10,000 spaces (issue 22's bench).
 * Records are replaced, never changed in place, so the index stays true.
 */
export class ObjectTable extends Map<string, Readonly<Record<string, string>>> {
  /** Wire name → lower-cased value → ids; a field is indexed from its first look-up on. */
  private byValue?: Map<string, Map<string, Set<string>>>;

  override set(id: string, record: Readonly<Record<string, string>>): this {
    const previous = super.get(id);
    // Only changed values move: a holder set keeps the order objects took a value in.
    if (previous) this.unindex(id, previous, record);
    super.set(id, record);
    this.index(id, record, previous);
    return this;
  }

  override delete(id: string): boolean {
    const previous = super.get(id);
    if (previous) this.unindex(id, previous);
    return super.delete(id);
  }

  override clear(): void {
    this.byValue?.clear();
    super.clear();
  }

  /** Whether an object other than `except` holds this value in the field `api`. */
  heldByAnother(api: string, value: string, except: string | undefined): boolean {
    const holders = this.valuesOf(api).get(value.toLowerCase());
    if (!holders) return false;
    return holders.size > (except !== undefined && holders.has(except) ? 1 : 0);
  }

  /** The objects whose field `api` holds this value (compared without case), in the order they took it. */
  holding(api: string, value: string): [string, Readonly<Record<string, string>>][] {
    const holders = this.valuesOf(api).get(value.toLowerCase()) ?? [];
    return [...holders].map((id) => [id, this.get(id) as Readonly<Record<string, string>>]);
  }

  private valuesOf(api: string): Map<string, Set<string>> {
    this.byValue ??= new Map();
    let values = this.byValue.get(api);
    if (!values) {
      values = new Map();
      this.byValue.set(api, values);
      for (const [id, record] of this) if (record[api] !== undefined) holdersOf(values, record[api]).add(id);
    }
    return values;
  }

  /** Adds the record's values (those that differ from `before`'s). */
  private index(id: string, record: Readonly<Record<string, string>>, before?: Readonly<Record<string, string>>): void {
    for (const [api, values] of this.byValue ?? [])
      if (record[api] !== undefined && record[api] !== before?.[api]) holdersOf(values, record[api]).add(id);
  }

  /** Removes the record's values (those that differ from `after`'s). */
  private unindex(
    id: string,
    record: Readonly<Record<string, string>>,
    after?: Readonly<Record<string, string>>,
  ): void {
    for (const [api, values] of this.byValue ?? []) {
      const value = record[api];
      if (value === undefined || value === after?.[api]) continue;
      const holders = values.get(value.toLowerCase());
      holders?.delete(id);
      if (holders?.size === 0) values.delete(value.toLowerCase());
    }
  }
}

function holdersOf(values: Map<string, Set<string>>, value: string): Set<string> {
  const key = value.toLowerCase();
  let holders = values.get(key);
  if (!holders) {
    holders = new Set();
    values.set(key, holders);
  }
  return holders;
}
