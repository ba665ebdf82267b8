import { deviceProfilesFrom } from "../../provider/connection";
import { configure, providerFor } from "../../provider/runtime";
import { basicCredentials } from "../../provider/secrets";

/**
 * Issue 24 item 1: a password written into a device URL never reaches a message. The URL
 * is shown without its userinfo on every path that refuses it, credentials in it are
 * refused with the keys that hold them instead, and every check failure is masked as other
 * errors are. No device is contacted: check reads the profile only.
 */

const PASSWORD = "S3cret-Pw-42";
const space = { name: "Url room", uri: "urlroom", callId: "100777" };

/** Each way a URL can be refused, each with the password inside it. */
const malformed: readonly (readonly [string, string, RegExp])[] = [
  ["credentials (plain http to another host)", `http://admin:${PASSWORD}@cms.example.com:445`, /holds credentials/],
  ["credentials (https)", `https://admin:${PASSWORD}@cms.example.com:445`, /holds credentials/],
  ["credentials and a path", `https://admin:${PASSWORD}@cms.example.com:445/api/v1`, /holds credentials/],
  ["a non-http scheme", `ftp://admin:${PASSWORD}@cms.example.com`, /must start with https:\/\//],
  ["no scheme", `admin:${PASSWORD}@cms.example.com:445`, /must start with https:\/\//],
  ["not a URL", `https://admin:${PASSWORD}@cms example.com:445`, /which is not a URL/],
  ["not a URL (a slash in the password)", `https://admin:${PASSWORD}/x@cms.example.com`, /which is not a URL/],
];

const settings = (url: string) =>
  new Map([
    ["cms:url", url],
    ["cms:username", "admin"],
    ["cms:password", "profile-password-1"],
  ]);

function expectNoPassword(text: string, password = PASSWORD): void {
  expect(text).not.toContain(password);
  expect(text).not.toContain(encodeURIComponent(password));
  expect(text).not.toContain(Buffer.from(password).toString("base64"));
}

describe("a device URL's problems never echo its userinfo", () => {
  test.each(malformed)("%s: the problem names the keys for credentials, without the password", (_, url, shape) => {
    const problems = deviceProfilesFrom({ get: (key) => settings(url).get(key) }).problems("cms");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(shape);
    expect(problems[0]).toMatch(/^config cms:url /);
    expect(problems[0]).toContain("`pulumi config set cms:username <name>`");
    expect(problems[0]).toContain("`pulumi config set --secret cms:password <password>`");
    expect(problems[0]).toContain("cms.example.com");
    expectNoPassword(problems[0]);
  });

  test("the environment variable's value is not echoed either", () => {
    process.env.CMSX_URL = `https://api:${PASSWORD}@cms.example.com`;
    try {
      const [problem] = deviceProfilesFrom().problems("cmsx");
      expect(problem).toMatch(/^environment variable CMSX_URL holds credentials \("https:\/\/…@cms\.example\.com"\)/);
      expectNoPassword(problem);
    } finally {
      delete process.env.CMSX_URL;
    }
  });

  test("a URL recorded in state with credentials is refused without echoing them", async () => {
    const config = settings("https://cms.example.com:445");
    configure({ config: { get: (key) => config.get(key) } });
    const p = providerFor("CmsSpace");
    const outs = { ...space, deviceUrl: `https://admin:${PASSWORD}@cms.example.com:446` };
    const error = (await p.read("id-1", outs).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/the deviceUrl recorded in state holds credentials/);
    expectNoPassword(`${error.message}\n${error.stack}`);
  });
});

describe("check's failures are masked as every other error", () => {
  test.each(malformed)("%s: check refuses the profile, the password nowhere in its answer", async (_, url) => {
    const config = settings(url);
    configure({ config: { get: (key) => config.get(key) } });
    const result = await providerFor("CmsSpace").check({}, space);
    expect(result.failures).toEqual([
      { property: "profile", reason: expect.stringMatching(/^Device profile "cms": config cms:url /) },
    ]);
    expectNoPassword(JSON.stringify(result));
  });

  test("a profile setting that holds the password by mistake is masked in check's failure", async () => {
    const config = settings("https://cms.example.com:445");
    // The password pasted into the wrong key: the failure quotes the value it refuses.
    config.set("cms:version", "profile-password-1");
    configure({ config: { get: (key) => config.get(key) } });
    const result = await providerFor("CmsSpace").check({}, space);
    expect(result.failures.map((f) => f.reason)).toEqual([
      expect.stringContaining('config cms:version is "[secret]"; a software release'),
    ]);
    expectNoPassword(JSON.stringify(result), "profile-password-1");
    expectNoPassword(JSON.stringify(result), basicCredentials("admin", "profile-password-1"));
  });
});
