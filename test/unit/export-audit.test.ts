import type { ConnectionSettings } from "../../provider/connection";
import { audit, auditScope, type DeclaredResource } from "../../provider/export/audit";
import type { ListedDevice, ListedObject, Listing } from "../../provider/export/listing";
import { descriptionFor } from "../../provider/schema";

/** The audit's comparison, on a listing made up here: what is reported, what is never reported. */

const device = (profile: string, url: string): ListedDevice => ({
  profile,
  family: "expressway",
  settings: { profile, url } as ConnectionSettings,
});
const expC = device("expresswayC", "https://vcsc.example.com");
const expE = device("expresswayE", "https://vcse.example.com");
const mra = descriptionFor("ExpresswayMra");
const domain = descriptionFor("ExpresswayDomain");

const listed = (desc: ListedObject["desc"], on: ListedDevice, id: string): ListedObject => ({
  desc,
  device: on,
  id,
  values: {},
});
const declared = (desc: DeclaredResource["desc"], on: ListedDevice, id: string): DeclaredResource => ({
  desc,
  name: id,
  id,
  profile: on.profile,
  deviceUrl: on.settings.url,
});

const listing: Listing = {
  devices: [expC, expE],
  objects: [
    listed(mra, expC, "common/mra"),
    listed(mra, expE, "common/mra"),
    listed(domain, expC, "octavio.local"),
    listed(domain, expC, "stray.example"),
  ],
  read: [
    { desc: mra, device: expC },
    { desc: mra, device: expE },
    { desc: domain, device: expC },
    { desc: domain, device: expE },
  ],
  notes: [],
};

test("a settings object is never 'not declared' (it always exists); a collection object is, by id in any case", () => {
  const stack = [declared(mra, expC, "common/mra"), declared(domain, expC, "OCTAVIO.local")];
  const found = audit(stack, listing, auditScope(stack, listing.devices, [mra, domain]));
  expect(found.undeclared.map((o) => `${o.desc.resource} ${o.id}`)).toEqual(["ExpresswayDomain stray.example"]);
  expect(found.gone).toEqual([]);
});

test("by default only the kinds the stack declares on a device are compared there", () => {
  const stack = [declared(domain, expE, "gone.example")];
  const found = audit(stack, listing, auditScope(stack, listing.devices, undefined));
  // The domains of the Expressway-C are not the stack's business: it declares domains on the E only.
  expect(found.undeclared).toEqual([]);
  expect(found.gone.map((r) => r.id)).toEqual(["gone.example"]);
});

test("a resource whose device is not configured is not checked, and a kind not read proves nothing gone", () => {
  const elsewhere = { ...declared(domain, expC, "x"), deviceUrl: "https://other.example.com" };
  const unread = declared(descriptionFor("ExpresswayZone"), expC, "UT Zone");
  const found = audit([elsewhere, unread], listing, () => true);
  expect(found.unchecked).toEqual([elsewhere]);
  expect(found.gone).toEqual([]);
});
