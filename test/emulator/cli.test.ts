import { useEmulatorCli } from "./emulator-cli";

/** `npm run emulator` (dist/emulator/cli.js) starts all three emulators and prints how to reach them. */

const startCli = useEmulatorCli();

test("prints the three loopback URLs with credentials, and they answer with those credentials", async () => {
  const lines = await startCli(["--latency", "1"]);
  const urls = Object.fromEntries(
    lines
      .map((l) =>
        /^\s+(cms|expresswayC|expresswayE)\s+(http:\/\/127\.0\.0\.1:\d+)\s+user (\S+)\s+password (\S+)/.exec(l),
      )
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], { url: m[2], auth: `Basic ${Buffer.from(`${m[3]}:${m[4]}`).toString("base64")}` }]),
  );
  expect(Object.keys(urls).sort()).toEqual(["cms", "expresswayC", "expresswayE"]);
  const status = await fetch(`${urls.cms.url}/api/v1/system/status`, { headers: { authorization: urls.cms.auth } });
  expect(status.status).toBe(200);
  expect(await status.text()).toMatch(/^<\?xml version="1\.0"\?><status>/);
  const sysinfo = await fetch(`${urls.expresswayE.url}/api/provisioning/sysinfo`, {
    headers: { authorization: urls.expresswayE.auth },
  });
  expect(((await sysinfo.json()) as { ProductName: string }).ProductName).toBe("Cisco Expressway-E");
  expect(lines.join("\n")).toContain("pulumi config set --secret cms:password");
  expect(lines).toContain("Emulating CMS 2.2.1, Expressway-C X8.11.4 and Expressway-E X8.11.4.");
});

test("--cms-version and --expressway-version choose the emulated releases, and the banner says which", async () => {
  const lines = await startCli(["--cms-version", "3.8", "--expressway-version", "X8.9.2"]);
  expect(lines).toContain("Emulating CMS 3.8.0, Expressway-C X8.9.2 and Expressway-E X8.9.2.");
  const cms = lines.map((l) => /^\s+cms\s+(\S+)\s+user (\S+)\s+password (\S+)/.exec(l)).find((m) => m);
  const auth = `Basic ${Buffer.from(`${cms?.[2]}:${cms?.[3]}`).toString("base64")}`;
  const status = await fetch(`${cms?.[1]}/api/v1/system/status`, { headers: { authorization: auth } });
  expect(await status.text()).toContain("<softwareVersion>3.8.0</softwareVersion>");
});

test("a malformed version is refused with usage", async () => {
  await expect(startCli(["--cms-version", "latest"])).rejects.toThrow(/exited 2/);
});

test("a bad flag is refused with usage", async () => {
  await expect(startCli(["--fault", "explode"])).rejects.toThrow(/exited 2/);
});
