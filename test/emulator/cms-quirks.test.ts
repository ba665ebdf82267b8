import { startCmsEmulator } from "../../emulator/cms";
import { DEFAULT_PAGE_CAP, quirksOf } from "../../emulator/cms/quirks";
import { cmsVariantOptions } from "../../emulator/unconfirmed";
import { allDescriptions } from "../../provider/schema";

/** Listing facts (page cap, filter fields) are the emulator's, by collection, with defaults for the rest. */

test("a collection the quirks table does not name pages by the default cap and matches no filter", () => {
  expect(quirksOf("noSuchCollection")).toEqual({ pageCap: DEFAULT_PAGE_CAP, filterFields: [] });
  expect(DEFAULT_PAGE_CAP).toBe(10);
});

test("coSpaces page by 20, call profiles by the default cap; filters match the table's wire fields", async () => {
  const cms = await startCmsEmulator();
  const authorization = `Basic ${Buffer.from(`${cms.username}:${cms.password}`).toString("base64")}`;
  const call = async (method: string, path: string, form?: Record<string, string>) =>
    (
      await fetch(`${cms.url}/api/v1/${path}`, {
        method,
        headers: { authorization },
        ...(form ? { body: new URLSearchParams(form) } : {}),
      })
    ).text();
  const entries = (body: string, element: string) => body.match(new RegExp(`<${element} id=`, "g"))?.length ?? 0;
  try {
    for (let i = 0; i < 25; i++) {
      await call("POST", "coSpaces", { name: `room ${i}`, uri: `room.${i}` });
      await call("POST", "callProfiles", { participantLimit: String(i + 2) });
    }
    expect(entries(await call("GET", "coSpaces?limit=50"), "coSpace")).toBe(20);
    expect(entries(await call("GET", "callProfiles?limit=50"), "callProfile")).toBe(DEFAULT_PAGE_CAP);
    expect(await call("GET", "coSpaces?filter=ROOM.2")).toMatch(/total="6"/);
    // callProfiles are absent from the table: a filter matches nothing.
    expect(await call("GET", "callProfiles?filter=2")).toMatch(/total="0"/);
  } finally {
    await cms.close();
  }
});

test("short list entries (cms-list-entries-short) leave out the later key fields of every described CMS kind", () => {
  const omitted = cmsVariantOptions(["cms-list-entries-short"]).listOmits ?? {};
  for (const desc of allDescriptions)
    if (desc.api.family === "cms" && desc.naturalKeys.some((key) => key.length > 1))
      expect({ [desc.resource]: omitted[desc.api.collection] }).toEqual({
        [desc.resource]: desc.naturalKeys.flatMap((key) => key.slice(1)),
      });
});
