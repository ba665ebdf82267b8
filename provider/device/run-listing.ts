import type { Changes, Values } from "./types";

/**
 * One kind's objects on one device as this provider process knows them: the natural-key
 * fields of every object, read from the device's listing once (at the first look-up that
 * needs it) and then kept up to date with what this process creates, changes and deletes.
 *
 * Why: a kind the device takes duplicates of is looked up before each create, and when the
 * filtered listing holds no match the whole collection must be read (no Cisco document says
 * which fields `filter` matches). Read per create, that is quadratic in the number of
 * objects; read once per run, linear. The provider process lives for one `pulumi up`
 * (the SDK's dynamic-provider host), so the listing never outlives the run.
 *
 * The listing only proposes candidates: the look-up reads each candidate object itself, and
 * that read decides, so an object deleted or changed by someone else since the listing was
 * read is never adopted or refused by it. What the listing cannot show is an object another
 * client created during the run that the device's filter does not match (docs/bench.md).
 */
export class RunListing {
  private entries?: Promise<Map<string, Values>>;
  /** Bumped by forgetRunListings: a listing read in an earlier generation is read again. */
  private generation = currentGeneration;

  constructor(
    /** Reads the whole collection: id → the key fields each entry shows. */
    private readonly read: () => Promise<Map<string, Values>>,
    /** The fields kept per object (the natural keys' fields): nothing else is held. */
    private readonly keyFields: readonly string[],
  ) {}

  /** Every object with the key fields it shows; the device is read on the first call only. */
  all(): Promise<ReadonlyMap<string, Values>> {
    if (this.generation !== currentGeneration) {
      this.entries = undefined;
      this.generation = currentGeneration;
    }
    if (!this.entries) {
      const reading = this.read();
      this.entries = reading;
      // A failed read is not kept: the next look-up reads again (and fails as it would have).
      reading.catch(() => {
        if (this.entries === reading) this.entries = undefined;
      });
    }
    return this.entries;
  }

  /** An object this process created: later look-ups see it without reading the device. */
  created(id: string, values: Values): void {
    this.whenRead((entries) => entries.set(id, this.keyPart(values)));
  }

  /** An object this process changed: a changed key field is what later look-ups compare. */
  changed(id: string, changes: Changes): void {
    this.whenRead((entries) => {
      const entry = entries.get(id);
      if (!entry) return;
      for (const name of this.keyFields) {
        if (!(name in changes)) continue;
        const value = changes[name];
        if (value === null || value === undefined) delete entry[name];
        else entry[name] = value;
      }
    });
  }

  /** An object this process deleted (or found gone). */
  removed(id: string): void {
    this.whenRead((entries) => entries.delete(id));
  }

  /**
   * Applies a change once the listing is read. Not read yet: nothing to do, the read will
   * show the device as it is then. Being read: applied after it, as the read may or may not
   * have seen the change (entries are keyed by id, so applying twice is harmless).
   */
  private whenRead(apply: (entries: Map<string, Values>) => void): void {
    this.entries?.then(apply, () => undefined);
  }

  private keyPart(values: Values): Values {
    const kept: Values = {};
    for (const name of this.keyFields) if (values[name] !== undefined && values[name] !== "") kept[name] = values[name];
    return kept;
  }
}

let currentGeneration = 0;

/**
 * Forgets every listing read so far (the next look-up reads the device again). The provider
 * process never needs it (it lives for one run); tests that reset a device in one process do.
 */
export function forgetRunListings(): void {
  currentGeneration++;
}
