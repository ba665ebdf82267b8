import { type CmsEmulator, startCmsEmulator } from "../../emulator/cms";
import { type ExpresswayEmulator, startExpresswayEmulator } from "../../emulator/expressway";
import { parseFaultRule } from "../../emulator/faults";
import { FOREIGN_404_BODY } from "../../emulator/server";
import { cmsCall, cmsCreate, expresswayCall } from "./client";

/** What the emulators record of each request, the two write-related faults, and paging over filter matches. */

let cms: CmsEmulator;
let e: ExpresswayEmulator;
beforeAll(async () => {
  [cms, e] = await Promise.all([startCmsEmulator(), startExpresswayEmulator({ personality: "E" })]);
});
afterAll(async () => {
  await Promise.all([cms.close(), e.close()]);
});
beforeEach(() => {
  for (const device of [cms, e]) {
    device.reset();
    device.clearRequests();
    device.faults.clear();
  }
});

test("each request is recorded: method, path, query, headers without Authorization, exact body", async () => {
  const id = await cmsCreate(cms, "coSpaces", { name: "Room", uri: "room", cdrTag: "lab" });
  await cmsCall(cms, "PUT", `/api/v1/coSpaces/${id}`, { cdrTag: "" });
  await cmsCall(cms, "GET", "/api/v1/coSpaces?filter=room&limit=5");
  const [post, put, get] = cms.requests;
  expect(post).toMatchObject({ method: "POST", path: "/api/v1/coSpaces", body: "name=Room&uri=room&cdrTag=lab" });
  expect(put).toMatchObject({
    method: "PUT",
    path: `/api/v1/coSpaces/${id}`,
    query: "",
    body: "cdrTag=",
    outcome: 200,
  });
  expect(put.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  expect(get).toMatchObject({ method: "GET", query: "filter=room&limit=5", body: "" });
  for (const r of cms.requests) expect(Object.keys(r.headers)).not.toContain("authorization");
  expect(JSON.stringify(cms.requests)).not.toContain(Buffer.from(`admin:${cms.password}`).toString("base64"));

  await expresswayCall(e, "PUT", "common/mra", { Enabled: "On" });
  expect(e.requests.at(-1)).toMatchObject({ method: "PUT", body: '{"Enabled":"On"}', outcome: 200 });
});

test("applyThen500: the write is applied, then the answer is a 500", async () => {
  cms.faults.set({ rules: [parseFaultRule("applyThen500,methods=POST,count=1")] });
  const answer = await cmsCall(cms, "POST", "/api/v1/coSpaces", { uri: "applied" });
  expect(answer).toMatchObject({ status: 500, body: "Internal Server Error" });
  expect(answer.headers.get("location")).toBeNull();
  expect(cms.list("coSpaces").map((s) => s.fields.uri)).toEqual(["applied"]);
  expect(cms.requests.at(-1)?.outcome).toBe(500);
  e.faults.set({ rules: [{ kind: "applyThen500", methods: ["PUT"] }] });
  expect((await expresswayCall(e, "PUT", "common/mra", { SSO: "On" })).status).toBe(500);
  expect(e.list("common/mra")[0]).toMatchObject({ SSO: "On" });
});

test("foreign404: an HTML 404 that is not the API's, and nothing is applied", async () => {
  const id = await cmsCreate(cms, "coSpaces", { uri: "stays" });
  cms.faults.set({ rules: [{ kind: "foreign404", path: "/api/v1/coSpaces/" }] });
  for (const method of ["GET", "DELETE"]) {
    const answer = await cmsCall(cms, method, `/api/v1/coSpaces/${id}`);
    expect(answer).toMatchObject({ status: 404, body: FOREIGN_404_BODY });
    expect(answer.headers.get("content-type")).toBe("text/html");
  }
  expect(cms.get("coSpaces", id)).toBeDefined();
  e.faults.set({ rules: [parseFaultRule("foreign404")] });
  const answer = await expresswayCall(e, "GET", "common/mra");
  expect(answer).toMatchObject({ status: 404, body: FOREIGN_404_BODY });
});

test("paging over more than one page of filter matches: total is every match, pages follow offset", async () => {
  for (let i = 0; i < 47; i++)
    await cmsCreate(cms, "coSpaces", { name: `Room ${i}`, uri: `${i % 2 ? "odd" : "even"}${i}` });
  const uris = (body: string) => [...body.matchAll(/<uri>([^<]+)<\/uri>/g)].map((m) => m[1]);
  const pages: string[][] = [];
  for (let offset = 0; ; offset += 20) {
    const body = (await cmsCall(cms, "GET", `/api/v1/coSpaces?filter=EVEN&offset=${offset}`)).body;
    expect(body).toContain('<coSpaces total="24"');
    const page = uris(body);
    if (page.length === 0) break;
    pages.push(page);
  }
  expect(pages.map((p) => p.length)).toEqual([20, 4]);
  expect(pages.flat()).toEqual(Array.from({ length: 24 }, (_, k) => `even${2 * k}`));
  const limited = (await cmsCall(cms, "GET", "/api/v1/coSpaces?filter=odd&offset=20&limit=2")).body;
  expect(uris(limited)).toEqual(["odd41", "odd43"]);
  expect(limited).toContain('total="23"');
});
