import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CmsAccessMethod, CmsCallLegProfile, CmsSpace, CmsSpaceMember } from "../../provider";
import { readUsers } from "./users";

/**
 * A space per user from a CSV file: the user is its member, and it has two ways in, a host
 * access method whose call leg profile activates the meeting and a guest one, behind a
 * passcode, whose profile needs activation (guests wait in the lobby until a host joins).
 * Config: `usersFile` (default: the 1,000 fictitious users shipped beside this program),
 * `rows` (only the first N users).
 */

const config = new pulumi.Config();
// The sample sits beside the source; the program runs compiled, from dist/examples/spaces-from-csv.
const sample = path.join(__dirname, "..", "..", "..", "examples", "spaces-from-csv", "users.csv");
const users = readUsers(config.get("usersFile") ?? sample).slice(0, config.getNumber("rows"));

const host = new CmsCallLegProfile("host", { name: "Host", needsActivation: false });
const guest = new CmsCallLegProfile("guest", { name: "Guest", needsActivation: true });

for (const user of users) {
  const space = new CmsSpace(user.username, {
    name: `${user.displayName}'s room`,
    uri: user.username,
    callId: user.callId,
  });
  new CmsAccessMethod(`${user.username}-host`, {
    space: space.id,
    uri: `${user.username}.host`,
    callId: `${user.callId}1`,
    callLegProfile: host.id,
  });
  new CmsAccessMethod(`${user.username}-guest`, {
    space: space.id,
    uri: `${user.username}.guest`,
    callId: `${user.callId}2`,
    passcode: pulumi.secret(user.guestPasscode),
    callLegProfile: guest.id,
  });
  new CmsSpaceMember(`${user.username}-member`, { space: space.id, userJid: user.jid });
}

export const spaces = users.length;
