import type { ConnectionSettings } from "../../provider/connection";
import { kindOrder, type ListedDevice, type ListedObject, type Listing } from "../../provider/export/listing";
import { exportProgram } from "../../provider/export/program";
import { descriptionFor } from "../../provider/schema";

/** The program `cisco-edge export` writes, from a listing made up here (no device). */

function device(profile: string, family: "cms" | "expressway", release: string): ListedDevice {
  const settings = { profile, url: `https://${profile.toLowerCase()}.example.com` } as ConnectionSettings;
  return { profile, family, settings, release };
}

const cms = device("cms", "cms", "2.2.1");
const expC = device("expresswayC", "expressway", "X8.11.4");
const expE = device("expresswayE", "expressway", "X8.11.4");

function object(resource: string, on: ListedDevice, id: string, values: ListedObject["values"], variant?: string) {
  return { desc: descriptionFor(resource), device: on, id, values, ...(variant ? { variant } : {}) };
}

const listing = (objects: ListedObject[]): Listing => ({
  devices: [cms, expC, expE],
  objects,
  read: [],
  notes: [],
});

const OPTIONS = {
  project: "edge",
  stack: "dev",
  profileSettings: { cms: [["url", "https://cms.example.com"] as const, ["username", "admin"] as const] },
  packageName: "cisco-edge-pulumi",
  packageVersion: "0.1.0",
  pulumiVersion: "^3.270.0",
  protect: false,
};

const EDGE = [
  object("CmsSpace", cms, "b-id", { name: "Room B", uri: "room.b", callId: "1002", nonMemberAccess: true }),
  object("CmsSpace", cms, "a-id", { name: "Room A", uri: "room-a", callId: "1001", passcode: "4321" }),
  object(
    "ExpresswayZone",
    expC,
    "UT Zone",
    { name: "UT Zone", authenticationUsername: "Tuser", sipPort: 7001 },
    "client",
  ),
  object("ExpresswayCredential", expE, "Tuser", { name: "Tuser" }),
  object("CmsCallMatch", cms, "m-id", { domain: "cms.octavio.local", priority: 0, resolveToCoSpaces: true }),
  object("CmsCallProfile", cms, "p-id", { participantLimit: 10 }),
  object("ExpresswayMra", expE, "common/mra", { enabled: false, sso: false }),
  object("ExpresswayDns", expC, "common/dns/dns", { systemHostName: "vcsc", servers: [] }),
];

const indexOf = (objects: ListedObject[]) => exportProgram(listing(objects), OPTIONS).files.get("index.ts") ?? "";

test("logical names come from natural keys, as Pulumi names and identifiers, in a stable order", () => {
  const index = indexOf(EDGE);
  expect(index).toContain('new CmsSpace("cms-space-room-a", {');
  expect(index).toContain('new CmsSpace("cms-space-room-b", {');
  expect(index.indexOf("cms-space-room-a")).toBeLessThan(index.indexOf("cms-space-room-b"));
  expect(index).toContain('const expresswayCredentialTuser = new ExpresswayCredential("expressway-credential-tuser"');
  expect(index).toContain('new ExpresswayZone("expressway-zone-client-ut-zone", {');
  // A settings object is named by its kind (and a profile other than its default).
  expect(index).toContain('new ExpresswayDns("expressway-dns", {');
});

test("two objects that would have the same name are told apart, the same way every time", () => {
  const index = indexOf([
    object("CmsSpace", cms, "id-2", { name: "X", uri: "same.room" }),
    object("CmsSpace", cms, "id-1", { name: "Y", uri: "same-room" }),
  ]);
  expect(index).toContain('new CmsSpace("cms-space-same-room", {\n  name: "Y"');
  expect(index).toContain('new CmsSpace("cms-space-same-room-2", {\n  name: "X"');
});

test("values equal to the device default are left out; others are declared as the device has them", () => {
  const index = indexOf(EDGE);
  const roomB = index.slice(index.indexOf('"cms-space-room-b"'));
  expect(roomB.slice(0, roomB.indexOf("});"))).not.toContain("nonMemberAccess");
  const match = index.slice(index.indexOf('"cms-call-match-cms-octavio-local"'));
  expect(match.slice(0, match.indexOf("});"))).toBe(
    '"cms-call-match-cms-octavio-local", {\n  domain: "cms.octavio.local",\n  adopt: true,\n',
  );
  expect(index).not.toContain("sipPort");
  // A settings object holding only defaults is not declared at all.
  expect(index).not.toContain("ExpresswayMra(");
  expect(exportProgram(listing(EDGE), OPTIONS).atDefaults).toEqual(['ExpresswayMra on "expresswayE"']);
});

test("a value naming another declared object is a reference to it; an undeclared one stays a literal", () => {
  expect(indexOf(EDGE)).toContain("authenticationUsername: expresswayCredentialTuser.name,");
  const alone = indexOf(EDGE.filter((o) => o.desc.resource !== "ExpresswayCredential"));
  expect(alone).toContain('authenticationUsername: "Tuser",');
  // The referred kind is declared first, whatever the description order.
  const order = kindOrder().map((d) => d.resource);
  expect(order.indexOf("ExpresswayCredential")).toBeLessThan(order.indexOf("ExpresswayZone"));
  expect(order.indexOf("CmsCallLegProfile")).toBeLessThan(order.indexOf("CmsSystemProfiles"));
});

test("every resource adopts; an object adoption could not find is listed, not declared", () => {
  const program = exportProgram(listing(EDGE), OPTIONS);
  const index = program.files.get("index.ts") ?? "";
  expect(index.match(/new [A-Za-z]+\(/g)?.length).toBe(index.match(/ {2}adopt: true,/g)?.length);
  expect(index).not.toContain("new CmsCallProfile(");
  expect(program.notDeclared).toEqual([expect.stringMatching(/^CmsCallProfile p-id on "cms": .*no natural key/)]);
  expect(index).toContain("// - CmsCallProfile p-id");
});

test("secrets are read from config and listed in SECRETS.md with their config set line, never written", () => {
  const program = exportProgram(listing(EDGE), OPTIONS);
  const index = program.files.get("index.ts") ?? "";
  const secrets = program.files.get("SECRETS.md") ?? "";
  expect(index).toContain('passcode: config.requireSecret("cmsSpaceRoomAPasscode"),');
  expect(index).toContain('password: config.requireSecret("expresswayCredentialTuserPassword"),');
  expect(index).toContain(
    'authenticationPassword: config.requireSecret("expresswayZoneClientUtZoneAuthenticationPassword")',
  );
  for (const file of program.files.values()) expect(file).not.toContain("4321");
  expect(secrets).toContain("pulumi config set --secret cmsSpaceRoomAPasscode\n");
  expect(secrets).toContain("pulumi config set --secret expresswayCredentialTuserPassword\n");
  expect(secrets).toContain("`pulumi config set --secret cms:password`");
  expect(secrets).toMatch(/\| `expresswayCredentialTuserPassword` \| ExpresswayCredential "Tuser" password \| no/);
  // Room B has no passcode: nothing to ask for.
  expect(index).not.toContain("cmsSpaceRoomBPasscode");
});

test("with protect, every resource is protected, as pulumi import does", () => {
  const index = exportProgram(listing(EDGE), { ...OPTIONS, protect: true }).files.get("index.ts") ?? "";
  expect(index.match(/new [A-Za-z]+\(/g)?.length).toBe(index.match(/\n\}, \{ protect: true \}\);/g)?.length);
  expect(indexOf(EDGE)).not.toContain("protect");
});

test("the stack config file holds the profiles' non-secret settings; the project depends on this package", () => {
  const files = exportProgram(listing(EDGE), OPTIONS).files;
  expect(files.get("Pulumi.dev.yaml")).toBe('config:\n  cms:url: "https://cms.example.com"\n  cms:username: "admin"\n');
  expect(JSON.parse(files.get("package.json") ?? "{}").dependencies).toEqual({
    "@pulumi/pulumi": "^3.270.0",
    "cisco-edge-pulumi": "^0.1.0",
  });
  expect(files.get("Pulumi.yaml")).toContain("name: edge\n");
});

test("the same listing in another order gives the same bytes", () => {
  const once = exportProgram(listing(EDGE), OPTIONS).files;
  const reversed = exportProgram(listing([...EDGE].reverse()), OPTIONS).files;
  expect([...reversed]).toEqual([...once]);
});

test("a release-specific field outside the device's release is left out", () => {
  const on3 = { ...cms, release: "3.8" };
  const index = indexOf([
    object("CmsWebBridge", on3, "w", { url: "c2w://cms.example.com:9999", idEntryMode: "disabled" }),
  ]);
  expect(index).toContain('url: "c2w://cms.example.com:9999",');
  expect(index).not.toContain("idEntryMode");
});
