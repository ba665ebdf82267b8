import { type CmsEmulator, startCmsEmulator } from "../../emulator/cms";
import { cmsCall, cmsCreate } from "./client";

/**
 * The CMS emulator's LDAP collections and /ldapSyncs, as Cisco's API Blueprint describes them
 * [APIARY "Group LDAP Methods"]: a source's server and mapping must exist (their "does not
 * exist" tags), and a sync is recorded, listed, cancelled, or failed for an unknown source.
 */

let cms: CmsEmulator;
beforeAll(async () => {
  cms = await startCmsEmulator({ cmsVersion: "2.9" });
});
afterAll(() => cms.close());
beforeEach(() => cms.reset());

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

async function trio(): Promise<{ server: string; mapping: string; source: string }> {
  const server = await cmsCreate(cms, "ldapServers", {
    address: "dc1.octavio.local",
    portNumber: "389",
    secure: "false",
  });
  const mapping = await cmsCreate(cms, "ldapMappings", { jidMapping: "$sAMAccountName$@octavio.com" });
  const source = await cmsCreate(cms, "ldapSources", { server, mapping, baseDn: "dc=octavio,dc=local" });
  return { server, mapping, source };
}

test("an LDAP source naming a server or mapping the device lacks is refused with that object's tag", async () => {
  const { server, mapping } = await trio();
  const noServer = await cmsCall(cms, "POST", "/api/v1/ldapSources", { server: UNKNOWN, mapping, baseDn: "dc=x" });
  expect(noServer.status).toBe(400);
  expect(noServer.body).toContain("<ldapServerDoesNotExist />");
  const noMapping = await cmsCall(cms, "POST", "/api/v1/ldapSources", { server, mapping: UNKNOWN, baseDn: "dc=x" });
  expect(noMapping.body).toContain("<ldapMappingDoesNotExist />");
  expect(cms.list("ldapSources")).toHaveLength(1);
});

test("GET of a mapping lists every template, unset ones as empty elements, as the Blueprint's sample", async () => {
  const { mapping } = await trio();
  const answer = await cmsCall(cms, "GET", `/api/v1/ldapMappings/${mapping}`);
  expect(answer.body).toContain("<jidMapping>$sAMAccountName$@octavio.com</jidMapping><nameMapping/>");
  expect(answer.body).toContain("<coSpaceSecondaryUriMapping/>");
});

test("a sync is recorded and listed as pending; DELETE cancels it; an unknown id is ldapSyncDoesNotExist", async () => {
  const { source } = await trio();
  const id = await cmsCreate(cms, "ldapSyncs", { ldapSource: source });
  expect(cms.ldapSyncs()).toEqual([
    { id, ldapSource: source, tenant: undefined, removeWhenFinished: true, state: "pending" },
  ]);
  const listed = await cmsCall(cms, "GET", "/api/v1/ldapSyncs");
  expect(listed.body).toBe(
    `<?xml version="1.0"?><ldapSyncs total="1"><ldapSync id="${id}"><state>pending</state></ldapSync></ldapSyncs>`,
  );
  expect((await cmsCall(cms, "DELETE", `/api/v1/ldapSyncs/${id}`)).status).toBe(200);
  expect(cms.ldapSyncs()).toEqual([]);
  const gone = await cmsCall(cms, "GET", `/api/v1/ldapSyncs/${id}`);
  expect(gone.status).toBe(404);
  expect(gone.body).toContain("<ldapSyncDoesNotExist />");
});

test("a sync of an unknown source fails (ldapSourceDoesNotExist), kept only if removeWhenFinished=false", async () => {
  await cmsCreate(cms, "ldapSyncs", { ldapSource: UNKNOWN });
  expect(cms.ldapSyncs()).toEqual([]);
  const kept = await cmsCreate(cms, "ldapSyncs", { ldapSource: UNKNOWN, removeWhenFinished: "false" });
  const answer = await cmsCall(cms, "GET", `/api/v1/ldapSyncs/${kept}`);
  expect(answer.body).toContain("<state>failed</state><failureReason>ldapSourceDoesNotExist</failureReason>");
  const refused = await cmsCall(cms, "DELETE", `/api/v1/ldapSyncs/${kept}`);
  expect(refused.body).toContain("<ldapSyncCannotBeCancelled />");
  const bad = await cmsCall(cms, "POST", "/api/v1/ldapSyncs", { removeWhenFinished: "maybe" });
  expect(bad.body).toContain('parameter="removeWhenFinished"');
});

test("the sync list pages as other lists: total counts all, the page is capped", async () => {
  const { source } = await trio();
  for (let i = 0; i < 12; i++) await cmsCreate(cms, "ldapSyncs", { ldapSource: source });
  const first = await cmsCall(cms, "GET", "/api/v1/ldapSyncs");
  expect(first.body).toContain('<ldapSyncs total="12">');
  expect(first.body.match(/<ldapSync id=/g)).toHaveLength(10);
  const rest = await cmsCall(cms, "GET", "/api/v1/ldapSyncs?offset=10");
  expect(rest.body.match(/<ldapSync id=/g)).toHaveLength(2);
});
