import { SECRET_MASK, SecretMasker } from "../../provider/secrets";

/**
 * Everything either engine prints goes through a Printer: it replaces every known secret
 * plaintext with [secret] (belt and braces: the fake engine also masks secret values by
 * key before it formats them) and keeps a copy of the lines for the caller.
 */

export { SECRET_MASK };

export class Printer {
  readonly lines: string[] = [];
  private readonly secrets: SecretMasker;

  constructor(
    private readonly sink: (line: string) => void,
    secrets: readonly string[] = [],
  ) {
    this.secrets = new SecretMasker(secrets);
  }

  addSecrets(values: readonly string[]): void {
    this.secrets.add(values.filter((value) => value !== ""));
  }

  line(text = ""): void {
    for (const raw of text.split("\n")) {
      // Known secrets, by the provider's rule: short values are not masked where that would garble text.
      const line = this.secrets.mask(raw);
      this.lines.push(line);
      this.sink(line);
    }
  }
}
