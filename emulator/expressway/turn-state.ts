import type { ExpresswayStatusAnswers } from "./status";
import { turnIsOn } from "./status";
import type { ExpresswayStore } from "./store";
import type { TurnServerState } from "./turn-server";

/**
 * What the emulated TURN server works with, read from the Expressway-E's store on every
 * request: the TURN settings (realm, media port range, on or off), the local users, and the
 * CLI-only ProtocolMode and the failures switched on through the status answers.
 */

const TURN_PATH = "edge/traversal/turn";
const CREDENTIALS = "common/credential";

/**
 * A TURN setting by its description's field name, as in effect (with the device default when
 * unset): a change made while TURN services run reaches the TURN server only at their restart.
 */
function turnSetting(store: ExpresswayStore, field: string): string | undefined {
  const schema = store.schema(TURN_PATH);
  const api = schema?.fields.find((f) => f.name === field)?.api;
  const value = api ? store.inEffect(TURN_PATH)[api] : undefined;
  return value === undefined ? undefined : String(value);
}

const numberOr = (text: string | undefined, fallback: number) =>
  text !== undefined && Number.isInteger(Number(text)) ? Number(text) : fallback;

export function turnServerState(store: ExpresswayStore, answers: ExpresswayStatusAnswers): TurnServerState {
  return {
    active: (answers.turnServer ?? (turnIsOn(store) ? "Active" : "Inactive")) === "Active",
    // TANDBERG: the realm in TAC 212580's capture, the Expressway's default [I].
    realm: turnSetting(store, "authenticationRealm") ?? "TANDBERG",
    mediaRange: {
      start: numberOr(turnSetting(store, "mediaPortRangeStart"), 24000),
      end: numberOr(turnSetting(store, "mediaPortRangeEnd"), 29999),
    },
    protocolMode: answers.turnProtocolMode ?? "Both",
    passwordOf: (username) => {
      const user = store.schema(CREDENTIALS) ? store.list(CREDENTIALS).find((r) => r.Name === username) : undefined;
      return user?.Password === undefined ? undefined : String(user.Password);
    },
    rejectEveryPassword: answers.turnWrongPassword === true,
  };
}
