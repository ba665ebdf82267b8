import { maskSecrets, SECRET_MASK } from "../../provider/secrets";

/**
 * Everything either engine prints goes through a Printer: it replaces every known secret
 * plaintext with [secret] (belt and braces: the fake engine also masks secret values by
 * key before it formats them) and keeps a copy of the lines for the caller.
 */

export { SECRET_MASK };

export class Printer {
  readonly lines: string[] = [];
  private readonly secrets: string[];

  constructor(
    private readonly sink: (line: string) => void,
    secrets: readonly string[] = [],
  ) {
    this.secrets = [...secrets];
  }

  addSecrets(values: readonly string[]): void {
    for (const value of values) if (value && !this.secrets.includes(value)) this.secrets.push(value);
  }

  line(text = ""): void {
    for (const raw of text.split("\n")) {
      // Known secrets, by the provider's rule: short values are not masked where that would garble text.
      const line = maskSecrets(raw, this.secrets);
      this.lines.push(line);
      this.sink(line);
    }
  }
}
