import { useEmulatorCli } from "./emulator-cli";

/** `npm run emulator -- --status-failure ...`: the banner names the failures and the status calls report them. */

const startCli = useEmulatorCli();

function device(lines: readonly string[], profile: string): { url: string; auth: string } {
  const match = lines
    .map((l) => new RegExp(`^\\s+${profile}\\s+(\\S+)\\s+user (\\S+)\\s+password (\\S+)`).exec(l))
    .find((m) => m) as RegExpExecArray;
  return { url: match[1], auth: `Basic ${Buffer.from(`${match[2]}:${match[3]}`).toString("base64")}` };
}

test("--status-failure licence-expired,turn-inactive: said in the banner, reported by the status calls", async () => {
  const lines = await startCli(["--status-failure", "licence-expired,turn-inactive"]);
  expect(lines).toContain("Status failures: CMS callBridge licence: expired; Expressway-E TURN server: Inactive");
  const cms = device(lines, "cms");
  const licence = await fetch(`${cms.url}/api/v1/system/licensing`, { headers: { authorization: cms.auth } });
  expect(await licence.text()).toContain("<callBridge><status>expired</status>");
  const e = device(lines, "expresswayE");
  const turn = await fetch(`${e.url}/getxml?location=/Status/TURN`, { headers: { authorization: e.auth } });
  expect(await turn.text()).toContain('<Status item="1">Inactive</Status>');
});

test("an unknown --status-failure name stops the CLI with the known names", async () => {
  await expect(startCli(["--status-failure", "everything-broken"])).rejects.toThrow(/exited 2/);
});
